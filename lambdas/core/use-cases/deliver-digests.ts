import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { companyTrend, digestItems, trendDays } from '../digest/compose-digest';
import { renderDigest } from '../digest/render-digest';
import { listUnsubscribeHeaders } from '../digest/unsubscribe-url';
import type { MailAttachment, Mailer, OutboxRecord, Store } from '../ports';
import { DISPLAY_ZONE } from '../time';
import type { Entity, SourceHealth, StoredArticle, Subscriber } from '../types';
import { dispatchOutbox, type DispatchDeps } from './dispatch-outbox';

export interface DigestDeps extends DispatchDeps {
  /** The mailer for a subscriber (the local placeholder's mail always goes to the file outbox). */
  mailerFor(subscriber: Subscriber): Mailer;
  unsubscribeUrl(subscriber: Subscriber): string;
  /** Preferences and "view in browser" pages, when the web service has a public URL. */
  pageLinks?(subscriber: Subscriber, date: string): { preferences: string; view: string } | undefined;
}

export type DigestStatus = 'sent' | 'already-sent' | 'nothing-to-report' | 'dry-run' | 'failed' | 'in-flight';

export interface DigestResult {
  email: string;
  status: DigestStatus;
  subject?: string;
  itemCount?: number;
  error?: string;
  previewPath?: string;
  emlPath?: string;
  html?: string;
}

const FIRST_WINDOW_MS = 24 * 3600 * 1000;

/**
 * What every subscriber's digest of one run reads, fetched once per run rather than once per
 * subscriber: the watchlist, source health, 14 days of mentions, and each distinct window.
 */
export class DigestRunReads {
  private shared?: Promise<[Entity[], SourceHealth[], Awaited<ReturnType<Store['articles']['listMentionsSeenBetween']>>]>;
  private readonly windows = new Map<string, Promise<StoredArticle[]>>();
  /** One end for every window of the run, so subscribers with the same cursor share one read. */
  readonly windowTo: string;

  constructor(
    private readonly store: Store,
    readonly now: Date,
    private readonly date: string,
  ) {
    this.windowTo = now.toISOString();
  }

  common() {
    const trendFrom = DateTime.fromISO(trendDays(this.date)[0]!, { zone: DISPLAY_ZONE }).toUTC().toISO()!;
    return (this.shared ??= Promise.all([this.store.watchlist.list(), this.store.sources.list(), this.store.articles.listMentionsSeenBetween(trendFrom, this.windowTo)]));
  }

  articlesSince(cursor: string): Promise<StoredArticle[]> {
    let found = this.windows.get(cursor);
    if (!found) this.windows.set(cursor, (found = this.store.articles.listFirstSeenBetween(cursor, this.windowTo)));
    return found;
  }
}

/**
 * Everything a subscriber's digest shows, rendered: the window since their previous digest, its
 * stories, the 14-day company trend and the failing sources. Read-only: nothing is recorded.
 */
export async function composeDigest(
  deps: Pick<DigestDeps, 'store' | 'now' | 'unsubscribeUrl' | 'pageLinks'>,
  subscriber: Subscriber,
  date: string,
  imageMode: 'cid' | 'data' = 'cid',
  reads = new DigestRunReads(deps.store, deps.now(), date),
) {
  const windowTo = reads.windowTo;
  const cursor = (await deps.store.subscribers.getDigestCursor(subscriber.email)) ?? new Date(reads.now.getTime() - FIRST_WINDOW_MS).toISOString();
  const [articles, [entityList, health, trendRows]] = await Promise.all([reads.articlesSince(cursor), reads.common()]);
  const entities = new Map(entityList.map((e) => [e.id, e]));
  const problems = health.filter((h) => h.consecutiveFailures > 0).sort((a, b) => a.sourceName.localeCompare(b.sourceName));
  const items = digestItems(subscriber, articles, entities);
  const trend = items.length ? companyTrend(subscriber, trendRows, entities, date) : undefined;
  const unsubscribeUrl = deps.unsubscribeUrl(subscriber);
  const pages = deps.pageLinks?.(subscriber, date);
  const rendered = renderDigest({ date, recipientName: subscriber.name, items, problems, unsubscribeUrl, trend, imageMode, preferencesUrl: pages?.preferences, viewUrl: pages?.view });
  const attachments: MailAttachment[] | undefined =
    trend && imageMode === 'cid' ? [{ filename: 'trend.png', cid: trend.cid, contentType: 'image/png', contentBase64: trend.pngBase64 }] : undefined;
  return { rendered, attachments, windowTo, hasNews: items.length > 0, hasProblems: problems.length > 0, unsubscribeUrl };
}


