import { composeAws } from '../composition/aws';
import { scheduleDigestsDeps } from '../composition/use-case-deps';
import { scheduleDueDigests } from '../core/use-cases/schedule-digests';

const services = composeAws();

/**
 * Hourly (EventBridge Scheduler): the subscribers whose digest hour has come, grouped by what
 * their digest shows, one SQS message per group (and one for the chat channels whose hour has
 * come). The deliver-digests function delivers each message; the outbox keeps it to one mail each.
 */
export const handler = async (): Promise<{ messages: number; readers: number; served: number }> => {
  const { date, ...result } = await scheduleDueDigests(scheduleDigestsDeps(services), { at: services.clock.now() });
  services.logger.info('digests planned', { date, ...result });
  return result;
};
