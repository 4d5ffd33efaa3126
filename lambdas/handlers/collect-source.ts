import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { composeAws } from '../composition/aws';
import { collectDeps } from '../composition/use-case-deps';
import { sourceIdOfMessage } from '../core/source-message';
import { collectSources } from '../core/use-cases/collect-sources';

const services = composeAws();
/** Time kept back from the function's timeout for recording health and answering SQS. */
const MARGIN_MS = 20_000;

/**
 * SQS → collect the batch's sources. A site that fails is recorded in its health; a source that met
 * an infrastructure failure, or was not started before the deadline, goes back to the queue.
 */
export const handler = async (event: SQSEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<SQSBatchResponse> => {
  const known = new Map((await services.sources.list()).map((s) => [s.id, s]));
  const messageOf = new Map<string, string>();
  const unreadable: string[] = [];
  for (const record of event.Records) {
    const sourceId = sourceIdOfMessage(record.body);
    if (sourceId === undefined) unreadable.push(record.messageId); // retried, then kept in the DLQ for a person
    else if (known.has(sourceId)) messageOf.set(sourceId, record.messageId);
    else services.logger.warn('unknown source id, message dropped', { sourceId, messageId: record.messageId });
  }
  const remaining = context?.getRemainingTimeInMillis() ?? 900_000;
  const report = await collectSources(collectDeps(services), [...messageOf.keys()].map((id) => known.get(id)!), {
    deadline: Date.now() + remaining - Math.max(MARGIN_MS, remaining * 0.1),
  });
  for (const r of report.results) services.logger.info('source collected', { ...r });
  for (const e of report.infrastructureErrors) services.logger.error('source not collected: infrastructure error', { ...e });
  const retry = [...report.infrastructureErrors.map((e) => messageOf.get(e.sourceId)!), ...report.deferred.map((id) => messageOf.get(id)!), ...unreadable];
  return { batchItemFailures: retry.map((itemIdentifier) => ({ itemIdentifier })) };
};
