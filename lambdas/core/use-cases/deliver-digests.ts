import { createHash } from 'node:crypto';
import { companyTrend, digestItems, olderDocuments, summaryNames, trendDays } from '../digest/compose-digest';
import { escapeHtml } from '../digest/escape-html';
import { renderDigest } from '../digest/render-digest';
import { listUnsubscribeHeaders } from '../digest/unsubscribe-url';
import type { DigestCursorState, MailAttachment, Mailer, OutboxRecord, Store } from '../ports';
import { shanghaiDayStart } from '../time';
import type { Entity, SourceHealth, StoredArticle, Subscriber } from '../types';
import { currentSourceHealth } from './source-catalogue';
import { suppressIfAddressRefused } from './suppress-address';
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
  /** A failure the mail server gave as final: recorded FAILED, never retried. */
  permanent?: boolean;
  previewPath?: string;
  emlPath?: string;
  html?: string;
}

const DAY_MS = 24 * 3600 * 1000;

/** A first digest covers the last day (a weekly one, the last week). */
function firstWindowMs(subscriber: Subscriber): number {
  return subscriber.frequency === 'weekly' ? 7 * DAY_MS : DAY_MS;
}
/**
 * Each digest reads from this long before its cursor and skips the articles the previous digest
 * already considered there. An article stamped first-seen before the previous run but written or
 * indexed after it (a collector still writing, index lag, a clock a few minutes off) is then
 * caught by the next digest instead of falling between the two.
 */
export const DIGEST_OVERLAP_MS = 15 * 60 * 1000;

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
    const trendFrom = shanghaiDayStart(trendDays(this.date)[0]!);
    return (this.shared ??= Promise.all([this.store.watchlist.list(), currentSourceHealth(this.store, this.now), this.store.articles.listMentionsSeenBetween(trendFrom, this.windowTo)]));
  }

  private readonly renders = new Map<string, SharedDigest>();

  /** One render per distinct (follows, language, frequency, window) of the run. */
  render(key: string, make: () => SharedDigest): SharedDigest {
    let found = this.renders.get(key);
    if (!found) this.renders.set(key, (found = make()));
    return found;
  }

  articlesSince(cursor: string): Promise<StoredArticle[]> {
    let found = this.windows.get(cursor);
    if (!found) this.windows.set(cursor, (found = this.store.articles.listFirstSeenBetween(cursor, this.windowTo)));
    return found;
  }
}

/** Stand-ins rendered in place of a reader's name and unsubscribe link, so that one render serves every reader who follows the same things. */
const NAME_SLOT = 'gzwatchRecipientName7f3a';
const UNSUBSCRIBE_SLOT = 'https://gzwatch.invalid/unsubscribe-slot-7f3a';
/** The reader's own web pages (their token is in the URL), when the web service has a public URL. */
const PREFERENCES_SLOT = 'https://gzwatch.invalid/preferences-slot-7f3a';
const VIEW_SLOT = 'https://gzwatch.invalid/view-slot-7f3a';

type SharedDigest = ReturnType<typeof renderShared>;

/** What a digest shows for one set of follows, language, frequency and window: the same for every reader who has them. */
function renderShared(
  subscriber: Subscriber,
  date: string,
  imageMode: 'cid' | 'data',
  window: { cursor: string; windowTo: string; articles: StoredArticle[] },
  entityList: Entity[],
  health: SourceHealth[],
  trendRows: Awaited<ReturnType<Store['articles']['listMentionsSeenBetween']>>,
  withPages: boolean,
) {
  const entities = new Map(entityList.map((e) => [e.id, e]));
  // Failing sources, then those read with a warning (their layout seems to have changed).
  const problems = health.filter((h) => h.consecutiveFailures > 0 || h.warning).sort((a, b) => Number(!!b.failureClass) - Number(!!a.failureClass) || a.sourceName.localeCompare(b.sourceName));
  const items = digestItems(subscriber, window.articles, entities);
  const trend = items.length ? companyTrend(subscriber, trendRows, entities, date) : undefined;
  const rendered = renderDigest({
    date,
    lang: subscriber.lang,
    weekly: subscriber.frequency === 'weekly',
    recipientName: subscriber.name ? NAME_SLOT : undefined,
    items,
    problems,
    unsubscribeUrl: UNSUBSCRIBE_SLOT,
    trend,
    imageMode,
    summaryNames: summaryNames(subscriber, trendRows, entities, window.cursor, window.windowTo),
    older: olderDocuments(subscriber, window.articles, entities),
    preferencesUrl: withPages ? PREFERENCES_SLOT : undefined,
    viewUrl: withPages ? VIEW_SLOT : undefined,
  });
  const attachments: MailAttachment[] | undefined =
    trend && imageMode === 'cid' ? trend.series.map((s, i) => ({ filename: `trend-${i + 1}.png`, cid: s.cid, contentType: 'image/png', contentBase64: s.pngBase64 })) : undefined;
  return { rendered, attachments, hasNews: items.length > 0, hasProblems: problems.length > 0 };
}