/**
 * Delivers the digest of `date` to each subscriber at most once: an outbox record per
 * (subscriber, date) is created with a conditional write, claimed with a lease, sent, then marked
 * SENT. A failed send goes back to PENDING, to be retried by the next run.
 */
export async function deliverDigest(
  deps: DigestDeps,
  subscriber: Subscriber,
  date: string,
  options: { dryRun?: boolean } = {},
  reads = new DigestRunReads(deps.store, deps.now(), date),
): Promise<DigestResult> {
  const key = `DIGEST#${date}`;
  const email = subscriber.email;
  const record = await deps.store.outbox.get(email, key);
  if (record?.status === 'SENT') return { email, status: 'already-sent', subject: record.subject };
  if (!record) {
    const { rendered, attachments, windowTo, hasNews, hasProblems, unsubscribeUrl } = await composeDigest(deps, subscriber, date, 'cid', reads);
    if (options.dryRun) return { email, status: 'dry-run', subject: rendered.subject, itemCount: rendered.itemCount, html: rendered.html };
    if (!hasNews && !hasProblems && !subscriber.sendEmpty) {
      await deps.store.subscribers.setDigestCursor(email, windowTo);
      return { email, status: 'nothing-to-report', subject: rendered.subject, itemCount: 0 };
    }
    const fresh: OutboxRecord = {
      recipient: email,
      key,
      status: 'PENDING',
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      headers: listUnsubscribeHeaders(unsubscribeUrl),
      attachments,
      messageId: `<digest-${date}-${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 16)}@gzwatch>`,
      windowTo,
      itemCount: rendered.itemCount,
      attempts: 0,
      createdAt: deps.now().toISOString(),
    };
    // A concurrent run may have created it first; either way the claim below decides who sends.
    await deps.store.outbox.createIfAbsent(fresh);
  } else if (options.dryRun) {
    return { email, status: 'dry-run', subject: record.subject, itemCount: undefined, html: record.html };
  }
  const outcome = await dispatchOutbox(deps, deps.mailerFor(subscriber), email, key);
  switch (outcome.status) {
    case 'sent':
      if (outcome.record.windowTo) await deps.store.subscribers.setDigestCursor(email, outcome.record.windowTo);
      return { email, status: 'sent', subject: outcome.record.subject, itemCount: outcome.record.itemCount, previewPath: outcome.previewPath, emlPath: outcome.emlPath };
    case 'already-sent':
      return { email, status: 'already-sent', subject: outcome.record?.subject };
    case 'in-flight':
      return { email, status: 'in-flight', subject: outcome.record?.subject, error: outcome.error };
    case 'failed':
      return { email, status: 'failed', subject: outcome.record.subject, error: `${outcome.error} (kept in the outbox; the next \`gzwatch digest\` retries it)` };
  }
}

export async function deliverDigests(deps: DigestDeps, subscribers: Subscriber[], date: string, options: { dryRun?: boolean } = {}): Promise<DigestResult[]> {
  const results: DigestResult[] = [];
  const reads = new DigestRunReads(deps.store, deps.now(), date);
  for (const subscriber of subscribers.filter((s) => s.status === 'active')) {
    // Policy alerts that an outage left in the outbox go out with the next digest run, first.
    if (!options.dryRun) {
      for (const pending of await deps.store.outbox.listUnsent(subscriber.email)) {
        if (pending.key.startsWith('ALERT#')) await dispatchOutbox(deps, deps.mailerFor(subscriber), subscriber.email, pending.key);
      }
    }
    results.push(await deliverDigest(deps, subscriber, date, options, reads));
  }
  return results;
}
