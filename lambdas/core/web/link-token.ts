import { timingSafeEqual } from 'node:crypto';
import type { Subscriber } from '../types';

/**
 * The token in every link of a subscriber's mail: their address (base64url) and their secret of
 * 128 random bits. The address says whose record to read; the secret must then match that record,
 * compared in constant time. So a token acts on its own subscriber only, a guessed or edited one
 * matches nobody, and nothing about the store needs an index by token.
 */
export function linkToken(subscriber: Pick<Subscriber, 'email' | 'unsubscribeToken'>): string {
  return `${Buffer.from(subscriber.email.toLowerCase(), 'utf8').toString('base64url')}.${subscriber.unsubscribeToken}`;
}

export interface ParsedToken {
  email: string;
  secret: string;
}

/** Undefined for anything that is not of the token's shape. */
export function parseLinkToken(token: string): ParsedToken | undefined {
  const m = /^([A-Za-z0-9_-]{4,400})\.([0-9a-f]{32,128})$/.exec(token);
  if (!m) return undefined;
  const email = Buffer.from(m[1]!, 'base64url').toString('utf8');
  if (!email.includes('@') || Buffer.from(email, 'utf8').toString('base64url') !== m[1]) return undefined;
  return { email, secret: m[2]! };
}

export function tokenMatches(subscriber: Pick<Subscriber, 'unsubscribeToken'>, secret: string): boolean {
  const a = Buffer.from(subscriber.unsubscribeToken, 'utf8');
  const b = Buffer.from(secret, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
