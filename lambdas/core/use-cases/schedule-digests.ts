import type { DigestMessage } from '../digest-message';
import type { DigestFanOut } from '../ports';
import { isChannelDigestDue } from './deliver-to-channels';
import type { DueDigestDeps, DueDigestRequest } from './digest-recipients';
import { planDueDigests } from './plan-digests';

export interface ScheduleDigestsDeps extends DueDigestDeps {
  digestFanOut: DigestFanOut;
}

/**
 * The hourly planner of the AWS shell: one message per group of due readers, and one for the
 * chat channels when one's digest hour has come, each handed to the digest worker on its own (an
 * asynchronous invocation on AWS). The worker delivers each message with the same use-cases
 * `gzwatch digest` runs in-process. Readers a failed message left PENDING are still due, so the
 * next hour's plan picks them up again whatever happened to the message.
 */
export async function scheduleDueDigests(deps: ScheduleDigestsDeps, request: DueDigestRequest): Promise<{ date: string; messages: number; readers: number; served: number }> {
  const plan = await planDueDigests(deps, { ...request, skipServed: true });
  const messages: DigestMessage[] = plan.groups.map((group) => ({ kind: 'readers', date: plan.date, at: plan.at, emails: group.map((s) => s.email) }));
  if (deps.channels && !request.only && (await deps.store.channels.list()).some((c) => isChannelDigestDue(c, request.at, plan.date))) {
    messages.push({ kind: 'channels', date: plan.date, at: plan.at });
  }
  const dispatched = messages.length ? await deps.digestFanOut.dispatch(messages) : 0;
  return { date: plan.date, messages: dispatched, readers: plan.groups.reduce((n, g) => n + g.length, 0), served: plan.served };
}
