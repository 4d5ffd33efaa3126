/** A list page, feed or API response → the items it lists, URLs absolute, canonical and unique. */
import { canonicalUrl } from '../canonical-url';
import { siteFailure } from '../errors';
import type { ListedItem, SourceDefinition } from '../types';
import { parseHtmlList } from './list-html';
import { parseGkmlptList, parseJsonList } from './list-json';
import { parseFeed } from './list-feed';

export interface ListPage {
  /** The URL the text came from (after redirects): relative links resolve against it. */
  url: string;
  text: string;
  contentType: string;
}

/** Keeps the first item per canonical URL, filling its gaps from later duplicates. */
function dedupe(items: ListedItem[]): ListedItem[] {
  const byUrl = new Map<string, ListedItem>();
  for (const item of items) {
    const url = canonicalUrl(item.url);
    const seen = byUrl.get(url);
    if (!seen) {
      byUrl.set(url, { ...item, url });
      continue;
    }
    // An image link and a text link often point at the same story: keep the text.
    if (!seen.title && item.title) seen.title = item.title;
    if (!seen.publishedAt && item.publishedAt) seen.publishedAt = item.publishedAt;
    if (!seen.summary && item.summary) seen.summary = item.summary;
    if (!seen.body && item.body) seen.body = item.body;
    if (item.meta) seen.meta = { ...item.meta, ...seen.meta };
  }
  return [...byUrl.values()];
}

/**
 * Async for callers that may later read feeds or APIs asynchronously.
 * `match` (when set) filters the URLs of every list type.
 */
export async function parseListPage(source: SourceDefinition, page: ListPage): Promise<ListedItem[]> {
  let items: ListedItem[];
  switch (source.type) {
    case 'html':
      items = parseHtmlList(page.text, page.url, source.list, source.match);
      break;
    case 'rss':
      items = await parseFeed(page.text, page.url);
      break;
    case 'json':
      if (!source.json) throw siteFailure('extraction', `source ${source.id} has type json but no json spec`, page.url);
      items = parseJsonList(page.text, page.url, source.json);
      break;
    case 'gkmlpt':
      items = parseGkmlptList(page.text, page.url);
      break;
    default:
      throw siteFailure('extraction', `source ${source.id} has unknown type ${String(source.type)}`, page.url);
  }
  items = dedupe(items);
  if (source.type !== 'html' && source.match) {
    const re = new RegExp(source.match);
    items = items.filter((item) => re.test(item.url));
  }
  return items;
}
