import type { DigestCursorState } from '../ports';
import { shanghaiDate, shanghaiDayAt } from '../time';
import type { Subscriber } from '../types';
import { digestRenderKey } from './deliver-digests';
import { digestRecipients, type DueDigestDeps, type DueDigestRequest } from './digest-recipients';

/**
 * Readers per digest message. A reader costs the worker a handful of small DynamoDB calls and one
 * send (tens of milliseconds, measured by scripts/bench/digest.ts; SES adds its own latency), so
 * a full group finishes in well under a minute, far inside the worker's timeout, while 10,000
 * readers still make only about a hundred messages.
 */
export const DIGEST_GROUP_SIZE = 100;

/** The digest worker's timeout (lib/functions.ts): a full group takes a small part of it. */
export const DIGEST_WORKER_TIMEOUT_SECONDS = 180;

export interface DigestPlan {
  date: string;
  /** The end of every window of the run (the planner's moment): each group renders at it. */
  at: string;
  /** Readers whose digests render the same, together; each group at most `groupSize` long. */
  groups: Subscriber[][];
  /** The same readers in the order they were listed. */
  recipients: Subscriber[];
  /** Due readers left out because their cursor shows today's digest already reached them. */
  served: number;
  note?: string;
}

/** The moment `subscriber`'s digest of `date` fell due (Asia/Shanghai). */
function dueMoment(subscriber: Subscriber, date: string): string {
  return shanghaiDayAt(date, subscriber.digestHour);
}

/**
 * Who is due (as `deliverDueDigests` decides) grouped by render key: readers who follow the same
 * things, in the same language and frequency, from the same cursor, share a group and so one
 * render. One batched read of the cursors does it, whatever the number of readers.
 * `skipServed` (the hourly planner) leaves out readers whose cursor already passed the moment
 * their digest fell due today: delivered, or nothing to report. The outbox still decides for
 * everyone else, so a reader wrongly left in costs one small read, never a second mail.
 */
export async function planDueDigests(
  deps: Pick<DueDigestDeps, 'store' | 'now' | 'pageLinks' | 'fallbackRecipient'>,
  request: DueDigestRequest & { skipServed?: boolean },
  groupSize = DIGEST_GROUP_SIZE,
): Promise<DigestPlan> {
  const date = request.date ?? shanghaiDate(request.at);
  const now = deps.now();
  const { list, note } = await digestRecipients(deps, request, date);
  const active = list.filter((s) => s.status === 'active');
  const cursors: Map<string, DigestCursorState> = active.length ? await deps.store.subscribers.getDigestCursors(active.map((s) => s.email)) : new Map();
  const byKey = new Map<string, Subscriber[]>();
  const recipients: Subscriber[] = [];
  for (const subscriber of active) {
    const state = cursors.get(subscriber.email.toLowerCase());
    if (request.skipServed && state && state.cursor >= dueMoment(subscriber, date)) {
      continue;
    }
    recipients.push(subscriber);
    const { key } = digestRenderKey(subscriber, state, now, Boolean(deps.pageLinks?.(subscriber, date)));
    const group = byKey.get(key);
    if (group) group.push(subscriber);
    else byKey.set(key, [subscriber]);
  }
  const groups: Subscriber[][] = [];
  for (const members of byKey.values()) {
    for (let i = 0; i < members.length; i += groupSize) groups.push(members.slice(i, i + groupSize));
  }
  return { date, at: now.toISOString(), groups, recipients, served: active.length - recipients.length, note };
}
