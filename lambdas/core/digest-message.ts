/**
 * The body of one digest message: the planner writes it, the digest worker reads it. `at` is the
 * end of every window of the planning run, so each group renders the window the planner grouped
 * its readers by, whenever (and however often) the message is received.
 */
export type DigestMessage =
  /** Deliver the day's digest to these readers (they share one render: see plan-digests). */
  | { kind: 'readers'; date: string; at: string; emails: string[] }
  /** Post the day's summary to the chat channels whose digest hour has come. */
  | { kind: 'channels'; date: string; at: string };

export function digestMessageBody(message: DigestMessage): string {
  return JSON.stringify(message);
}

const isDate = (x: unknown): x is string => typeof x === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(x);
const isInstant = (x: unknown): x is string => typeof x === 'string' && !Number.isNaN(Date.parse(x));

/**
 * The message an event holds: the parsed payload Lambda hands the worker, or a body as text.
 * Undefined when it is not one (the worker fails it, so it ends in the failure destination).
 */
export function digestMessageOf(event: unknown): DigestMessage | undefined {
  let parsed: Record<string, unknown>;
  try {
    parsed = (typeof event === 'string' ? JSON.parse(event) : event) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || !isDate(parsed.date) || !isInstant(parsed.at)) return undefined;
  if (parsed.kind === 'channels') return { kind: 'channels', date: parsed.date, at: parsed.at };
  const emails = parsed.emails;
  if (parsed.kind !== 'readers' || !Array.isArray(emails) || !emails.length || !emails.every((e) => typeof e === 'string')) return undefined;
  return { kind: 'readers', date: parsed.date, at: parsed.at, emails: emails as string[] };
}
