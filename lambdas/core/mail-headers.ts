import { createHash } from 'node:crypto';
import { cutText } from './cut-text';

/**
 * A subject people can read in a mail list: one line, at most 200 characters and 600 UTF-8 bytes
 * (a 100,000-character title would otherwise become a half-megabyte header that servers refuse).
 */
export const MAX_SUBJECT_CHARS = 200;
export const MAX_SUBJECT_BYTES = 600;

export function capSubject(subject: string): string {
  return cutText(subject.replace(/[\r\n\t]+/g, ' ').trim(), { maxChars: MAX_SUBJECT_CHARS, maxBytes: MAX_SUBJECT_BYTES });
}

/**
 * The Message-ID of one outbox record, from its recipient and key only: stable across retries (a
 * resent copy is recognisably the same message) and carrying nothing secret, in particular no bit
 * of the subscriber's unsubscribe token.
 */
export function outboxMessageId(recipient: string, key: string): string {
  const readable = key.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
  const hash = createHash('sha256').update(`${recipient.toLowerCase()}\n${key}`).digest('hex').slice(0, 20);
  return `<${readable || 'mail'}.${hash}@gzwatch>`;
}
