import type { DigestMessage } from '../digest-message';
import type { DigestQueue } from '../ports';
import { isChannelDigestDue } from './deliver-to-channels';
import type { DueDigestDeps, DueDigestRequest } from './digest-recipients';
import { planDueDigests } from './plan-digests';

export interface ScheduleDigestsDeps extends DueDigestDeps {
  digestQueue: DigestQueue;
}

/**
 * The hourly planner of the AWS shell: one queue message per group of due readers, and one for
 * the chat channels when one's digest hour has come. The digest worker delivers each message
 * with the same use-cases `gzwatch digest` runs in-process.
 */
export async function scheduleDueDigests(deps: ScheduleDigestsDeps, request: DueDigestRequest): Promise<{ date: string; messages: number; readers: number; served: number }> {
  const plan = await planDueDigests(deps, { ...request, skipServed: true });
  const messages: DigestMessage[] = plan.groups.map((group) => ({ kind: 'readers', date: plan.date, at: plan.at, emails: group.map((s) => s.email) }));
  if (deps.channels && !request.only && (await deps.store.channels.list()).some((c) => isChannelDigestDue(c, request.at, plan.date))) {
    messages.push({ kind: 'channels', date: plan.date, at: plan.at });
  }
  const enqueued = messages.length ? await deps.digestQueue.enqueue(messages) : 0;
  return { date: plan.date, messages: enqueued, readers: plan.groups.reduce((n, g) => n + g.length, 0), served: plan.served };
}
