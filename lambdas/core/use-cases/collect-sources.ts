import { articleIdForUrl } from '../article-id';
import { collectSource } from '../collect-source';
import { SourceFailure } from '../errors';
import { policyAlertBatch } from '../channels/policy-events-message';
import { MatcherCache } from '../matcher-cache';
import { redactText } from '../redact';
import type { PolicyEvent } from '../digest/render-policy-alert';
import { diffPolicyDocument, policyStatus, snapshotHash, type PolicySnapshot } from '../policy-diff';
import type { Fetcher, Metrics, Store } from '../ports';
import { deliverToChannels, type ChannelDeliveryDeps } from './deliver-to-channels';
import { sendPolicyAlerts, type PolicyAlertDeps } from './policy-alerts';
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
  /** Chat channels (WeCom, DingTalk, Feishu, Slack, webhooks) that receive the same alerts. */
  channels?: ChannelDeliveryDeps;
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
 * Policy alerts go out at the end of the source's run. A mail that fails stays queued in the outbox
 * and never fails the source; a store that cannot record the alert is infrastructure and is
 * rethrown, so the documents stay pending and the next run records their alerts.
 */
async function notifyPolicy(deps: PassDeps, source: SourceDefinition, events: PolicyEvent[]): Promise<number> {
  if (!events.length) return 0;
  // Channels first: their batch key names the documents and versions, so a rerun adds nothing twice.
  if (deps.channels) await deliverToChannels(deps.channels, policyAlertBatch(events, await deps.store.watchlist.list()));
  if (!deps.policyAlerts) return 0;
  const report = await sendPolicyAlerts(deps.policyAlerts, events);
  if (report.failed) deps.log(`  ${source.id}: ${report.failed} policy alert(s) not sent yet; they stay in the outbox`);
  return report.sent;
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
  const events: PolicyEvent[] = [];
  /** Articles stored as pending by this run (or resumed): marked done once their records are durable. */
  const pending: string[] = [];
  /** Revisions found, applied only after their alerts are recorded, so a crash in between re-finds them. */
  const revisions: { current: StoredArticle; previousHash: string | undefined }[] = [];
  const isPolicy = source.kind === 'policy';
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
      snapshotHash: isPolicy ? snapshotHash(snapshotOf(article)) : undefined,
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
    // New, or left pending by a run that stopped before its records were durable: finish it now.
    const kept = put.article;
    pending.push(kept.id);
    newArticles++;
    mentions += kept.mentions.length;
    if (kept.mentions.length) withMentions.push(kept);
    if (isPolicy && kept.mentions.length) events.push({ kind: 'new', article: kept });
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
      };
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
    collected = await collectSource(source, {
      fetcher: deps.fetcher,
      isKnown: (url) => deps.store.articles.isKnown(url),
      knownAmong: (urls) => deps.store.articles.knownAmong(urls),
      listValidators: (url) => deps.store.listValidators.get(url),
      saveListValidators: (url, v) => deps.store.listValidators.put(url, v),
      deadline: Math.min(started + (options.sourceBudgetMs ?? 120_000), options.deadline ?? Infinity),
      // Relative list dates (昨天 10:20, 3小时前) resolve against the pass's clock.
      now: () => deps.now(),
      maxArticles: options.maxArticlesPerSource ?? source.maxArticles,
      log: (message) => deps.log(`  ${source.id}: ${redactText(message)}`),
      onArticle: store,
      revisit: isPolicy ? revisit : undefined,
    });
  } catch (error) {
    // Only the site's own failures are recorded against it; anything else (the store refused,
    // a bug) is rethrown untouched so the work is retried and an alarm fires.
    if (!(error instanceof SourceFailure)) throw error;
    // What was stored before the failure keeps its mention records; it stays pending, so the next
    // run finishes it (and its alerts) instead of seeing it as known.
    await deps.store.mentions.putForArticles(withMentions);
    const message = oneLine(error.message);
    const health = await deps.store.sources.recordFailure(source.id, source.name, deps.now().toISOString(), error.failureClass, message);
    await notifyHealth(deps, { kind: 'failed', health });
    return { sourceId: source.id, sourceName: source.name, ok: false, listed: 0, newArticles: 0, mentions: 0, durationMs: Date.now() - started, failureClass: error.failureClass, error: message };
  }
  // The order is what makes a crash harmless: mention records, then alert records (outbox keys per
  // document version, so a rerun creates none twice), and only then are the articles marked done
  // and the revisions applied. A run stopped anywhere before leaves them to be found again.
  await deps.store.mentions.putForArticles(withMentions);
  const alertsSent = await notifyPolicy(deps, source, events);
  await deps.store.articles.markDone(pending);
  // Concurrent collectors may both find a revision; the conditional write lets one apply it.
  for (const r of revisions) await deps.store.articles.revise(r.current, r.previousHash);
  const warning = collected.warnings.length ? oneLine(collected.warnings.map((w) => w.message).join('; ')) : undefined;
  if (warning) deps.log(`  ${source.id}: warning: ${warning}`);
  const { health, previousFailures } = await deps.store.sources.recordSuccess(source.id, source.name, deps.now().toISOString(), warning);
  await notifyHealth(deps, { kind: 'recovered', health, previousFailures });
  return { sourceId: source.id, sourceName: source.name, ok: true, listed: collected.listed.length, newArticles, mentions, revised, alertsSent, durationMs: Date.now() - started };
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
        const result = await collectAndStore(deps, source, matcher, options);
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
  if (deps.alerts) await retryUnsentAdminAlerts(deps.alerts);
  return { startedAt, finishedAt: deps.now().toISOString(), results: results.filter((r): r is SourceRunResult => r !== undefined), infrastructureErrors, deferred };
}
