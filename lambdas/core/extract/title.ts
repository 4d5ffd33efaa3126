/** Finding an article's title and stripping the site name that <title> tags append. */
import type { CheerioAPI } from 'cheerio/slim';
import type { Element } from 'domhandler';
import { cleanInline } from './text';

/** Suffixes seen on the sources we read; the generic rule below catches the rest. */
const KNOWN_SUFFIXES = [
  /[_\s]*[-_|－—][^-_|－—]{0,20}[-_|－—]\s*中国政府网\s*$/, // "_<栏目>_中国政府网"
  /\s*[-_|－—]\s*广州市[^-_|－—]{0,10}人民政府门户网站\s*$/,
  /\s*[-_|－—]\s*中国政府网\s*$/,
];

/** A trailing " - X" / "_X" / " | X" segment that names a site rather than continuing the title. */
const SITE_WORDS = /(网|网站|门户|政府|官网|客户端|报|频道|新闻|在线|首页|财经|科技|局|厅|委员会|办公室|栏目|政策|解读|要闻|动态|公告)$/;

/** Strips site-name suffixes such as " - 广州市人民政府门户网站" and "_政策解读_中国政府网". */
export function stripTitleSuffix(title: string): string {
  let t = cleanInline(title);
  for (const pattern of KNOWN_SUFFIXES) {
    const stripped = t.replace(pattern, '');
    if (stripped && stripped !== t) return stripped.trim();
  }
  // Generic: up to two short trailing segments after a separator that read like site names.
  for (let i = 0; i < 2; i += 1) {
    const m = /^(.+?)\s*(?:\s-\s|_|\s\|\s|｜|－|—)\s*([^_|｜－—]{1,20})$/.exec(t);
    if (!m || !SITE_WORDS.test(m[2]!.trim()) || m[1]!.trim().length < 2) break;
    t = m[1]!.trim();
  }
  return t;
}

/** Title elements on the templates we know, tried before any bare h1. */
const KNOWN_TITLE = [
  'h1.content_title',
  'h1.info_title',
  '#article_title',
  'h1#ti',
  '.share-title',
  '.article-hd h1',
  '.titleHead h1',
  '.article-title',
  '.article_title',
  'h1.barrier-free',
];

export function findTitle($: CheerioAPI, selector?: string): string | null {
  const first = (sel: string): string | null => {
    for (const el of $(sel).toArray()) {
      // A source may point at a <meta> tag: its text is in the content attribute.
      const text = cleanInline((el as Element).name === 'meta' ? ($(el).attr('content') ?? '') : $(el).text());
      if (text) return text;
    }
    return null;
  };
  const meta = (sel: string): string | null => cleanInline($(sel).first().attr('content') ?? '') || null;

  if (selector) {
    const own = first(selector);
    if (own) return stripTitleSuffix(own);
  }
  const fromMeta = meta('meta[name="ArticleTitle"]') ?? meta('meta[property="og:title"]') ?? meta('meta[name="og:title"]');
  if (fromMeta) return stripTitleSuffix(fromMeta);
  // One query tells whether any known template is present; only then try them in priority order.
  if ($(KNOWN_TITLE.join(', ')).length) {
    for (const sel of KNOWN_TITLE) {
      const text = first(sel);
      if (text) return text;
    }
  }
  const docTitle = stripTitleSuffix($('title').first().text());
  // A bare h1 is often the site logo: take the h1 that agrees with <title> if there is one.
  const h1s = $('h1')
    .toArray()
    .map((el) => cleanInline($(el).text()))
    .filter((t) => t.length > 0);
  const agreeing = h1s.find((t) => docTitle && (docTitle.includes(t) || t.includes(docTitle)) && t.length >= 2);
  if (agreeing) return agreeing;
  const outsideHeader = $('h1')
    .toArray()
    .filter((el) => $(el).closest('header, nav, .header, #header, .logo, .top').length === 0)
    .map((el) => cleanInline($(el).text()))
    .find((t) => t.length >= 4);
  if (outsideHeader) return outsideHeader;
  if (docTitle) return docTitle;
  // A body fragment (RSS full content, a pasted article) has no <title>: its first heading is one.
  const heading = $('h1, h2, h3, h4, h5, h6')
    .toArray()
    .map((el) => cleanInline($(el).text()))
    .find((t) => t.length > 0);
  return heading ?? null;
}
