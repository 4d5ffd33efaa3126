import { randomUUID } from 'node:crypto';
import { backOff } from 'exponential-backoff';
import type { Mailer, OutboxRecord, Store } from '../ports';

export interface DispatchDeps {
  store: Store;
  now(): Date;
  from: string;
  log(line: string): void;
  /** Attempts per message inside one run, with exponential backoff and jitter between them. */
  sendAttempts?: number;
  retryBaseMs?: number;
  leaseMs?: number;
}

export type DispatchOutcome =
  | { status: 'sent'; record: OutboxRecord; previewPath?: string; emlPath?: string }
  | { status: 'already-sent'; record?: OutboxRecord }
  | { status: 'in-flight'; record?: OutboxRecord; error: string }
  | { status: 'failed'; record: OutboxRecord; error: string };

/**
 * Sends one outbox record at most once per claim: claim it with a lease (a single conditional
 * write), send with retries, then mark it SENT. A send that keeps failing goes back to PENDING with
 * its error, so the next run retries it and nothing is dropped silently.
 */
export async function dispatchOutbox(deps: DispatchDeps, mailer: Mailer, recipient: string, key: string): Promise<DispatchOutcome> {
  const token = randomUUID();
  const now = deps.now();
  const claimed = await deps.store.outbox.claim(recipient, key, now.toISOString(), new Date(now.getTime() + (deps.leaseMs ?? 10 * 60_000)).toISOString(), token);
  if (!claimed) {
    const current = await deps.store.outbox.get(recipient, key);
    if (current?.status === 'SENT') return { status: 'already-sent', record: current };
    return { status: 'in-flight', record: current, error: `another run holds this message until ${current?.leaseUntil ?? '?'}; run again after that` };
  }
  try {
    const sent = await backOff(
      () => mailer.send({ from: deps.from, to: recipient, subject: claimed.subject, html: claimed.html, text: claimed.text, headers: claimed.headers, messageId: claimed.messageId, attachments: claimed.attachments }),
      {
        numOfAttempts: deps.sendAttempts ?? 3,
        startingDelay: deps.retryBaseMs ?? 1000,
        jitter: 'full',
        retry: (error: Error, attempt: number) => {
          deps.log(`  mail to ${recipient} failed (attempt ${attempt}): ${error.message.split('\n')[0]}`);
          return true;
        },
      },
    );
    await deps.store.outbox.markSent(recipient, key, token, deps.now().toISOString());
    return { status: 'sent', record: claimed, previewPath: sent.previewPath, emlPath: sent.emlPath };
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]!;
    await deps.store.outbox.release(recipient, key, token, message);
    return { status: 'failed', record: claimed, error: message };
  }
}
