import { composeAws } from '../composition/aws';
import type { SourceKind } from '../core/types';
import { scheduleSources } from '../core/use-cases/schedule-sources';

const services = composeAws();

/** EventBridge Scheduler → one SQS message per enabled source of the scheduled kind. */
export const handler = async (event: { kind?: SourceKind }): Promise<{ enqueued: number }> => {
  if (!services.queue) throw new Error('environment variable COLLECT_QUEUE_URL is required by schedule-sources');
  const result = await scheduleSources({ queue: services.queue, store: services.store, sources: await services.sources.list(), now: () => services.clock.now() }, event?.kind);
  services.logger.info('sources enqueued', { kind: event?.kind ?? 'all', ...result });
  return result;
};