/** The shared render with this reader's name and unsubscribe link put in. */
function personalise(shared: SharedDigest, subscriber: Subscriber, unsubscribeUrl: string, pages?: { preferences: string; view: string }) {
  const fill = (text: string, escape: (s: string) => string) =>
    text
      .split(UNSUBSCRIBE_SLOT)
      .join(escape(unsubscribeUrl))
      .split(PREFERENCES_SLOT)
      .join(escape(pages?.preferences ?? ''))
      .split(VIEW_SLOT)
      .join(escape(pages?.view ?? ''))
      .split(NAME_SLOT)
      .join(escape(subscriber.name ?? ''));
  const rendered = { ...shared.rendered, html: fill(shared.rendered.html, escapeHtml), text: fill(shared.rendered.text, (x) => x) };
  return { ...shared, rendered };
}

/**
 * What decides a reader's digest besides the run itself: their window (cursor, overlap skips) and
 * what they follow, in which language and how often. Readers with equal keys get the same render;
 * the planner groups readers by this key so each group renders once.
 */
export function digestRenderKey(subscriber: Subscriber, state: DigestCursorState | undefined, now: Date, withPages: boolean, imageMode: 'cid' | 'data' = 'cid') {
  const cursor = state?.cursor ?? new Date(now.getTime() - firstWindowMs(subscriber)).toISOString();
  const from = state ? new Date(Date.parse(state.cursor) - DIGEST_OVERLAP_MS).toISOString() : cursor;
  const skip = new Set(state?.considered ?? []);
  const key = JSON.stringify([
    imageMode, cursor, from, [...skip].sort(), [...subscriber.follows].sort(), subscriber.followsAll ?? null, subscriber.lang ?? null, subscriber.frequency ?? null, Boolean(subscriber.name), withPages,
  ]);
  return { cursor, from, skip, key };
}

/**
 * Everything a subscriber's digest shows, rendered: the window since their previous digest, its
 * stories, the 14-day company trend and the failing sources. Read-only: nothing is recorded.
 * Readers with the same follows, language, frequency and window share one render per run.
 */
