/**
 * Collecting one source: read its lists, skip what the store already has, fetch and extract the
 * rest. Pure apart from the ports it is given (fetcher, isKnown), so tests drive it over a local
 * HTTP server and Lambda and CLI share it.
 */
import { canonicalUrl } from './canonical-url';
import { beijingDay } from './dates';
import { SourceFailure, siteFailure } from './errors';
import { extractArticle } from './extract/extract-article';
import { readListPage } from './extract/list-page';
import type { Fetcher, FetchedPage } from './ports';
import type { ExtractedArticle, ListedItem, NextPageSpec, SourceDefinition, SourceWarning } from './types';

export interface ListValidators {
  etag?: string;
  lastModified?: string;
}

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
  /** The clock of the caller: relative dates on lists and pages (昨天 10:20, 3小时前) resolve against it. */
  now?(): Date;
  /**
   * Conditional GET of list pages: the validators stored for a list URL. A 304 means nothing new
   * there (not a failure). New validators are handed to `saveListValidators` only once every new
   * item of the run was handled, so items left for a later run are not hidden behind a 304.
   */
  listValidators?(url: string): Promise<ListValidators | undefined>;
  saveListValidators?(url: string, validators: ListValidators): Promise<void>;
}

export interface CollectResult {
  listed: ListedItem[];
  articles: ExtractedArticle[];
  skippedKnown: number;
  /** Known documents fetched again: unchanged (304) or handed to onRevisit (200). */
  revisited: { notModified: number; fetched: number };
  failedArticles: { url: string; error: string }[];
  /** Things health should show although the run succeeded (a list whose layout changed). */
  warnings: SourceWarning[];
  /** List URLs that answered 304 Not Modified. */
  unchangedLists: number;
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

/** Fewer non-space characters than this, and a page's text is no article (see toArticle). */
const SHORT_PAGE_TEXT = 20;

/** What the list or API itself says about an item, as an article: for pages that cannot be read. */
function fromListing(source: SourceDefinition, item: ListedItem): ExtractedArticle | null {
  const body = item.body ?? item.summary;
  if (!item.title || !body) return null;
  const article: ExtractedArticle = { url: item.url, title: item.title, publishedAt: item.publishedAt ?? null, body, source: source.id };
  if (item.meta) article.meta = { ...item.meta };
  return article;
}

/** The article of a fetched page, with what the list knew filling the gaps, and its validators. */
function toArticle(source: SourceDefinition, item: ListedItem, page: FetchedPage, now?: Date): ExtractedArticle {
  let extracted: ExtractedArticle;
  try {
    extracted = extractArticle(page.text, item.url, {
      selectors: source.article,
      source: source.id,
      // No body fallback here: a page without text of its own (an anti-bot JS challenge, as
      // news.ycwb.com serves some clients) must not pass for a read page.
      fallback: { title: item.title, publishedAt: item.publishedAt, body: item.body },
      now,
    });
  } catch (error) {
    // The list or API already gave title, time and a summary: better than no article.
    const fallback = error instanceof SourceFailure && error.failureClass === 'extraction' ? fromListing(source, item) : null;
    if (!fallback) throw error;
    return fallback;
  }
  // A page whose own text is a line or two (a challenge page's "正在验证…") tells less than the
  // list's abstract: the listing stands in.
  const listing = extracted.body.replace(/\s/g, '').length < SHORT_PAGE_TEXT ? fromListing(source, item) : null;
  if (listing && listing.body.length > extracted.body.length) return listing;
  const meta = { ...extracted.meta, ...item.meta };
  const article: ExtractedArticle = { ...extracted, url: item.url, publishedAt: chooseDate(item.publishedAt, extracted.publishedAt), source: source.id };
  if (Object.keys(meta).length) article.meta = meta;
  else delete article.meta;
  if (page.etag || page.lastModified) article.validators = { etag: page.etag, lastModified: page.lastModified };
  return article;
}

/** The URL of page `n` (2, 3…) of a list whose first page was read at `firstUrl`. */
export function nthPageUrl(spec: NextPageSpec, firstUrl: string, n: number): string {
  const number = String((spec.first ?? 2) + (n - 2));
  if (spec.param) {
    const url = new URL(firstUrl);
    url.searchParams.set(spec.param, number);
    return url.toString();
  }
  return new URL((spec.url ?? '').replace('{n}', number), firstUrl).toString();
}

interface Listing {
  items: ListedItem[];
  /** Canonical URLs the store already holds, for every listed item whose status was asked. */
  known: Set<string>;
  asked: Set<string>;
  warnings: SourceWarning[];
  unchangedLists: number;
  /** Validators to store for list URLs once the run has handled everything new. */
  validators: Map<string, ListValidators>;
}

async function knownOf(deps: CollectDeps, listing: Listing, urls: string[]): Promise<void> {
  const ask = urls.filter((url) => !listing.asked.has(url));
  if (!ask.length) return;
  const known = deps.knownAmong ? await deps.knownAmong(ask) : new Set((await Promise.all(ask.map(async (u) => ((await deps.isKnown(u)) ? u : null)))).filter((u): u is string => !!u));
  for (const url of ask) {
    listing.asked.add(url);
    if (known.has(url)) listing.known.add(url);
  }
}

/** Lists a gkmlpt catalogue page may point to are followed this deep at most. */
const MAX_FOLLOW = 2;

async function listAll(source: SourceDefinition, deps: CollectDeps): Promise<Listing> {
  const log = deps.log ?? (() => undefined);
  const listing: Listing = { items: [], known: new Set(), asked: new Set(), warnings: [], unchangedLists: 0, validators: new Map() };
  let firstFailure: unknown = null;
  let succeeded = 0;
  const spent = () => deps.deadline !== undefined && Date.now() >= deps.deadline;

  /** One list URL (and what it points to); page 1 failures propagate, later pages only log. */
  const readList = async (url: string, depth: number): Promise<{ items: ListedItem[]; readUrl: string } | 'unchanged'> => {
    const validators = deps.listValidators ? await deps.listValidators(url) : undefined;
    const page = await deps.fetcher.get(url, { headers: source.headers, deadline: deps.deadline, ...validators });
    if (page.notModified) return 'unchanged';
    checkStatus(page, url);
    const read = await readListPage(source, { url: page.url || url, text: page.text, contentType: page.contentType, now: deps.now?.() });
    listing.warnings.push(...read.warnings);
    // A page that only points elsewhere (a gkmlpt catalogue) may stay the same while its API
    // lists new documents: it is always fetched whole, only pages that list items go conditional.
    if ((page.etag || page.lastModified) && !read.follow.length) listing.validators.set(url, { etag: page.etag, lastModified: page.lastModified });
    let items = read.items;
    let readUrl = url;
    for (const next of read.follow.slice(0, 1)) {
      if (depth >= MAX_FOLLOW) throw siteFailure('extraction', `${url} points to further lists too deep`, url);
      const followed = await readList(next, depth + 1);
      if (followed === 'unchanged') return 'unchanged';
      items = [...items, ...followed.items];
      readUrl = followed.readUrl;
    }
    return { items, readUrl };
  };

  for (const url of source.urls) {
    if (spent()) {
      firstFailure ??= siteFailure('budget', `time budget spent before listing ${url}`, url);
      break;
    }
    try {
      const first = await readList(url, 0);
      succeeded += 1;
      if (first === 'unchanged') {
        listing.unchangedLists += 1;
        log(`unchanged since the last run (304): ${url}`);
        continue;
      }
      log(`${first.items.length} items listed at ${url}`);
      listing.items.push(...first.items);
      // A busy day: page 1 is all new, so page 2 may hold more new items; read on up to the bound.
      const spec = source.nextPage;
      let pageItems = first.items;
      for (let n = 2; spec && n <= spec.maxPages && pageItems.length && !spent(); n++) {
        await knownOf(deps, listing, pageItems.map((i) => i.url));
        if (pageItems.some((i) => listing.known.has(i.url))) break;
        const next = nthPageUrl(spec, first.readUrl, n);
        try {
          const page = await readList(next, MAX_FOLLOW);
          if (page === 'unchanged') break;
          pageItems = page.items.filter((i) => !listing.items.some((seen) => canonicalUrl(seen.url) === canonicalUrl(i.url)));
          log(`${pageItems.length} more items on page ${n} at ${next}`);
          listing.items.push(...pageItems);
        } catch (error) {
          // Some gkmlpt sites answer page 2 with a 404: the first page is all there is.
          log(`page ${n} not read at ${next}: ${message(error)}`);
          break;
        }
      }
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
  listing.items = listing.items.filter((item) => {
    const url = canonicalUrl(item.url);
    if (seen.has(url)) return false;
    seen.add(url);
    return true;
  });
  return listing;
}

export async function collectSource(source: SourceDefinition, deps: CollectDeps): Promise<CollectResult> {
  const log = deps.log ?? (() => undefined);
  const listing = await listAll(source, deps);
  const listed = listing.items;
  const { warnings, unchangedLists } = listing;
  for (const warning of warnings) log(`${warning.kind}: ${warning.message}`);
  const saveValidators = async () => {
    if (!deps.saveListValidators) return;
    for (const [url, validators] of listing.validators) await deps.saveListValidators(url, validators);
  };
  if (listed.length === 0) {
    // Every list unchanged since the last run (304): nothing new, and nothing wrong.
    if (unchangedLists > 0) return { listed, articles: [], skippedKnown: 0, failedArticles: [], revisited: { notModified: 0, fetched: 0 }, warnings, unchangedLists };
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
  await knownOf(deps, listing, ordered.map((item) => item.url));
  const known = listing.known;
  const now = deps.now?.();
  let leftForLater = 0;
  const revisited = { notModified: 0, fetched: 0 };
  const revisits: ListedItem[] = [];
  for (const item of ordered) {
    if (known.has(item.url)) {
      skippedKnown += 1;
      if (deps.revisit && source.kind === 'policy') revisits.push(item);
      continue;
    }
    if (attempted >= max) {
      leftForLater += 1;
      continue;
    }
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
      leftForLater += 1;
      break;
    }
    try {
      const page = await deps.fetcher.get(item.url, { headers: source.headers, deadline: deps.deadline });
      checkStatus(page, item.url);
      accept(toArticle(source, item, page, now));
    } catch (error) {
      if (error instanceof SourceFailure && error.failureClass === 'budget') {
        log(`time budget spent at ${item.url}`);
        leftForLater += 1;
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
      const article = toArticle(source, item, page, now);
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
  // Only a run that handled every new item may let the next one skip these lists on a 304.
  if (leftForLater === 0 && failedArticles.length === 0) await saveValidators();
  return { listed, articles, skippedKnown, failedArticles, revisited, warnings, unchangedLists };
}
