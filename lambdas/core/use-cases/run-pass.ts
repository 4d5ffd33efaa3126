import { articleIdForUrl } from '../article-id';
import { collectSource } from '../collect-source';
import { SourceFailure } from '../errors';
import { buildMatcher } from '../matcher';
import type { Fetcher, Store } from '../ports';
import { alertOnHealthChange, retryUnsentAdminAlerts, type HealthChange, type SourceAlertDeps } from './source-alerts';
import type { ExtractedArticle, Mention, SourceDefinition, SourceRunResult, StoredArticle } from '../types';

/** What a pass needs of the matcher: built once per pass from the enabled watchlist. */
export interface DocumentMatcher {
  matchDocument(doc: { title: string; body: string }): Mention[];
}

export interface PassDeps {
  store: Store;
  fetcher: Fetcher;
  now(): Date;
  log(line: string): void;
  /** Where source-health alerts go; without it, health is only recorded. */
  alerts?: SourceAlertDeps;
}

export interface PassOptions {
  /** Time budget per source; no new request starts after it. */
  sourceBudgetMs?: number;
  /** Sources collected at once (the fetcher still keeps one request at a time per host). */
  concurrency?: number;
  maxArticlesPerSource?: number;
}

export interface PassReport {
  startedAt: string;
  finishedAt: string;
  results: SourceRunResult[];
}

/** One line a person can read, e.g. "cannot reach www.gz.gov.cn (no internet?)". */
function describe(error: unknown): { failureClass: SourceFailure['failureClass']; message: string } {
  if (error instanceof SourceFailure) return { failureClass: error.failureClass, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { failureClass: 'extraction', message: message.split('\n')[0]!.slice(0, 300) };
}

/** An alert that cannot be written or sent is logged; it never turns a collected source into a failed one. */
async function notifyHealth(deps: PassDeps, change: HealthChange): Promise<void> {
  if (!deps.alerts) return;
  try {
    await alertOnHealthChange(deps.alerts, change);
  } catch (error) {
    deps.log(`  could not record the health alert for ${change.health.sourceId}: ${(error as Error).message}`);
  }
}

/** Collects one source, matches and stores what is new, and records the source's health. */
export async function collectAndStore(
  deps: PassDeps,
  source: SourceDefinition,
  matcher: DocumentMatcher,
  options: PassOptions = {},
): Promise<SourceRunResult> {
  const started = Date.now();
  let newArticles = 0;
  let mentions = 0;
  // Mention records are derived data: written in batches once the source is done.
  const withMentions: StoredArticle[] = [];
  // Matching and storing run while the fetcher waits out the host's politeness delay.
  const store = async (article: ExtractedArticle) => {
    const found = matcher.matchDocument({ title: article.title, body: article.body });
    const stored: StoredArticle = {
      ...article,
      id: articleIdForUrl(article.url),
      source: source.id,
      sourceName: source.name,
      sourceKind: source.kind,
      firstSeenAt: deps.now().toISOString(),
      mentions: found,
    };
    if (await deps.store.articles.putIfNew(stored)) {
      newArticles++;
      mentions += found.length;
      if (found.length) withMentions.push(stored);
    }
  };
  try {
    const collected = await collectSource(source, {
      fetcher: deps.fetcher,
      isKnown: (url) => deps.store.articles.isKnown(url),
      knownAmong: (urls) => deps.store.articles.knownAmong(urls),
      deadline: started + (options.sourceBudgetMs ?? 120_000),
      maxArticles: options.maxArticlesPerSource ?? source.maxArticles,
      log: (message) => deps.log(`  ${source.id}: ${message}`),
      onArticle: store,
    });
    await deps.store.mentions.putForArticles(withMentions);
    const { health, previousFailures } = await deps.store.sources.recordSuccess(source.id, source.name, deps.now().toISOString());
    await notifyHealth(deps, { kind: 'recovered', health, previousFailures });
    return { sourceId: source.id, sourceName: source.name, ok: true, listed: collected.listed.length, newArticles, mentions, durationMs: Date.now() - started };
  } catch (error) {
    // What was stored before the failure keeps its mention records.
    await deps.store.mentions.putForArticles(withMentions).catch((e: unknown) => deps.log(`  ${source.id}: mention records not written: ${(e as Error).message}`));
    const { failureClass, message } = describe(error);
    const health = await deps.store.sources.recordFailure(source.id, source.name, deps.now().toISOString(), failureClass, message);
    await notifyHealth(deps, { kind: 'failed', health });
    return { sourceId: source.id, sourceName: source.name, ok: false, listed: 0, newArticles: 0, mentions: 0, durationMs: Date.now() - started, failureClass, error: message };
  }
}

/** One monitoring pass over `sources`: a failing source is recorded and never stops the others. */
export async function runPass(deps: PassDeps, sources: SourceDefinition[], options: PassOptions = {}): Promise<PassReport> {
  const startedAt = deps.now().toISOString();
  const matcher = buildMatcher((await deps.store.watchlist.list()).filter((e) => e.enabled));
  const results: SourceRunResult[] = new Array(sources.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < sources.length; i = next++) {
      const source = sources[i]!;
      const result = await collectAndStore(deps, source, matcher, options);
      results[i] = result;
      done++;
      const seconds = (result.durationMs / 1000).toFixed(1);
      deps.log(
        result.ok
          ? `[${done}/${sources.length}] ${source.id}: ok, ${result.listed} listed, ${result.newArticles} new, ${result.mentions} mentions (${seconds} s)`
          : `[${done}/${sources.length}] ${source.id}: FAILED (${result.failureClass}) ${result.error} (${seconds} s)`,
      );
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 16, sources.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (deps.alerts) await retryUnsentAdminAlerts(deps.alerts);
  return { startedAt, finishedAt: deps.now().toISOString(), results };
}
