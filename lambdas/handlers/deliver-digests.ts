import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { composeAws } from '../composition/aws';
import { digestDeps } from '../composition/use-case-deps';
import { digestMessageOf } from '../core/digest-message';
import { deliverDigestMessage, DigestRunReadsCache } from '../core/use-cases/deliver-digest-message';

const services = composeAws();
/** Per container: the next message of the same plan reuses the run's reads and renders. */
const runReads = new DigestRunReadsCache(services.store);
/**
 * A message not started with this much time left goes back to the queue: a group of readers takes
 * well under a minute (plan-digests sizes them), and a group cut off by the timeout would be
 * retried whole anyway.
 */
const MARGIN_MS = 60_000;

/**
 * SQS → the digests of each message's readers, rendered once per group. A send that may succeed
 * later (an outage, a 4xx, a claim held elsewhere) returns the message to the queue; the outbox
 * makes its readers already served cost one small read when it comes back. A mail refused for
 * good is recorded FAILED and the message counts as done.
 */
export const handler = async (event: SQSEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<SQSBatchResponse> => {
  const deadline = Date.now() + (context?.getRemainingTimeInMillis() ?? 300_000) - MARGIN_MS;
  const deps = digestDeps(services);
  const retry: string[] = [];
  for (const record of event.Records) {
    const message = digestMessageOf(record.body);
    if (!message) {
      services.logger.error('unreadable digest message, returned to the queue', { messageId: record.messageId });
      retry.push(record.messageId); // retried, then kept in the DLQ for a person
      continue;
    }
    if (Date.now() > deadline) {
      retry.push(record.messageId);
      continue;
    }
    try {
      const outcome = await deliverDigestMessage(deps, message, runReads.for(message));
      const results = outcome.results.map(({ html: _html, ...r }) => r);
      services.logger.info('digests', { date: message.date, kind: message.kind, messageId: record.messageId, results, skipped: outcome.skipped });
      if (outcome.retry) {
        const open = results.filter((r) => r.status === 'in-flight' || (r.status === 'failed' && !r.permanent));
        services.logger.warn('digests not delivered yet, message returned to the queue', { messageId: record.messageId, open: open.map((r) => `${r.email}: ${r.error}`) });
        retry.push(record.messageId);
      }
    } catch (error) {
      // The store or the mail service itself failed: nothing here is lost, the message comes back.
      runReads.forget();
      services.logger.error('digest message not delivered: infrastructure error', { messageId: record.messageId, error: (error as Error).message });
      retry.push(record.messageId);
    }
  }
  return { batchItemFailures: retry.map((itemIdentifier) => ({ itemIdentifier })) };
};