export async function composeDigest(
  deps: Pick<DigestDeps, 'store' | 'now' | 'unsubscribeUrl' | 'pageLinks'>,
  subscriber: Subscriber,
  date: string,
  imageMode: 'cid' | 'data' = 'cid',
  reads = new DigestRunReads(deps.store, deps.now(), date),
) {
  const windowTo = reads.windowTo;
  const [stored, considered] = await Promise.all([deps.store.subscribers.getDigestCursor(subscriber.email), deps.store.subscribers.getDigestConsidered(subscriber.email)]);
  const pages = deps.pageLinks?.(subscriber, date);
  const { cursor, from, skip, key } = digestRenderKey(subscriber, stored === undefined ? undefined : { cursor: stored, considered }, reads.now, Boolean(pages), imageMode);
  const [windowArticles, [entityList, health, trendRows]] = await Promise.all([reads.articlesSince(from), reads.common()]);
  // What the next digest must skip: this window's articles in its last DIGEST_OVERLAP_MS.
  const overlapFrom = new Date(Date.parse(windowTo) - DIGEST_OVERLAP_MS).toISOString();
  const consideredNow = windowArticles.filter((a) => a.firstSeenAt >= overlapFrom).map((a) => a.id);
  const shared = reads.render(key, () => {
    const articles = windowArticles.filter((a) => !skip.has(a.id));
    return renderShared(subscriber, date, imageMode, { cursor, windowTo, articles }, entityList, health, trendRows, Boolean(pages));
  });
  const unsubscribeUrl = deps.unsubscribeUrl(subscriber);
  const { rendered, attachments, hasNews, hasProblems } = personalise(shared, subscriber, unsubscribeUrl, pages);
  return { rendered, attachments, windowTo, considered: consideredNow, hasNews, hasProblems, unsubscribeUrl };
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
  // Delivered on any path (sent now, by an earlier run, or committed when a run stopped): the
  // subscriber's cursor moves to the end of that digest's window, so the next one starts there.
  const delivered = async (r: OutboxRecord | undefined) => {
    if (r?.windowTo) await deps.store.subscribers.setDigestCursor(email, r.windowTo, r.considered, date);
  };
  if (record?.status === 'SENT') {
    await delivered(record);
    return { email, status: 'already-sent', subject: record.subject };
  }
  if (!record) {
    const { rendered, attachments, windowTo, considered, hasNews, hasProblems, unsubscribeUrl } = await composeDigest(deps, subscriber, date, 'cid', reads);
    if (options.dryRun) return { email, status: 'dry-run', subject: rendered.subject, itemCount: rendered.itemCount, html: rendered.html };
    if (!hasNews && !hasProblems && !subscriber.sendEmpty) {
      await deps.store.subscribers.setDigestCursor(email, windowTo, considered);
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
      considered,
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
      await delivered(outcome.record);
      return { email, status: 'sent', subject: outcome.record.subject, itemCount: outcome.record.itemCount, previewPath: outcome.previewPath, emlPath: outcome.emlPath, ...(outcome.unconfirmed ? { error: `unconfirmed: ${outcome.unconfirmed}` } : {}) };
    case 'already-sent':
      await delivered(outcome.record);
      return { email, status: 'already-sent', subject: outcome.record?.subject };
    case 'in-flight':
      return { email, status: 'in-flight', subject: outcome.record?.subject, error: outcome.error };
    case 'failed':
      if (await suppressIfAddressRefused(deps.store, email, outcome.error, outcome.permanent, deps.now())) deps.log(`${email}: the mail server refused the address for good; suppressed as bounced`);
      return { email, status: 'failed', subject: outcome.record.subject, permanent: outcome.permanent, error: outcome.permanent ? `${outcome.error} (refused permanently; not retried)` : `${outcome.error} (kept in the outbox; the next \`gzwatch digest\` retries it)` };
  }
}

/**
 * Delivers `date`'s digest to each active subscriber given, in order. `reads` carries what the
 * run shares (the window's end, reads and renders): a planned group passes one made at the
 * planner's moment, so the group renders the window it was grouped by.
 */
export async function deliverDigests(
  deps: DigestDeps,
  subscribers: Subscriber[],
  date: string,
  options: { dryRun?: boolean } = {},
  reads = new DigestRunReads(deps.store, deps.now(), date),
): Promise<DigestResult[]> {
  const results: DigestResult[] = [];
  for (const subscriber of subscribers.filter((s) => s.status === 'active')) {
    // Policy alerts that an outage left in the outbox go out with the next digest run, first.
    // One small GetItem says whether there are any; a key a crash left after its delivery is forgotten.
    if (!options.dryRun) {
      for (const key of await deps.store.outbox.unsentKeys(subscriber.email)) {
        if (!key.startsWith('ALERT#')) continue;
        const outcome = await dispatchOutbox(deps, deps.mailerFor(subscriber), subscriber.email, key);
        if (outcome.status === 'already-sent' || (outcome.status === 'in-flight' && !outcome.record)) await deps.store.outbox.forgetUnsent(subscriber.email, key);
      }
    }
    results.push(await deliverDigest(deps, subscriber, date, options, reads));
  }
  return results;
}
