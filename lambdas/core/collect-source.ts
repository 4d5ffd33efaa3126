/**
 * Collecting one source: read its lists, skip what the store already has, fetch and extract the
 * rest. Pure apart from the ports it is given (fetcher, isKnown), so tests drive it over a local
 * HTTP server and Lambda and CLI share it.
 */
import { canonicalUrl } from './canonical-url';
import { beijingDay } from './dates';
import { SourceFailure, siteFailure } from './errors';
import { extractArticle } from './extract/extract-article';
import { parseListPage } from './extract/list-page';
import type { Fetcher, FetchedPage } from './ports';
import type { ExtractedArticle, ListedItem, SourceDefinition } from './types';

export interface CollectDeps {
  fetcher: Fetcher;
  /** True when the store already holds this (canonical) URL: it is never fetched again. */
  isKnown(url: string): Promise<boolean>;
  /** When given, asked once for the whole list instead of `isKnown` per item (one batched read). */
  knownAmong?(urls: string[]): Promise<Set<string>>;
  log?(message: string): void;
  /** Epoch ms after which no new request starts. */
  deadline?: number;
  /** New articles fetched at most (newest first); defaults to the source's own limit, then 20. */
  maxArticles?: number;
  /**
   * Called with each article as soon as it is extracted. Calls run one after another but overlap
   * with fetching the next page, so storing costs no wall time while the host's politeness delay
   * runs. An error here fails the source once the fetching is done.
   */
  onArticle?(article: ExtractedArticle): Promise<void>;
  /**
   * Policy sources: a listed document the store already holds is fetched again with its stored
   * validators (a conditional GET). `onRevisit` gets the page when it came back with content (200),
   * so the caller can tell whether the document changed; a 304 costs nothing more.
   */
  revisit?: {
    validators(url: string): Promise<{ etag?: string; lastModified?: string } | undefined>;
    onRevisit(article: ExtractedArticle): Promise<void>;
  };
}

export interface CollectResult {
  listed: ListedItem[];
  articles: ExtractedArticle[];
  skippedKnown: number;
  /** Known documents fetched again: unchanged (304) or handed to onRevisit (200). */
  revisited: { notModified: number; fetched: number };
  failedArticles: { url: string; error: string }[];
}

const DEFAULT_MAX_ARTICLES = 20;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function checkStatus(page: FetchedPage, url: string): void {
  // The fetcher throws on HTTP errors; this guards a fetcher that hands them back instead.
  if (page.status >= 400) throw siteFailure('http', `HTTP ${page.status} from ${url}`, url);
}

/** Newest first; undated items keep their list order after the dated ones. */
function newestFirst(items: ListedItem[]): ListedItem[] {
  const dated = items.filter((i) => i.publishedAt).sort((a, b) => (a.publishedAt! < b.publishedAt! ? 1 : a.publishedAt! > b.publishedAt! ? -1 : 0));
  return [...dated, ...items.filter((i) => !i.publishedAt)];
}

/**
 * A list or API date is authoritative for the day; the page's own timestamp refines it when it
 * falls on the same Beijing day.
 */
function chooseDate(listed: string | undefined, page: string | null): string | null {
  if (listed && page) return beijingDay(listed) === beijingDay(page) ? page : listed;
  return page ?? listed ?? null;
}

/** The article of a fetched page, with what the list knew filling the gaps, and its validators. */
function toArticle(source: SourceDefinition, item: ListedItem, page: FetchedPage): ExtractedArticle {
  const extracted = extractArticle(page.text, item.url, {
    selectors: source.article,
    source: source.id,
    fallback: { title: item.title, publishedAt: item.publishedAt, body: item.body ?? item.summary },
  });
  const meta = { ...extracted.meta, ...item.meta };
  const article: ExtractedArticle = { ...extracted, url: item.url, publishedAt: chooseDate(item.publishedAt, extracted.publishedAt), source: source.id };
  if (Object.keys(meta).length) article.meta = meta;
  else delete article.meta;
  if (page.etag || page.lastModified) article.validators = { etag: page.etag, lastModified: page.lastModified };
  return article;
}

