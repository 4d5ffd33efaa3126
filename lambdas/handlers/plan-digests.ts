import { composeAws } from '../composition/aws';
import { scheduleDigestsDeps } from '../composition/use-case-deps';
import { scheduleDueDigests } from '../core/use-cases/schedule-digests';

const services = composeAws();

/**
 * Hourly (EventBridge Scheduler): the subscribers whose digest hour has come, grouped by what
 * their digest shows, one asynchronous invocation of deliver-digests per group (and one for the
 * chat channels whose hour has come). The worker delivers each message; the outbox keeps it to one
 * mail each. An invocation Lambda still refuses after a few tries fails this run (retried once,
 * then alarmed); readers it left out are due again at the next hour's plan anyway.
 */
export const handler = async (): Promise<{ messages: number; readers: number; served: number }> => {
  const { date, ...result } = await scheduleDueDigests(scheduleDigestsDeps(services), { at: services.clock.now() });
  services.logger.info('digests planned', { date, ...result });
  return result;
};
