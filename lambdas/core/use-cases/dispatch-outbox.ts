import { randomUUID } from 'node:crypto';
import { backOff } from 'exponential-backoff';
import { asMailFailure, type MailFailure } from '../mail-failure';
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

/**
 * - `sent`: the server took the message. With `unconfirmed`, the end of the message was handed
 *   over but no answer came (the one ambiguous window): it counts as delivered, stays COMMITTED
 *   in the outbox and is not sent again.
 * - `failed`: not delivered. `permanent`: refused for good (the record is FAILED with the reason,
 *   never retried); otherwise the record is PENDING again and the next run retries it.
 */
export type DispatchOutcome =
  | { status: 'sent'; record: OutboxRecord; previewPath?: string; emlPath?: string; unconfirmed?: string }
  | { status: 'already-sent'; record?: OutboxRecord }
  | { status: 'in-flight'; record?: OutboxRecord; error: string }
  | { status: 'failed'; record: OutboxRecord; error: string; permanent: boolean };

const firstLine = (message: string) => message.split('\n')[0]!;

/**
 * Sends one outbox record at most once per claim: claim it with a lease (a single conditional
 * write), send, then mark it SENT. The mailer records COMMITTED through the commit hook only once
 * the server accepted the envelope, just before the end of the message. Temporary failures are
 * retried with backoff inside the run, then left PENDING for the next run; permanent refusals
 * end in FAILED; an unanswered end of message stays COMMITTED and is never resent.
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
    if (current?.status === 'FAILED') return { status: 'failed', record: current, error: current.lastError ?? 'refused permanently', permanent: true };
    const dead = current?.status === 'SENDING' && current.claimedBy && current.claimToken && deps.isHolderAlive && !deps.isHolderAlive(current.claimedBy);
    if (dead) claimed = await deps.store.outbox.takeOver(recipient, key, current.claimToken!, leaseUntil, token, deps.holder);
    if (!claimed) return { status: 'in-flight', record: current, error: `another run holds this message until ${current?.leaseUntil ?? '?'}; run again after that` };
  }
  const record = claimed;
  deps.fault?.('after-claim');
  /** 'asked' once the commit write was sent: it may have landed even if it threw. */
  let commitState: 'none' | 'asked' | 'done' = 'none';
  const commit = async () => {
    deps.fault?.('before-commit');
    commitState = 'asked';
    await deps.store.outbox.commit(recipient, key, token);
    commitState = 'done';
  };
  const attempt = async () => {
    try {
      return await mailer.send(
        { from: deps.from, to: recipient, subject: record.subject, html: record.html, text: record.text, headers: record.headers, messageId: record.messageId, attachments: record.attachments },
        { commit },
      );
    } catch (error) {
      const failure = asMailFailure(error);
      // Unanswered after the final dot: the server may have the message, so it stays COMMITTED.
      if (failure.kind === 'ambiguous' && commitState === 'done') throw failure;
      // Anything else means the server does not have it: undo the commit (it may have landed even
      // when the write threw) so the record can go back to PENDING or on to FAILED.
      if (commitState !== 'none') {
        await deps.store.outbox.uncommit(recipient, key, token);
        commitState = 'none';
      }
      throw failure.kind === 'ambiguous' ? asMailFailure(new Error(failure.message)) : failure;
    }
  };
  let sent;
  try {
    sent = await backOff(attempt, {
      numOfAttempts: deps.sendAttempts ?? 3,
      startingDelay: deps.retryBaseMs ?? 1000,
      jitter: 'full',
      retry: (error: MailFailure, attempt: number) => {
        const again = error.kind === 'temporary' && error.retryNow;
        deps.log(`  mail to ${recipient} failed (attempt ${attempt}${again ? '' : ', not retried in this run'}): ${firstLine(error.message)}`);
        return again;
      },
    });
  } catch (error) {
    const failure = asMailFailure(error);
    const message = firstLine(failure.message);
    if (failure.kind === 'ambiguous') {
      await deps.store.outbox.noteUnconfirmed(recipient, key, token, `unconfirmed: ${message}`);
      return { status: 'sent', record, unconfirmed: message };
    }
    if (failure.kind === 'permanent') {
      await deps.store.outbox.fail(recipient, key, token, message, deps.now().toISOString());
      return { status: 'failed', record, error: message, permanent: true };
    }
    await deps.store.outbox.release(recipient, key, token, message);
    return { status: 'failed', record, error: message, permanent: false };
  }
  deps.fault?.('after-send');
  await deps.store.outbox.markSent(recipient, key, token, deps.now().toISOString());
  return { status: 'sent', record, previewPath: sent.previewPath, emlPath: sent.emlPath };
}
