import { composeAws } from '../composition/aws';
import { digestDeps } from '../composition/use-case-deps';
import { digestMessageOf } from '../core/digest-message';
import { deliverDigestMessage, DigestRunReadsCache } from '../core/use-cases/deliver-digest-message';

const services = composeAws();
/** Per container: the next message of the same plan reuses the run's reads and renders. */
const runReads = new DigestRunReadsCache(services.store);

/**
 * One digest message per asynchronous invocation (the planner's; see lambdas/adapters/
 * lambda-digest-invoker.ts) → the digests of its readers, rendered once per group. A send that may
 * succeed later (an outage, a 4xx, a claim held elsewhere) or a failing store makes the invocation
 * throw, so Lambda retries it (twice, within the event's maximum age) and then keeps it in the
 * failed-invocations queue, which is alarmed; the outbox makes readers already served cost one
 * small read on each retry, and Lambda delivering an event twice sends nothing twice. A mail
 * refused for good is recorded FAILED and the invocation succeeds. Readers still PENDING after
 * all that remain due, so the next hour's planner puts them in a message again.
 */
export const handler = async (event: unknown): Promise<{ kind: string; statuses: Record<string, number>; skipped: number }> => {
  const message = digestMessageOf(event);
  if (!message) {
    services.logger.error('unreadable digest event', { event: JSON.stringify(event)?.slice(0, 500) });
    throw new Error('not a digest message: kept in the failed-invocations queue for a person');
  }
  let outcome;
  try {
    outcome = await deliverDigestMessage(digestDeps(services), message, runReads.for(message));
  } catch (error) {
    // The store or the mail service itself failed: nothing is lost, Lambda retries the event.
    runReads.forget();
    services.logger.error('digest message not delivered: infrastructure error', { date: message.date, kind: message.kind, error: (error as Error).message });
    throw error;
  }
  const results = outcome.results.map(({ html: _html, ...r }) => r);
  services.logger.info('digests', { date: message.date, kind: message.kind, results, skipped: outcome.skipped });
  if (outcome.open.length) throw new Error(`digests not delivered yet, retried by Lambda: ${outcome.open.map((r) => `${r.email}: ${r.error}`).join('; ')}`);
  const statuses: Record<string, number> = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return { kind: message.kind, statuses, skipped: outcome.skipped.length };
};
