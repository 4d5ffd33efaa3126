/**
 * How a failed send ended, which decides what the outbox records:
 * - `temporary`: nothing was delivered and a later try may succeed (4xx, timeouts, resets before the
 *   end of the message, throttling): the record goes back to PENDING for the next run.
 * - `permanent`: the server refused this message for good (5xx to the envelope or the data, SES
 *   MessageRejected…): the record becomes FAILED with the reason and is never sent again.
 * - `ambiguous`: the end of the message had been handed over and no answer came (reset or timeout
 *   after the final dot): the server may have it, so it counts as delivered and is not resent.
 */
export type MailFailureKind = 'temporary' | 'permanent' | 'ambiguous';

export class MailFailure extends Error {
  override readonly name = 'MailFailure';
  constructor(
    message: string,
    readonly kind: MailFailureKind,
    /** False when trying again within the same run is pointless (a server that hung, an account-level refusal). */
    readonly retryNow = kind === 'temporary',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Any error as a MailFailure: an unknown error is temporary (the next run tries again). */
export function asMailFailure(error: unknown): MailFailure {
  if (error instanceof MailFailure) return error;
  return new MailFailure((error as Error)?.message ?? String(error), 'temporary', true, { cause: error });
}
