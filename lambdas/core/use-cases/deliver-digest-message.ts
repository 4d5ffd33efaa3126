import type { DigestMessage } from '../digest-message';
import type { Subscriber } from '../types';
import { deliverDigests, DigestRunReads, type DigestResult } from './deliver-digests';
import { deliverChannelDigests } from './deliver-due-digests';
import type { DueDigestDeps } from './digest-recipients';

export interface DigestMessageOutcome {
  results: DigestResult[];
  /** Readers of the message no longer subscribed (or suppressed) since it was planned: skipped. */
  skipped: string[];
  /**
   * The readers still to do: a send failed for a reason that may pass (an outage, a 4xx,
   * throttling) or another run holds a claim. If any, the message is tried again (the worker's
   * invocation fails, so Lambda retries it); the outbox makes the readers already served cost one
   * small read then.
   * A mail refused permanently is recorded FAILED and is not among them.
   */
  open: DigestResult[];
}

/**
 * What one planning run's messages share (the window, the watchlist, source health, the trend's
 * mentions, the renders), kept for the run's next message that reaches the same worker: a
 * container that takes several messages of one plan then reads them once, as `gzwatch digest`
 * does for the whole run. Only the latest run is kept; `forget` drops it after a failure, so a
 * read that failed is not served from memory to the next message.
 */
export class DigestRunReadsCache {
  private latest?: { key: string; reads: DigestRunReads };

  constructor(private readonly store: DueDigestDeps['store']) {}

  for(message: DigestMessage): DigestRunReads {
    const key = `${message.date}|${message.at}`;
    if (this.latest?.key !== key) this.latest = { key, reads: new DigestRunReads(this.store, new Date(message.at), message.date) };
    return this.latest.reads;
  }

  forget(): void {
    this.latest = undefined;
  }
}

/**
 * The digest worker's use-case: one planned message, delivered with the same use-case
 * `gzwatch digest` runs in-process. Each reader is read again, so an unsubscribe or a bounce that
 * came after the plan is honoured even on a late redelivery; the group renders once, at the
 * planner's moment.
 */
export async function deliverDigestMessage(deps: DueDigestDeps, message: DigestMessage, reads = new DigestRunReads(deps.store, new Date(message.at), message.date)): Promise<DigestMessageOutcome> {
  const at = new Date(message.at);
  if (message.kind === 'channels') {
    if (deps.channels) await deliverChannelDigests(deps, deps.channels, at, message.date);
    return { results: [], skipped: [], open: [] };
  }
  const found = await Promise.all(message.emails.map((email) => deps.store.subscribers.get(email)));
  const readers = found.filter((s): s is Subscriber => s?.status === 'active');
  const skipped = message.emails.filter((email) => !readers.some((s) => s.email.toLowerCase() === email.toLowerCase()));
  const results = await deliverDigests(deps, readers, message.date, {}, reads);
  const open = results.filter((r) => r.status === 'in-flight' || (r.status === 'failed' && !r.permanent));
  return { results, skipped, open };
}
