import { articleIdForUrl } from '../article-id';
import { collectSource } from '../collect-source';
import { SourceFailure } from '../errors';
import { MatcherCache } from '../matcher-cache';
import { redactText } from '../redact';
import { resolveRsshub } from '../rsshub';
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
  /** The RSSHub instance that rss sources with an `rsshub` route read from (GZWATCH_RSSHUB_URL). */
  rsshubBase?: string;
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
  /** Sources whose events are in the run: they go back to the queue if the run's alerts cannot be recorded. */
  sourcesWithEvents: Set<string>;
  /** Articles stored pending (or resumed) by sources that succeeded: marked done once the run's alerts are recorded. */
  pending: string[];
  /** Revisions found, applied only after their alerts are recorded, so a stop in between re-finds them. */
  revisions: { current: StoredArticle; previousHash: string | undefined }[];
  /** Articles whose mention records are still to be written: all of the run's in a few batched writes. */
  withMentions: StoredArticle[];
  /** Sources with articles in `withMentions`: they go back to the queue if the records cannot be written. */
  sourcesWithMentions: Set<string>;
  /**
   * List validators read for the whole run at its start (one batched read instead of one per
   * source): every URL that read covered, undefined where nothing was stored.
   */
  listValidators: Map<string, ListValidators | undefined>;
  /** List validators to store once the run's articles are done, so a 304 never hides an unfinished one. */
  newListValidators: [string, ListValidators][];
}

type ListValidators = { etag?: string; lastModified?: string };

function newRun(succeededBefore: Set<string>): RunContext {
  return { succeededBefore, events: [], sourcesWithEvents: new Set(), pending: [], revisions: [], withMentions: [], sourcesWithMentions: new Set(), listValidators: new Map(), newListValidators: [] };
}

