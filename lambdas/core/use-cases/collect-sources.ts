import { articleIdForUrl } from '../article-id';
import { collectSource } from '../collect-source';
import { SourceFailure } from '../errors';
import { MatcherCache } from '../matcher-cache';
import { alertBatch, type AlertChannels, type PolicyEvent } from '../alerts/alert-batch';
import { isBackfill } from '../alerts/backfill';
import { diffPolicyDocument, policyStatus, snapshotHash, type PolicySnapshot } from '../policy-diff';
import type { Fetcher, Metrics, Store } from '../ports';
import { sendAlertBatch, type PolicyAlertDeps } from './policy-alerts';
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
  /** How policy alerts reach subscribers; without it, new and changed documents only reach digests. */
  policyAlerts?: PolicyAlertDeps;
  /** Other places the run's alert batch goes (chat channels); called once per run with events. */
  alertChannels?: AlertChannels;
  /** The matcher of the current watchlist, kept across passes by a long-lived shell. */
  matchers?: MatcherCache;
  metrics?: Metrics;
}

/** What a policy document is, for change detection: title, status, metadata and text. */
function snapshotOf(doc: { title: string; body: string; meta?: Record<string, string> }): PolicySnapshot {
  return { title: doc.title, body: doc.body, status: policyStatus(doc.meta, doc.body), meta: doc.meta };
}

export interface PassOptions {
  /** Time budget per source; no new request starts after it. */
  sourceBudgetMs?: number;
  /**
   * Epoch ms by which the whole set must be done (a Lambda's timeout less a margin): each source's
   * budget ends there at the latest, and a source not started by then is left for a retry.
   */
  deadline?: number;
  /** Sources collected at once (the fetcher still keeps one request at a time per host). */
  concurrency?: number;
  maxArticlesPerSource?: number;
}

/** A source whose collection hit gzwatch's own trouble (the store, a bug): not the site's fault. */
export interface InfrastructureError {
  sourceId: string;
  error: string;
}

export interface PassReport {
  startedAt: string;
  finishedAt: string;
  /** Sources that ran to an outcome (collected, or failed as sites do); recorded in their health. */
  results: SourceRunResult[];
  /** Sources that met an infrastructure failure: nothing recorded against them; retry the work. */
  infrastructureErrors: InfrastructureError[];
  /** Sources not started before the deadline: left for the next delivery of their message. */
  deferred: string[];
  /** The run's policy alerts: one message per subscriber holding every document they follow. */
  alerts: { documents: number; messages: number; failed: number };
  /** New documents that were backfill (published over 72 hours before first seen): stored, not news. */
  backfill: number;
}

/** What the sources of one run share: which had succeeded before, and the policy events found. */
interface RunContext {
  succeededBefore: Set<string>;
  events: PolicyEvent[];
}

