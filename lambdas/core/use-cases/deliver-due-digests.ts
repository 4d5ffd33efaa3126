import { channelDigestBatch } from '../channels/digest-message';
import { deliverDigests, DigestRunReads, type DigestResult } from './deliver-digests';
import { deliverToChannels, isChannelDigestDue, type ChannelDeliveryDeps } from './deliver-to-channels';
import type { DueDigestDeps, DueDigestReport, DueDigestRequest } from './digest-recipients';
import { planDueDigests } from './plan-digests';

export { digestRecipients, isDigestDue, oneOffRecipient, type DueDigestDeps, type DueDigestReport, type DueDigestRequest } from './digest-recipients';

/**
 * The entry use-case of both shells for digests, run in-process (`gzwatch digest`): the same plan
 * the hourly planner hands the digest worker on AWS, each group delivered here in turn, so every reader due at
 * `at` gets the digest of the day at most once (the outbox decides), after the policy alerts an
 * outage left unsent. One set of run reads serves every group, as one worker serves its message.
 */
export async function deliverDueDigests(deps: DueDigestDeps, request: DueDigestRequest): Promise<DueDigestReport> {
  const plan = await planDueDigests(deps, request);
  const reads = new DigestRunReads(deps.store, new Date(plan.at), plan.date);
  const byEmail = new Map<string, DigestResult>();
  for (const group of plan.groups) {
    for (const result of await deliverDigests(deps, group, plan.date, { dryRun: request.dryRun }, reads)) byEmail.set(result.email, result);
  }
  // In the order the recipients were listed, as the report always was.
  const results = plan.recipients.map((s) => byEmail.get(s.email)).filter((r): r is DigestResult => r !== undefined);
  if (deps.channels && !request.dryRun && !request.only) await deliverChannelDigests(deps, deps.channels, request.at, plan.date);
  return { date: plan.date, results, note: plan.note };
}

/** The day's summary for each chat channel whose digest hour has come (once: the outbox key names the day). */
export async function deliverChannelDigests(deps: Pick<DueDigestDeps, 'store'>, channels: ChannelDeliveryDeps, at: Date, date: string): Promise<void> {
  if (!(await deps.store.channels.list()).some((c) => isChannelDigestDue(c, at, date))) return;
  // The last day's stories: a chat summary is a glance at what is new, not a ledger.
  const [articles, entities] = await Promise.all([deps.store.articles.listFirstSeenBetween(new Date(at.getTime() - 86_400_000).toISOString(), at.toISOString()), deps.store.watchlist.list()]);
  await deliverToChannels(channels, channelDigestBatch(articles, entities, date));
}