async function listAll(source: SourceDefinition, deps: CollectDeps): Promise<ListedItem[]> {
  const log = deps.log ?? (() => undefined);
  const items: ListedItem[] = [];
  let firstFailure: unknown = null;
  let succeeded = 0;
  for (const url of source.urls) {
    if (deps.deadline !== undefined && Date.now() >= deps.deadline) {
      firstFailure ??= siteFailure('budget', `time budget spent before listing ${url}`, url);
      break;
    }
    try {
      const page = await deps.fetcher.get(url, { headers: source.headers, deadline: deps.deadline });
      checkStatus(page, url);
      const found = await parseListPage(source, { url: page.url || url, text: page.text, contentType: page.contentType });
      log(`${found.length} items listed at ${url}`);
      items.push(...found);
      succeeded += 1;
    } catch (error) {
      // One broken entry point among several is logged; the source fails only if all do (and
      // then its one failure line says why, so a single-list source is not reported twice).
      if (source.urls.length > 1) log(`listing failed at ${url}: ${message(error)}`);
      firstFailure ??= error;
    }
  }
  if (succeeded === 0 && firstFailure) {
    if (firstFailure instanceof SourceFailure) throw firstFailure;
    throw siteFailure('extraction', `listing ${source.urls[0] ?? source.id} failed: ${message(firstFailure)}`, source.urls[0]);
  }
  const seen = new Set<string>();
  return items.filter((item) => {
    const url = canonicalUrl(item.url);
    if (seen.has(url)) return false;
    seen.add(url);
    return true;
  });
}

export async function collectSource(source: SourceDefinition, deps: CollectDeps): Promise<CollectResult> {
  const log = deps.log ?? (() => undefined);
  const listed = await listAll(source, deps);
  if (listed.length === 0) {
    throw siteFailure('no-items', `no items found at ${source.urls.join(', ')} (list empty or its layout changed)`, source.urls[0]);
  }

  const max = deps.maxArticles ?? source.maxArticles ?? DEFAULT_MAX_ARTICLES;
  const articles: ExtractedArticle[] = [];
  const failedArticles: { url: string; error: string }[] = [];
  let skippedKnown = 0;
  let attempted = 0;
  let handled: Promise<void> = Promise.resolve();
  const accept = (article: ExtractedArticle) => {
    articles.push(article);
    if (deps.onArticle) {
      const onArticle = deps.onArticle;
      handled = handled.then(() => onArticle(article));
      // Surfaced by the await below; this keeps Node from reporting it as unhandled meanwhile.
      handled.catch(() => undefined);
    }
  };

  const ordered = newestFirst(listed);
  const known = deps.knownAmong ? await deps.knownAmong(ordered.map((item) => item.url)) : undefined;
  const revisited = { notModified: 0, fetched: 0 };
  const revisits: ListedItem[] = [];
  for (const item of ordered) {
    if (known ? known.has(item.url) : await deps.isKnown(item.url)) {
      skippedKnown += 1;
      if (deps.revisit && source.kind === 'policy') revisits.push(item);
      continue;
    }
    if (attempted >= max) continue;
    attempted += 1;

    // Feeds that carry the full text need no page fetch.
    if (item.body && item.title) {
      const article: ExtractedArticle = { url: item.url, title: item.title, publishedAt: item.publishedAt ?? null, body: item.body, source: source.id };
      if (item.meta) article.meta = { ...item.meta };
      accept(article);
      continue;
    }
    if (deps.deadline !== undefined && Date.now() >= deps.deadline) {
      log(`time budget spent: ${item.url} and later items left for the next run`);
      break;
    }
    try {
      const page = await deps.fetcher.get(item.url, { headers: source.headers, deadline: deps.deadline });
      checkStatus(page, item.url);
      accept(toArticle(source, item, page));
    } catch (error) {
      if (error instanceof SourceFailure && error.failureClass === 'budget') {
        log(`time budget spent at ${item.url}`);
        break;
      }
      log(`article failed: ${item.url}: ${message(error)}`);
      failedArticles.push({ url: item.url, error: message(error) });
    }
  }

  for (const item of revisits.slice(0, max)) {
    if (deps.deadline !== undefined && Date.now() >= deps.deadline) break;
    // The stored validators come from the store: a failure there is infrastructure, not the site's.
    const validators = await deps.revisit!.validators(item.url);
    try {
      // A document with no stored validators is fetched whole; the caller compares its hash.
      const page = await deps.fetcher.get(item.url, { headers: source.headers, deadline: deps.deadline, ...validators });
      if (page.notModified) {
        revisited.notModified += 1;
        continue;
      }
      checkStatus(page, item.url);
      revisited.fetched += 1;
      const article = toArticle(source, item, page);
      handled = handled.then(() => deps.revisit!.onRevisit(article));
      handled.catch(() => undefined);
    } catch (error) {
      if (error instanceof SourceFailure && error.failureClass === 'budget') break;
      // A known document that cannot be re-read stays as stored; the next run tries again.
      log(`re-check failed: ${item.url}: ${message(error)}`);
    }
  }

  await handled;
  if (articles.length === 0 && failedArticles.length > 0) {
    const first = failedArticles[0]!;
    throw siteFailure('extraction', `all ${failedArticles.length} new articles failed; first: ${first.url}: ${first.error}`, first.url);
  }
  return { listed, articles, skippedKnown, failedArticles, revisited };
}
