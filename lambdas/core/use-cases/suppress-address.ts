import { randomBytes } from 'node:crypto';
import type { Store } from '../ports';
import type { Subscriber } from '../types';

export type SuppressionReason = 'unsubscribed' | 'bounced' | 'complained';

/**
 * Stops every later mail to an address: an unsubscribe link, a permanent bounce (SES event or a
 * local permanent SMTP rejection) or a complaint. The record is kept with its reason, so the
 * address is not re-added without a new opt-in and `gzwatch subscribers list` shows why. An
 * address that was never a subscriber gets a suppressed record too. A complaint is never
 * downgraded to a bounce.
 */
export async function suppressAddress(store: Store, email: string, reason: SuppressionReason, at: Date, detail?: string): Promise<Subscriber> {
  const current = await store.subscribers.get(email);
  const why = detail ? `${reason}: ${detail}`.slice(0, 300) : reason;
  if (!current) {
    const record: Subscriber = {
      email: email.toLowerCase(),
      follows: [],
      digestHour: 8,
      status: reason,
      unsubscribeToken: randomBytes(16).toString('hex'),
      sendEmpty: false,
      createdAt: at.toISOString(),
      suppressedAt: at.toISOString(),
      suppressedReason: why,
    };
    await store.subscribers.put(record);
    return record;
  }
  if (current.status === 'complained' || current.status === reason) return current;
  const next: Subscriber = { ...current, status: reason, suppressedAt: at.toISOString(), suppressedReason: why };
  await store.subscribers.put(next);
  return next;
}

/** A permanent refusal that is about the address itself (not the content or the sender's setup). */
const ADDRESS_REFUSED = /RCPT TO|invalid (recipient|address|mailbox)|user unknown|no such user|mailbox (unavailable|not found)|does not exist|recipient address rejected/i;

/**
 * A local permanent SMTP rejection of the recipient (a 5xx to RCPT TO) suppresses the address as
 * bounced, as SES's bounce events do on AWS: it gets nothing more until it opts in again.
 */
export async function suppressIfAddressRefused(store: Store, email: string, error: string, permanent: boolean, at: Date): Promise<boolean> {
  if (!permanent || !ADDRESS_REFUSED.test(error)) return false;
  if (!(await store.subscribers.get(email))) return false; // a one-off recipient is nobody to suppress
  await suppressAddress(store, email, 'bounced', at, error);
  return true;
}
