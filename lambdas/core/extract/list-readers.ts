/**
 * One list reader per source type, in one table: adding a type means adding its reader here,
 * and the compiler refuses a type without one (the table is keyed by every SourceType).
 */
import { siteFailure } from '../errors';
import type { ListedItem, SourceDefinition, SourceType, SourceWarning } from '../types';
import { parseFeed } from './list-feed';
import { readHtmlList } from './list-html';
import { gkmlptApiFromIndex, parseGkmlptList, parseJsonList } from './list-json';

export interface ListPage {
  /** The URL the text came from (after redirects): relative links resolve against it. */
  url: string;
  text: string;
  contentType: string;
  /** When the page was read: relative dates (昨天 10:20, 3小时前) resolve against it. */
  now?: Date;
}

/** What one list page gave: its items, warnings for source health, and further lists to read. */
export interface ListRead {
  items: ListedItem[];
  warnings: SourceWarning[];
  /** Lists this page points to instead of listing items itself (a gkmlpt catalogue → its API). */
  follow: string[];
}

type SourceOf<T extends SourceType> = Extract<SourceDefinition, { type: T }>;
type ListReader<T extends SourceType> = (source: SourceOf<T>, page: ListPage) => ListRead | Promise<ListRead>;

const only = (items: ListedItem[]): ListRead => ({ items, warnings: [], follow: [] });

function looksLikeJson(page: ListPage): boolean {
  return /json/i.test(page.contentType) || /^\s*[[{]/.test(page.text.slice(0, 64));
}

export const LIST_READERS: { [T in SourceType]: ListReader<T> } = {
  html: (source, page) => ({ ...readHtmlList(page.text, page.url, source.list, source.match, page.now), follow: [] }),
  rss: async (_source, page) => only(await parseFeed(page.text, page.url)),
  json: (source, page) => only(parseJsonList(page.text, page.url, source.json, page.now)),
  gkmlpt: (source, page) => {
    if (looksLikeJson(page)) return only(parseGkmlptList(page.text, page.url));
    const api = gkmlptApiFromIndex(page.text, page.url);
    if (!api) throw siteFailure('extraction', `${page.url} is neither a gkmlpt API answer nor a catalogue page naming its SID`, page.url);
    return { items: [], warnings: [], follow: [api] };
  },
};

export function readerFor<S extends SourceDefinition>(source: S): ListReader<S['type']> {
  const reader = LIST_READERS[source.type] as ListReader<S['type']> | undefined;
  // Only reachable with a definition that bypassed the types (a hand-built object in JS).
  if (!reader) throw siteFailure('extraction', `source ${source.id} has unknown type ${String(source.type)}`);
  return reader;
}