/** One line a person can read, e.g. "cannot reach www.gz.gov.cn (no internet?)". */
function oneLine(message: string): string {
  return message.split('\n')[0]!.slice(0, 300);
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

/**
 * The run's policy events go out once, at the end of the whole run: one message per subscriber.
 * A mail failure leaves them queued in the outbox and never fails a source.
 */
async function notifyPolicy(deps: PassDeps, events: PolicyEvent[]): Promise<{ messages: number; failed: number; bySource: Map<string, number> }> {
  const none = { messages: 0, failed: 0, bySource: new Map<string, number>() };
  if (!events.length) return none;
  const batch = alertBatch(events, deps.now().toISOString());
  let result = none;
  if (deps.policyAlerts) {
    try {
      const report = await sendAlertBatch(deps.policyAlerts, batch);
      if (report.failed) deps.log(`${report.failed} policy alert message(s) not sent yet; they stay in the outbox`);
      result = { messages: report.sent, failed: report.failed, bySource: report.bySource };
    } catch (error) {
      deps.log(`policy alerts not sent: ${(error as Error).message}`);
    }
  }
  try {
    await deps.alertChannels?.deliver(batch);
  } catch (error) {
    deps.log(`policy alerts not delivered to chat channels: ${(error as Error).message}`);
  }
  return result;
}

/** Collects one source, matches and stores what is new, and records the source's health. */
export async function collectAndStore(
  deps: PassDeps,
  source: SourceDefinition,
  matcher: DocumentMatcher,
  options: PassOptions = {},
  run: RunContext = { succeededBefore: new Set([source.id]), events: [] },
): Promise<SourceRunResult> {
  const started = Date.now();
  let newArticles = 0;
  let mentions = 0;
  let backfill = 0;
  const firstRun = !run.succeededBefore.has(source.id);
  const alerting = deps.policyAlerts !== undefined || deps.alertChannels !== undefined;
  // Mention records are derived data: written in batches once the source is done.
  const withMentions: StoredArticle[] = [];
  const events: PolicyEvent[] = [];
  const isPolicy = source.kind === 'policy';
  // Matching and storing run while the fetcher waits out the host's politeness delay.
  const store = async (article: ExtractedArticle) => {
    const found = matcher.matchDocument({ title: article.title, body: article.body });
    const firstSeenAt = deps.now().toISOString();
    const old = isBackfill(article.publishedAt, firstSeenAt, firstRun);
    const news = isPolicy && found.length > 0 && !old;
    const stored: StoredArticle = {
      ...article,
      id: articleIdForUrl(article.url),
      source: source.id,
      sourceName: source.name,
      sourceKind: source.kind,
      firstSeenAt,
      mentions: found,
      snapshotHash: isPolicy ? snapshotHash(snapshotOf(article)) : undefined,
      ...(old ? { backfill: true } : {}),
      ...(news && alerting ? { alerted: true } : {}),
    };
    if (await deps.store.articles.putIfNew(stored)) {
      newArticles++;
      mentions += found.length;
      if (old) backfill++;
      if (found.length) withMentions.push(stored);
      if (news) events.push({ kind: 'new', article: stored });
    }
  };
  // Known policy documents on the list are re-read (conditionally) and compared with what is stored.
  const previous = new Map<string, StoredArticle>();
  let revised = 0;
  const revisit = {
    async validators(url: string) {
      const old = await deps.store.articles.get(articleIdForUrl(url));
      if (old) previous.set(url, old);
      return old?.validators;
    },
    async onRevisit(article: ExtractedArticle) {
      const old = previous.get(article.url);
      if (!old) return;
      const before = snapshotOf(old);
      const after = snapshotOf(article);
      const oldHash = old.snapshotHash ?? snapshotHash(before);
      const newHash = snapshotHash(after);
      if (oldHash === newHash) {
        if (article.validators) await deps.store.articles.setValidators(old.id, article.validators);
        return;
      }
      const diff = diffPolicyDocument(before, after);
      const current: StoredArticle = {
        ...old,
        title: article.title,
        body: article.body,
        meta: article.meta,
        validators: article.validators,
        mentions: matcher.matchDocument({ title: article.title, body: article.body }),
        snapshotHash: newHash,
        revisedAt: deps.now().toISOString(),
        attachments: article.attachments,
      };
      // A change to a known document is news whatever its age.
      if (alerting && (old.mentions.length || current.mentions.length) && diff) current.alerted = true;
      // Only the writer that moves the stored version forward reports the change.
      if (!(await deps.store.articles.revise(current, old.snapshotHash))) return;
      if (!diff) return; // a new hash with nothing a reader would call a change (layout only)
      revised++;
      // Names in either version count: a follower hears when their topic is dropped, too.
      const named = new Map([...old.mentions, ...current.mentions].map((m) => [m.entityId, m]));
      if (named.size) events.push({ kind: 'changed', article: { ...current, mentions: current.mentions.length ? current.mentions : [...named.values()] }, diff, previousHash: oldHash });
    },
  };
  let collected: Awaited<ReturnType<typeof collectSource>>;
  try {
    collected = await collectSource(source, {
      fetcher: deps.fetcher,
      isKnown: (url) => deps.store.articles.isKnown(url),
      knownAmong: (urls) => deps.store.articles.knownAmong(urls),
      deadline: Math.min(started + (options.sourceBudgetMs ?? 120_000), options.deadline ?? Infinity),
      maxArticles: options.maxArticlesPerSource ?? source.maxArticles,
      log: (message) => deps.log(`  ${source.id}: ${message}`),
      onArticle: store,
      revisit: isPolicy ? revisit : undefined,
    });
  } catch (error) {
    // Only the site's own failures are recorded against it; anything else (the store refused,
    // a bug) is rethrown untouched so the work is retried and an alarm fires.
    if (!(error instanceof SourceFailure)) throw error;
    // What was stored before the failure keeps its mention records.
    await deps.store.mentions.putForArticles(withMentions);
    const message = oneLine(error.message);
    const health = await deps.store.sources.recordFailure(source.id, source.name, deps.now().toISOString(), error.failureClass, message);
    await notifyHealth(deps, { kind: 'failed', health });
    return { sourceId: source.id, sourceName: source.name, ok: false, listed: 0, newArticles: 0, mentions: 0, durationMs: Date.now() - started, failureClass: error.failureClass, error: message };
  }
  await deps.store.mentions.putForArticles(withMentions);
  run.events.push(...events);
  const { health, previousFailures } = await deps.store.sources.recordSuccess(source.id, source.name, deps.now().toISOString());
  await notifyHealth(deps, { kind: 'recovered', health, previousFailures });
  return { sourceId: source.id, sourceName: source.name, ok: true, listed: collected.listed.length, newArticles, mentions, revised, backfill, durationMs: Date.now() - started };
}

function progressLine(result: SourceRunResult, done: number, total: number): string {
  const seconds = (result.durationMs / 1000).toFixed(1);
  return result.ok
    ? `[${done}/${total}] ${result.sourceId}: ok, ${result.listed} listed, ${result.newArticles} new, ${result.mentions} mentions (${seconds} s)`
    : `[${done}/${total}] ${result.sourceId}: FAILED (${result.failureClass}) ${result.error} (${seconds} s)`;
}

/**
 * The entry use-case of both shells: collects a set of sources (one SQS batch, or the CLI's whole
 * pass) with the current watchlist's matcher. A failing site is recorded and never stops the
 * others; an infrastructure failure is reported for a retry and recorded nowhere; admin alerts an
 * outage left unsent go out at the end.
 */
export async function collectSources(deps: PassDeps, sources: SourceDefinition[], options: PassOptions = {}): Promise<PassReport> {
  const startedAt = deps.now().toISOString();
  const matcher = (deps.matchers ?? new MatcherCache()).for(await deps.store.watchlist.list());
  const results: (SourceRunResult | undefined)[] = new Array(sources.length);
  const infrastructureErrors: InfrastructureError[] = [];
  const deferred: string[] = [];
  // Which sources have succeeded before: an undated document on a first run is backfill.
  const run: RunContext = { succeededBefore: new Set((await deps.store.sources.list()).filter((h) => h.lastSuccessAt).map((h) => h.sourceId)), events: [] };
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < sources.length; i = next++) {
      const source = sources[i]!;
      if (options.deadline !== undefined && Date.now() >= options.deadline) {
        deferred.push(source.id);
        continue;
      }
      try {
        const result = await collectAndStore(deps, source, matcher, options, run);
        results[i] = result;
        deps.log(progressLine(result, ++done, sources.length));
        deps.metrics?.count({ SourceFailures: result.ok ? 0 : 1, NewArticles: result.newArticles }, { sourceId: source.id });
      } catch (error) {
        const message = oneLine(error instanceof Error ? error.message : String(error));
        infrastructureErrors.push({ sourceId: source.id, error: message });
        deps.log(`[${++done}/${sources.length}] ${source.id}: NOT COLLECTED, gzwatch's own error (not the site's): ${message}`);
        deps.metrics?.count({ InfrastructureErrors: 1 }, { sourceId: source.id });
      }
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 16, sources.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  const sent = await notifyPolicy(deps, run.events);
  const collected = results.filter((r): r is SourceRunResult => r !== undefined);
  for (const r of collected) if (r.ok) r.alertsSent = sent.bySource.get(r.sourceId) ?? 0;
  if (deps.alerts) await retryUnsentAdminAlerts(deps.alerts);
  return {
    startedAt,
    finishedAt: deps.now().toISOString(),
    results: collected,
    infrastructureErrors,
    deferred,
    alerts: { documents: run.events.length, messages: sent.messages, failed: sent.failed },
    backfill: collected.reduce((n, r) => n + (r.backfill ?? 0), 0),
  };
}
