/** Article links on an HTML list page: by the source's selectors, or every same-site link that passes `match`. */
import type { CheerioAPI, Cheerio } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { absoluteUrl, canonicalUrl } from '../canonical-url';
import { dateFromUrl, parseChineseDate } from '../dates';
import type { HtmlListSpec, ListedItem, SourceWarning } from '../types';
import { cleanInline, loadHtml } from './text';

/**
 * example.gz.gov.cn → gz.gov.cn, news.southcn.com → southcn.com: a list on economy.southcn.com
 * links to news.southcn.com, while mirrors on other domains must not pass.
 */
export function siteOf(hostname: string): string {
  const labels = hostname.toLowerCase().split('.');
  const n = labels.length;
  if (n >= 3 && labels[n - 1]!.length === 2 && /^(com|gov|edu|org|net|ac)$/.test(labels[n - 2]!)) return labels.slice(n - 3).join('.');
  return labels.slice(Math.max(0, n - 2)).join('.');
}

/** Without `match`, a link must look like an article: a numbered .htm(l)/.shtml page. */
const ARTICLE_LIKE = /\d{3,}[^/]*\.(s?html?)$/i;

function linkTitle($: CheerioAPI, a: Cheerio<Element>): string {
  // gz.gov.cn truncates link text ("…") and keeps the full title in the attribute.
  return cleanInline(a.attr('title') ?? '') || cleanInline(a.text());
}

/** The first date in the row the link sits in, leaving out the link's own text (a title may name a year). */
function rowDate($: CheerioAPI, a: Cheerio<Element>, now?: Date): string | null {
  const row = a.closest('li, tr, dd, dt');
  const scope: Cheerio<AnyNode> = row.length ? row : a.parent();
  const copy = scope.clone();
  copy.find('a').remove();
  const text = cleanInline(copy.text());
  return text.length <= 200 ? parseChineseDate(text, now) : null;
}

function matcher(pattern: string | undefined): (url: string) => boolean {
  if (!pattern) return () => true;
  const re = new RegExp(pattern);
  return (url) => re.test(url);
}

/** `now` is when the page was read: rows dated 昨天 10:20 or 11月26日 resolve against it. */
export function parseHtmlList(html: string, pageUrl: string, spec: HtmlListSpec | undefined, match: string | undefined, now?: Date): ListedItem[] {
  return readHtmlList(html, pageUrl, spec, match, now).items;
}

/**
 * The list by its selectors; when they find nothing although the page links to URLs passing
 * `match`, those links are taken and the result says the layout changed — loudly, so the
 * selectors get fixed before the fallback's guesses (no row dates, stray links) matter.
 */
export function readHtmlList(
  html: string,
  pageUrl: string,
  spec: HtmlListSpec | undefined,
  match: string | undefined,
  now?: Date,
): { items: ListedItem[]; warnings: SourceWarning[] } {
  const $ = loadHtml(html);
  const passes = matcher(match);
  const items: ListedItem[] = [];
  const add = (href: string | undefined, title: string, dateText: string | null, a: Cheerio<Element>): void => {
    const absolute = absoluteUrl(href, pageUrl);
    // match is written against the article URL, not its tracking-tagged variants.
    const url = absolute ? canonicalUrl(absolute) : null;
    if (!url || !passes(url)) return;
    const item: ListedItem = { url };
    if (title) item.title = title;
    const publishedAt = (dateText ? parseChineseDate(dateText, now) : null) ?? rowDate($, a, now) ?? dateFromUrl(url);
    if (publishedAt) item.publishedAt = publishedAt;
    items.push(item);
  };

  if (spec) {
    $(spec.item).each((_, node) => {
      const row = $(node);
      const a = (row.is(spec.link) ? row : row.find(spec.link)).first() as Cheerio<Element>;
      if (!a.length) return;
      const title = spec.title ? cleanInline(row.find(spec.title).first().text()) || linkTitle($, a) : linkTitle($, a);
      const dateText = spec.date ? cleanInline(row.find(spec.date).not('a').last().text()) || null : null;
      add(a.attr('href'), title, dateText, a);
    });
    if (items.length || !match) return { items, warnings: [] };
  }

  const site = siteOf(new URL(pageUrl).hostname);
  $('a[href]').each((_, node) => {
    const a = $(node) as Cheerio<Element>;
    const url = absoluteUrl(a.attr('href'), pageUrl);
    if (!url || siteOf(new URL(url).hostname) !== site) return;
    if (!match && !ARTICLE_LIKE.test(new URL(url).pathname)) return;
    add(a.attr('href'), linkTitle($, a), null, a);
  });
  if (!spec || !items.length) return { items, warnings: [] };
  const message = `页面可能已改版：列表选择器 "${spec.item}" 没有找到条目，改取了符合 match 的 ${items.length} 个链接 (${pageUrl})`;
  return { items, warnings: [{ kind: 'layout-changed', message, url: pageUrl }] };
}
