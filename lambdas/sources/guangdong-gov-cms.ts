import type { ArticleSelectors, GkmlptSourceDefinition, HtmlListSpec, NextPageSpec, SourceDefinition, SourceKind } from '../core/types';

/**
 * Guangdong's government sites (gz.gov.cn, gxj, kjj, hp.gov.cn, gzns.gov.cn, gdii.gd.gov.cn...)
 * all run the same NFCMS platform: article URLs end in /content/post_<id>.html (mirrored posts in
 * /content/mpost_<id>.html) and pages carry the national government-site meta tags (ArticleTitle,
 * PubDate). Only the list container differs per site, so a site module names its container and
 * inherits everything else.
 */
export interface GuangdongCmsOptions {
  id: string;
  name: string;
  kind: SourceKind;
  listUrls: string[];
  /** CSS selector of the list's <ul> (or any element holding the <li> rows), e.g. ".news_list". */
  listContainer?: string;
  /** Where the row's date is (default: any <span> in the row). */
  rowDate?: string;
  /** Extra article selectors for sites whose template differs (e.g. 黄埔's #zhengwen, h1.barrier-free). */
  article?: ArticleSelectors;
  /** Page 2 and on; default index_2.html, index_3.html (gz.gov.cn), up to 3 pages. */
  nextPage?: NextPageSpec;
  maxArticles?: number;
  headers?: Record<string, string>;
  notes?: string;
  reference: string;
}

/** Article links on every NFCMS column page, originals and mirrored posts; also the URL filter. */
export const NFCMS_POST_LINK = 'a[href*="/content/post_"], a[href*="/content/mpost_"]';
export const NFCMS_POST_URL = '/content/m?post_\\d+\\.html$';
/** gkmlpt detail pages, which mirror posts the same way. */
export const GKMLPT_POST_URL = '/gkmlpt/content/\\d+/\\d+/m?post_\\d+\\.html$';

/** Title and date from the standard meta tags first: they survive template redesigns. */
export const NFCMS_ARTICLE: Required<Pick<ArticleSelectors, 'title' | 'date' | 'body' | 'remove'>> = {
  title: 'meta[name="ArticleTitle"]',
  date: 'meta[name="PubDate"]',
  body: '#zoomcon, #zoom, .TRS_Editor, #zhengwen',
  // Font-size switches, share bars and print/close links sit inside some bodies.
  remove: ['.share', '.bdsharebuttonbox', '.content_share', '.font_size', 'script', 'style'],
};

/** gz.gov.cn: page 1 is the column root, page N≥2 is index_N.html (index_1.html is a 404). */
export const NFCMS_NEXT_PAGE: NextPageSpec = { url: 'index_{n}.html', first: 2, maxPages: 3 };

export function guangdongCmsSource(options: GuangdongCmsOptions): SourceDefinition {
  const container = options.listContainer ?? 'ul';
  const list: HtmlListSpec = {
    item: `${container} li`,
    link: NFCMS_POST_LINK,
    // Rows carry the date in a <span>; lists without dates fall back to the page's PubDate meta.
    date: options.rowDate ?? 'span',
  };
  const article: ArticleSelectors = {
    ...NFCMS_ARTICLE,
    ...options.article,
    remove: [...NFCMS_ARTICLE.remove, ...(options.article?.remove ?? [])],
  };
  const source: SourceDefinition = {
    id: options.id,
    name: options.name,
    kind: options.kind,
    type: 'html',
    urls: options.listUrls,
    list,
    match: NFCMS_POST_URL,
    article,
    nextPage: options.nextPage ?? NFCMS_NEXT_PAGE,
    maxArticles: options.maxArticles ?? 20,
    notes: options.notes ?? 'Guangdong NFCMS column page; UTF-8.',
    reference: options.reference,
  };
  if (options.headers) source.headers = options.headers;
  return source;
}

export interface GkmlptOptions {
  id: string;
  name: string;
  /** The API (`…/gkmlpt/api/all/<cat>?page=1&sid=<sid>`) or the catalogue page (`…/gkmlpt/index`). */
  url: string;
  headers?: Record<string, string>;
  notes?: string;
  reference: string;
}

/**
 * A site's 政府信息公开目录. Given the catalogue page, the SID is read from its window._CONFIG
 * at every run, so a department site's own SID needs no hard-coding. Detail pages hold the
 * body only as window._CONFIG.DETAIL.content (the extractor reads it).
 */
export function gkmlptSource(options: GkmlptOptions): GkmlptSourceDefinition {
  const source: GkmlptSourceDefinition = {
    id: options.id,
    name: options.name,
    kind: 'policy',
    type: 'gkmlpt',
    urls: [options.url],
    match: GKMLPT_POST_URL,
    article: { title: 'meta[name="ArticleTitle"]', date: 'meta[name="PubDate"]' },
    // ~100 documents a page; some sites answer page 2 with a 404, which only ends the paging.
    nextPage: { param: 'page', first: 2, maxPages: 2 },
    maxArticles: 20,
    notes: options.notes ?? 'gkmlpt catalogue; keep requests ≥1 s apart.',
    reference: options.reference,
  };
  if (options.headers) source.headers = options.headers;
  return source;
}
