/** A list page, feed or API response → the items it lists, URLs absolute, canonical and unique. */
import { canonicalUrl } from '../canonical-url';
import type { ListedItem, SourceDefinition } from '../types';
import { readerFor, type ListPage, type ListRead } from './list-readers';

export type { ListPage, ListRead } from './list-readers';

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
 * Reads one list page with its type's reader (list-readers.ts). `match` (when set) filters the
 * URLs of every list type; html lists apply it while reading.
 */
export async function readListPage(source: SourceDefinition, page: ListPage): Promise<ListRead> {
  const read = await readerFor(source)(source, page);
  let items = dedupe(read.items);
  if (source.type !== 'html' && source.match) {
    const re = new RegExp(source.match);
    items = items.filter((item) => re.test(item.url));
  }
  return { ...read, items };
}

/** The items of one list page (see readListPage for its warnings and followed lists). */
export async function parseListPage(source: SourceDefinition, page: ListPage): Promise<ListedItem[]> {
  return (await readListPage(source, page)).items;
}
