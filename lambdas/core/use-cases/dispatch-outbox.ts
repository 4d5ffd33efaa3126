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
  /** Who claims, "<host>:<pid>"; with `isHolderAlive`, a claim left by a dead process on this machine is taken over at once instead of after its lease. */
  holder?: string;
  isHolderAlive?(holder: string): boolean;
  /** Fault injection for the crash tests: called at each step, it may end the process there. */
  fault?(step: 'after-claim' | 'before-commit' | 'after-send'): void;
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
  const leaseUntil = new Date(now.getTime() + (deps.leaseMs ?? 10 * 60_000)).toISOString();
  let claimed = await deps.store.outbox.claim(recipient, key, now.toISOString(), leaseUntil, token, deps.holder);
  if (!claimed) {
    const current = await deps.store.outbox.get(recipient, key);
    // COMMITTED: the mail server was receiving the end of the message when its sender stopped;
    // it counts as delivered, so a crash never turns into a second copy.
    if (current?.status === 'SENT' || current?.status === 'COMMITTED') return { status: 'already-sent', record: current };
    const dead = current?.status === 'SENDING' && current.claimedBy && current.claimToken && deps.isHolderAlive && !deps.isHolderAlive(current.claimedBy);
    if (dead) claimed = await deps.store.outbox.takeOver(recipient, key, current.claimToken!, leaseUntil, token, deps.holder);
    if (!claimed) return { status: 'in-flight', record: current, error: `another run holds this message until ${current?.leaseUntil ?? '?'}; run again after that` };
  }
  const record = claimed;
  deps.fault?.('after-claim');
  let committed = false;
  const commit = async () => {
    deps.fault?.('before-commit');
    await deps.store.outbox.commit(recipient, key, token);
    committed = true;
  };
  const attempt = async () => {
    try {
      return await mailer.send(
        { from: deps.from, to: recipient, subject: record.subject, html: record.html, text: record.text, headers: record.headers, messageId: record.messageId, attachments: record.attachments },
        { commit },
      );
    } catch (error) {
      // The server refused the end of the message: it was not delivered after all.
      if (committed) {
        await deps.store.outbox.uncommit(recipient, key, token);
        committed = false;
      }
      throw error;
    }
  };
  try {
    const sent = await backOff(
      attempt,
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
    deps.fault?.('after-send');
    await deps.store.outbox.markSent(recipient, key, token, deps.now().toISOString());
    return { status: 'sent', record, previewPath: sent.previewPath, emlPath: sent.emlPath };
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]!;
    await deps.store.outbox.release(recipient, key, token, message);
    return { status: 'failed', record, error: message };
  }
}
