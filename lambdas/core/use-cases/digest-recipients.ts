import { createHash } from 'node:crypto';
import { shanghaiDate, shanghaiHour, shanghaiWeekday } from '../time';
import type { Subscriber } from '../types';
import type { DigestDeps, DigestResult } from './deliver-digests';
import type { ChannelDeliveryDeps } from './deliver-to-channels';

export interface DueDigestDeps extends DigestDeps {
  /** Chat channels with a digest hour get the day's summary once that hour has come. */
  channels?: ChannelDeliveryDeps;
  /** Local shell only: who gets the digest while nobody has subscribed (its mail stays in the outbox). */
  fallbackRecipient?: string;
}

export interface DueDigestRequest {
  /** The moment of the run; the digest date defaults to its day in Asia/Shanghai. */
  at: Date;
  date?: string;
  /** Only this address (a subscriber, or a one-off recipient). */
  only?: string;
  /** The operator asked now: every active subscriber, whatever their digest hour. */
  ignoreHour?: boolean;
  dryRun?: boolean;
}

export interface DueDigestReport {
  date: string;
  results: DigestResult[];
  /** Said to the operator, e.g. that the digest went to the local fallback recipient. */
  note?: string;
}

/**
 * Active, and the subscriber's hour of that day (Asia/Shanghai) has come; a past day is always due.
 * A weekly subscriber's digest falls on Mondays only (Asia/Shanghai), at their hour.
 */
export function isDigestDue(subscriber: Subscriber, at: Date, date: string): boolean {
  if (subscriber.status !== 'active') return false;
  if (subscriber.frequency === 'weekly' && shanghaiWeekday(date) !== 1) return false;
  const today = shanghaiDate(at);
  if (date < today) return true;
  if (date > today) return false;
  return shanghaiHour(at) >= subscriber.digestHour;
}

/** A recipient who is not (or not yet) a subscriber: follows everything, gets the digest even when empty. */
export function oneOffRecipient(email: string, at: Date): Subscriber {
  const token = createHash('sha256').update(`one-off:${email.toLowerCase()}`).digest('hex').slice(0, 32);
  return { email, follows: [], digestHour: 0, status: 'active', unsubscribeToken: token, sendEmpty: true, createdAt: at.toISOString() };
}

/** Who a digest run serves: `only`, else the active subscribers due now, else the local fallback. */
export async function digestRecipients(deps: Pick<DueDigestDeps, 'store' | 'fallbackRecipient'>, request: DueDigestRequest, date: string): Promise<{ list: Subscriber[]; note?: string }> {
  if (request.only) return { list: [(await deps.store.subscribers.get(request.only)) ?? oneOffRecipient(request.only, request.at)] };
  const all = await deps.store.subscribers.list();
  const active = all.filter((s) => s.status === 'active');
  if (!active.length && deps.fallbackRecipient) {
    return {
      list: [oneOffRecipient(deps.fallbackRecipient, request.at)],
      note: `No subscribers yet: sending to ${deps.fallbackRecipient}. Add one with \`gzwatch subscribers add EMAIL\`.`,
    };
  }
  return { list: active.filter((s) => request.ignoreHour || isDigestDue(s, request.at, date)) };
}
