import { MailFailure } from '../../core/mail-failure';

/** What nodemailer's SMTP connection puts on its errors. */
export interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  command?: string;
}

/** The commands whose refusal is about this message (sender, recipient, content), not about the server. */
const MESSAGE_COMMANDS = new Set(['MAIL FROM', 'RCPT TO', 'DATA']);

function stageName(error: SmtpError, afterDot: boolean): string {
  if (afterDot) return 'after the end of the message';
  if (error.command === 'CONN') return error.responseCode ? 'at the greeting' : 'on the connection';
  return error.command ? `at ${error.command}` : 'on the connection';
}

/**
 * Classifies an SMTP failure (see core/mail-failure.ts). `afterDot`: the end-of-data dot had been
 * released to the server when the failure came.
 *
 * - A reply code is the server's own answer: 4xx temporary, 5xx to MAIL FROM, RCPT TO, DATA or the
 *   message permanent. A 5xx to the greeting, EHLO or AUTH says the server will not talk to us at
 *   all, which is a configuration problem, not this message's: temporary, not retried in this run.
 * - No reply code after the dot (reset, timeout): ambiguous, the server may have the message.
 * - No reply code before it: temporary; a timeout is not retried in the same run (a server that
 *   hung once would cost the same wait again).
 */
export function classifySmtpFailure(error: SmtpError, afterDot: boolean, server: string): MailFailure {
  const where = stageName(error, afterDot);
  const message = `SMTP ${server} ${where}: ${error.message}`;
  const code = error.responseCode;
  if (code && code >= 400 && code < 600) {
    // 503 is "bad sequence of commands": our fault or the server's confusion, not a verdict on the message.
    if (code >= 500 && code !== 503 && (afterDot || MESSAGE_COMMANDS.has(error.command ?? ''))) return new MailFailure(message, 'permanent', false, { cause: error });
    return new MailFailure(message, 'temporary', code < 500, { cause: error });
  }
  if (afterDot) return new MailFailure(`${message} (the server may have the message; it is not sent again)`, 'ambiguous', false, { cause: error });
  const timedOut = error.code === 'ETIMEDOUT';
  const authFailed = error.code === 'EAUTH';
  return new MailFailure(message, 'temporary', !timedOut && !authFailed, { cause: error });
}
