import type { SuppressionReason } from './use-cases/suppress-address';

/** What an SES event (via SNS) says about recipients: who must get no more mail, and why. */
export interface MailFeedback {
  reason: Extract<SuppressionReason, 'bounced' | 'complained'>;
  emails: string[];
  detail: string;
}

interface SesEvent {
  eventType?: string;
  notificationType?: string;
  bounce?: { bounceType?: string; bounceSubType?: string; bouncedRecipients?: { emailAddress?: string; diagnosticCode?: string }[] };
  complaint?: { complaintFeedbackType?: string; complainedRecipients?: { emailAddress?: string }[] };
}

/**
 * Reads one SES event-publishing message (eventType) or identity notification (notificationType).
 * Only a permanent bounce suppresses: a transient one (mailbox full) is retried by SES itself.
 * Anything else (deliveries, sends, malformed text) is undefined.
 */
export function parseMailFeedback(message: string): MailFeedback | undefined {
  let event: SesEvent;
  try {
    event = JSON.parse(message) as SesEvent;
  } catch {
    return undefined;
  }
  const type = event.eventType ?? event.notificationType;
  const addresses = (list: { emailAddress?: string }[] | undefined) => (list ?? []).map((r) => r.emailAddress).filter((e): e is string => typeof e === 'string' && e.includes('@'));
  if (type === 'Bounce' && event.bounce?.bounceType === 'Permanent') {
    const code = event.bounce.bouncedRecipients?.find((r) => r.diagnosticCode)?.diagnosticCode;
    return { reason: 'bounced', emails: addresses(event.bounce.bouncedRecipients), detail: [event.bounce.bounceSubType, code].filter(Boolean).join(': ') || 'permanent bounce' };
  }
  if (type === 'Complaint') {
    return { reason: 'complained', emails: addresses(event.complaint?.complainedRecipients), detail: event.complaint?.complaintFeedbackType ?? 'complaint' };
  }
  return undefined;
}
