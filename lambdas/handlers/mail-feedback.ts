import type { SNSEvent } from 'aws-lambda';
import { composeAws } from '../composition/aws';
import { parseMailFeedback } from '../core/mail-feedback';
import { suppressAddress } from '../core/use-cases/suppress-address';

const services = composeAws();

/**
 * SES bounce and complaint events (configuration set → SNS → here): the address is marked bounced
 * or complained and gets no later mail. Other event types are ignored.
 */
export const handler = async (event: SNSEvent): Promise<{ suppressed: number }> => {
  let suppressed = 0;
  for (const record of event.Records) {
    const feedback = parseMailFeedback(record.Sns.Message);
    if (!feedback) continue;
    for (const email of feedback.emails) {
      await suppressAddress(services.store, email, feedback.reason, services.clock.now(), feedback.detail);
      services.logger.info('address suppressed', { reason: feedback.reason, detail: feedback.detail });
      suppressed++;
    }
  }
  return { suppressed };
};