/** One line a person can read, e.g. "cannot reach www.gz.gov.cn (no internet?)"; secrets in URLs masked. */
function oneLine(message: string): string {
  return redactText(message.split('\n')[0]!).slice(0, 300);
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
 * A mail failure leaves them queued in the outbox and never fails a source. A store that cannot
 * record the alerts is infrastructure: it is rethrown, the documents stay pending, and the next
 * run records their alerts.
 */
async function notifyPolicy(deps: PassDeps, events: PolicyEvent[]): Promise<{ messages: number; failed: number; bySource: Map<string, number> }> {
  const none = { messages: 0, failed: 0, bySource: new Map<string, number>() };
  if (!events.length) return none;
  const batch = alertBatch(events, deps.now().toISOString());
  let result = none;
  if (deps.policyAlerts) {
    const report = await sendAlertBatch(deps.policyAlerts, batch);
    if (report.failed) deps.log(`${report.failed} policy alert message(s) not sent yet; they stay in the outbox`);
    result = { messages: report.sent, failed: report.failed, bySource: report.bySource };
  }
  // Chat channels take the same batch; their outbox keys name its documents, so a rerun adds nothing twice.
  await deps.alertChannels?.deliver(batch);
  return result;
}

/**
 * Collects one source, matches and stores what is new, and records the source's health. Its
 * mention records and list validators are left in `run` for collectSources to write with the
 * whole run's (a few batched writes instead of several per source).
 */
export async function collectAndStore(
  deps: PassDeps,
  source: SourceDefinition,
  matcher: DocumentMatcher,
  options: PassOptions = {},
  run: RunContext = newRun(new Set([source.id])),
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
  const pending: string[] = [];
  const revisions: RunContext['revisions'] = [];
  const isPolicy = source.kind === 'policy';
  const listValidatorsToSave: [string, ListValidators][] = [];
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
    let put: Awaited<ReturnType<Store['articles']['putPending']>>;
    try {
      put = await deps.store.articles.putPending(stored);
    } catch (error) {
      // DynamoDB refuses this one item (ValidationException: too large, a bad value): skip it, keep
      // the rest of the source. Anything else is the store's own trouble and stops the source.
      if ((error as Error).name !== 'ValidationException') throw error;
      deps.log(`  ${source.id}: article skipped, the store refused it: ${article.url}: ${oneLine((error as Error).message)}`);
      return;
    }
    if (put.status === 'known') return;
    // New, or left pending by a run that stopped before its records were durable: finish it now,
    // as it was stored (the same first-seen time, mentions and backfill mark).
    const kept = put.article;
    pending.push(kept.id);
    newArticles++;
    mentions += kept.mentions.length;
    if (kept.backfill) backfill++;
    if (kept.mentions.length) withMentions.push(kept);
    if (isPolicy && kept.mentions.length && !kept.backfill) events.push({ kind: 'new', article: kept });
  };
  // Known policy documents on the list are re-read (conditionally) and compared with what is stored.
  // Their validators came with the known-article check; the stored document is read only when the
  // page came back changed (200), the rare case.
  const knownValidators = new Map<string, ListValidators | undefined>();
  let revised = 0;
  const revisit = {
    async validators(url: string) {
      return knownValidators.get(url);
    },
    async onRevisit(article: ExtractedArticle) {
      const old = await deps.store.articles.get(articleIdForUrl(article.url));
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
      // Applied at the end of the run, after its alert is recorded; concurrent collectors that find
      // the same change make the same alert key, and the conditional write lets one apply it.
      revisions.push({ current, previousHash: old.snapshotHash });
      if (!diff) return; // a new hash with nothing a reader would call a change (layout only)
      revised++;
      // Names in either version count: a follower hears when their topic is dropped, too.
      const named = new Map([...old.mentions, ...current.mentions].map((m) => [m.entityId, m]));
      if (named.size) events.push({ kind: 'changed', article: { ...current, mentions: current.mentions.length ? current.mentions : [...named.values()] }, diff, previousHash: oldHash });
    },
  };
  let collected: Awaited<ReturnType<typeof collectSource>>;
  try {
    // An RSSHub route without an instance fails here, as this source's own failure.
    collected = await collectSource(resolveRsshub(source, deps.rsshubBase), {
      fetcher: deps.fetcher,
      isKnown: (url) => deps.store.articles.isKnown(url),
      knownAmong: async (urls) => {
        const known = await deps.store.articles.knownWithValidators(urls);
        for (const [url, v] of known) knownValidators.set(url, v);
        return new Set(known.keys());
      },
      // Read for the whole run at its start; a URL found only now (page 2, a followed list) reads its own.
      listValidators: async (url) => (run.listValidators.has(url) ? run.listValidators.get(url) : deps.store.listValidators.get(url)),
      saveListValidators: async (url, v) => void listValidatorsToSave.push([url, v]),
      // Relative list dates (昨天 10:20, 3小时前) resolve against the pass's clock.
      now: () => deps.now(),
      deadline: Math.min(started + (options.sourceBudgetMs ?? 120_000), options.deadline ?? Infinity),
      maxArticles: options.maxArticlesPerSource ?? source.maxArticles,
      log: (message) => deps.log(`  ${source.id}: ${redactText(message)}`),
      onArticle: store,
      revisit: isPolicy ? revisit : undefined,
    });
  } catch (error) {
    // Only the site's own failures are recorded against it; anything else (the store refused,
    // a bug) is rethrown untouched so the work is retried and an alarm fires.
    if (!(error instanceof SourceFailure)) throw error;
    // What was stored before the failure keeps its mention records (written with the run's); it
    // stays pending, so the next run finishes it (and its alerts) instead of seeing it as known.
    run.withMentions.push(...withMentions);
    if (withMentions.length) run.sourcesWithMentions.add(source.id);
    const message = oneLine(error.message);
    const health = await deps.store.sources.recordFailure(source.id, source.name, deps.now().toISOString(), error.failureClass, message);
    await notifyHealth(deps, { kind: 'failed', health });
    return { sourceId: source.id, sourceName: source.name, ok: false, listed: 0, newArticles: 0, mentions: 0, durationMs: Date.now() - started, failureClass: error.failureClass, error: message };
  }
  // Mention records go with the run's, before its alerts; the articles count as known only after both.
  run.withMentions.push(...withMentions);
  if (withMentions.length) run.sourcesWithMentions.add(source.id);
  run.newListValidators.push(...listValidatorsToSave);
  run.events.push(...events);
  if (events.length) run.sourcesWithEvents.add(source.id);
  run.pending.push(...pending);
  run.revisions.push(...revisions);
  const warning = collected.warnings.length ? oneLine(collected.warnings.map((w) => w.message).join('; ')) : undefined;
  if (warning) deps.log(`  ${source.id}: warning: ${warning}`);
  const { health, previousFailures } = await deps.store.sources.recordSuccess(source.id, source.name, deps.now().toISOString(), warning);
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
  const run = newRun(new Set((await deps.store.sources.list()).filter((h) => h.lastSuccessAt).map((h) => h.sourceId)));
  // A store that refuses this read leaves each source to read its own, and fail as its own.
  const listUrls = [...new Set(sources.flatMap((s) => s.urls))];
  await deps.store.listValidators.getMany(listUrls).then(
    (found) => {
      run.listValidators = new Map(listUrls.map((url) => [url, found.get(url)]));
    },
    () => undefined,
  );
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
  // The order makes a stop anywhere harmless: alert records (keys per batch of document versions),
  // then the articles are marked done and the revisions applied. Stopped before, they are found again.
  let sent: Awaited<ReturnType<typeof notifyPolicy>> = { messages: 0, failed: 0, bySource: new Map() };
  let mentionsWritten = false;
  let articlesDone = false;
  try {
    await deps.store.mentions.putForArticles(run.withMentions);
    mentionsWritten = true;
    sent = await notifyPolicy(deps, run.events);
    await deps.store.articles.markDone(run.pending);
    articlesDone = true;
    for (const r of run.revisions) await deps.store.articles.revise(r.current, r.previousHash);
  } catch (error) {
    // The records could not be written: the documents stay pending; their sources' work is retried.
    const message = oneLine(error instanceof Error ? error.message : String(error));
    const what = mentionsWritten ? 'policy alerts' : 'mention records';
    deps.log(`${what} not recorded, gzwatch's own error: ${message}; the documents stay pending for the next run`);
    for (const id of new Set([...run.sourcesWithEvents, ...(mentionsWritten ? [] : run.sourcesWithMentions)])) infrastructureErrors.push({ sourceId: id, error: `${what} not recorded: ${message}` });
  }
  // Only once everything the lists showed is done may a 304 on them skip them. Losing these costs
  // the next run a whole list read, nothing more: logged, not a failure.
  if (articlesDone) {
    await deps.store.listValidators.putMany(run.newListValidators).catch((error: unknown) => deps.log(`list validators not stored: ${oneLine((error as Error).message)}`));
  }
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
