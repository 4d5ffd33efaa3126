/**
 * When an article was published. Order (sources.md §7): the day in the URL path, then the
 * page's metadata, then a labelled line (发布时间：…). A date inside the title (a plan "2024年…")
 * is never taken. A metadata timestamp on the URL's day refines it with the time of day.
 */
import type { CheerioAPI } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { beijingDay, dateFromUrl, parseChineseDate } from '../dates';
import { cleanInline } from './text';

const META_DATES = [
  'meta[name="PubDate"]',
  'meta[name="pubdate"]',
  'meta[name="firstpublishedtime"]',
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[name="publishdate"]',
  'meta[name="publish_date"]',
  'meta[property="og:release_date"]',
];

/** Elements that hold nothing but the publication time on the templates we know. */
const DATE_ELEMENTS = ['#pubtime_baidu', '.pub_time', '.pubtime', 'span.article-create_time', '.pages-date', '.content_attr', '.info_fbt', '.article-info-div', 'span.time'];
/** Generic classes that list pages and sidebars also use: trusted only when the page has one. */
const LONE_DATE_ELEMENTS = ['.date', '.time', '.pubdate'];

/** A label, then a date. 成文日期 is deliberately absent: it is when a document was signed, not published. */
const LABELLED = /(发布时间|发布日期|发表时间|发文时间|公开日期|日期|时间)\s*[:：]\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?)/;

function fromMeta($: CheerioAPI): string | null {
  for (const sel of META_DATES) {
    const content = $(sel).first().attr('content');
    const iso = content ? parseChineseDate(content) : null;
    if (iso) return iso;
  }
  return null;
}

/** Page text without head, headings and scripts, read without cloning the document. */
function textOutsideHeadings(nodes: AnyNode[]): string {
  const out: string[] = [];
  const walk = (list: AnyNode[]): void => {
    for (const node of list) {
      if (node.type === 'text') out.push(node.data);
      else if (node.type === 'root' || (node.type === 'tag' && !SKIP_FOR_DATES.has(node.name))) {
        walk(node.children);
        out.push(' ');
      }
    }
  };
  walk(nodes);
  return out.join('');
}

const SKIP_FOR_DATES = new Set(['head', 'title', 'h1', 'h2', 'script', 'style', 'noscript']);

function fromText($: CheerioAPI, title: string): string | null {
  const notTitle = (text: string): string => (title ? text.split(title).join(' ') : text);
  const anyDateElement = $(DATE_ELEMENTS.join(', ')).length > 0;
  for (const sel of anyDateElement ? DATE_ELEMENTS : []) {
    for (const el of $(sel).toArray()) {
      if ($(el).closest('h1, h2, title').length) continue;
      const text = notTitle(cleanInline($(el).text()));
      const labelled = LABELLED.exec(text);
      const iso = parseChineseDate(labelled ? labelled[2]! : text.length <= 40 ? text : '');
      if (iso) return iso;
    }
  }
  // A labelled date anywhere outside headings and the title.
  const labelled = LABELLED.exec(notTitle(cleanInline(textOutsideHeadings($.root().toArray()))));
  const iso = labelled ? parseChineseDate(labelled[2]!) : null;
  if (iso) return iso;
  for (const sel of LONE_DATE_ELEMENTS) {
    const found = $(sel);
    if (found.length !== 1) continue;
    const text = notTitle(cleanInline(found.text()));
    const lone = text.length <= 40 ? parseChineseDate(text) : null;
    if (lone) return lone;
  }
  return null;
}

/** `now` (when the page was read) lets a source's own date element say 昨天 10:20 or 3小时前. */
export function findPublished($: CheerioAPI, url: string, title: string, selector?: string, now?: Date): string | null {
  if (selector) {
    for (const el of $(selector).toArray()) {
      const text = cleanInline((el as Element).name === 'meta' ? ($(el).attr('content') ?? '') : $(el).text());
      const labelled = LABELLED.exec(text);
      const iso = text ? parseChineseDate(labelled ? labelled[2]! : text, now) : null;
      if (iso) return refine(iso, url);
    }
  }
  const fromPage = fromMeta($) ?? fromText($, title);
  return fromPage ? refine(fromPage, url) : dateFromUrl(url);
}

/** The URL's day wins over a page date on another day (a reprint); on the same day the page's time refines it. */
function refine(fromPage: string, url: string): string {
  const fromUrl = dateFromUrl(url);
  if (!fromUrl) return fromPage;
  return beijingDay(fromUrl) === beijingDay(fromPage) ? fromPage : fromUrl;
}
