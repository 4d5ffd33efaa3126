/**
 * How long items live before DynamoDB's TTL removes them (attribute `expiresAt`, epoch seconds).
 * Articles outlive the lists that link to them, so an expired one is never seen again as new;
 * delivered mail is kept long enough to answer "was this sent?".
 */
export const ARTICLE_DAYS = 400;
export const OUTBOX_DAYS = 90;
/** An opt-in nobody confirmed: anyone may type any address into the form, so it does not stay. */
export const PENDING_DAYS = 7;

export function expiresAt(fromIso: string, days: number): number {
  return Math.floor(new Date(fromIso).getTime() / 1000) + days * 86_400;
}
