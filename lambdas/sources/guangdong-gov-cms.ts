import type { ArticleSelectors, HtmlListSpec, SourceDefinition, SourceKind } from '../core/types';

/**
 * Guangdong's government sites (gz.gov.cn, gxj, kjj, hp.gov.cn, gzns.gov.cn, gdii.gd.gov.cn...)
 * all run the same NFCMS platform: article URLs end in /content/post_<id>.html and pages carry the
 * national government-site meta tags (ArticleTitle, PubDate). Only the list container differs per site,
 * so a site module names its container and inherits everything else.
 */
export interface GuangdongCmsOptions {
  id: string;
  name: string;
  kind: SourceKind;
  listUrls: string[];
  /** CSS selector of the list's <ul> (or any element holding the <li> rows), e.g. ".news_list". */
  listContainer?: string;
  /** Extra article selectors for sites whose template differs (e.g. 黄埔's #zhengwen, h1.barrier-free). */
  article?: ArticleSelectors;
  maxArticles?: number;
  notes?: string;
}

/** Article links on every NFCMS column page; also used as the URL filter. */
export const NFCMS_POST_LINK = 'a[href*="/content/post_"]';
export const NFCMS_POST_URL = '/content/post_\\d+\\.html$';

/** Title and date from the standard meta tags first: they survive template redesigns. */
export const NFCMS_ARTICLE: Required<Pick<ArticleSelectors, 'title' | 'date' | 'body' | 'remove'>> = {
  title: 'meta[name="ArticleTitle"]',
  date: 'meta[name="PubDate"]',
  body: '#zoomcon, #zoom, .TRS_Editor, #zhengwen',
  // Font-size switches, share bars and print/close links sit inside some bodies.
  remove: ['.share', '.bdsharebuttonbox', '.content_share', '.font_size', 'script', 'style'],
};

export function guangdongCmsSource(options: GuangdongCmsOptions): SourceDefinition {
  const container = options.listContainer ?? 'ul';
  const list: HtmlListSpec = {
    item: `${container} li`,
    link: NFCMS_POST_LINK,
    // Rows carry the date in a <span>; lists without dates fall back to the page's PubDate meta.
    date: 'span',
  };
  const article: ArticleSelectors = {
    ...NFCMS_ARTICLE,
    ...options.article,
    remove: [...NFCMS_ARTICLE.remove, ...(options.article?.remove ?? [])],
  };
  return {
    id: options.id,
    name: options.name,
    kind: options.kind,
    type: 'html',
    urls: options.listUrls,
    list,
    match: NFCMS_POST_URL,
    article,
    maxArticles: options.maxArticles ?? 20,
    notes: options.notes ?? 'Guangdong NFCMS column page; UTF-8.',
  };
}
