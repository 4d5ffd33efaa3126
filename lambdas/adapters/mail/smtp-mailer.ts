import { Readable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { InputError } from '../../core/errors';
import { MailFailure } from '../../core/mail-failure';
import type { Mailer, OutgoingMail, SendHooks } from '../../core/ports';
import { toSendMailOptions } from './send-mail-options';
import { classifySmtpFailure, type SmtpError } from './smtp-failure';

/** The bare address of a From header ("gzwatch <a@b>" → a@b), for the SMTP envelope. */
function envelopeAddress(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

export interface SmtpTimeouts {
  /** TCP (and TLS) connection established. */
  connectMs: number;
  /** The server's 220 greeting (and the rest of the session setup: EHLO, STARTTLS). */
  greetingMs: number;
  /** Any later wait with nothing arriving: a reply to a command, the answer to the final dot. */
  dataMs: number;
}

/** A hanging server costs at most these per message, and only once per run (see `hungUntil`). */
export const DEFAULT_SMTP_TIMEOUTS: SmtpTimeouts = { connectMs: 10_000, greetingMs: 10_000, dataMs: 30_000 };

/** After a server hung, further messages fail at once for this long instead of waiting again. */
const HANG_BACKOFF_MS = 5 * 60_000;

/**
 * Timeouts from the URL's query (`?timeout=S` for all three, or `connectTimeout=S`,
 * `greetingTimeout=S`, `dataTimeout=S`; seconds, fractions allowed), over `base`.
 */
export function smtpTimeouts(url: URL, base: SmtpTimeouts): SmtpTimeouts {
  const seconds = (name: string): number | undefined => {
    const raw = url.searchParams.get(name);
    if (raw === null) return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0 || value > 600) throw new InputError(`SMTP_URL: ${name} must be a number of seconds between 0 and 600, got "${raw}"`);
    return Math.round(value * 1000);
  };
  const all = seconds('timeout');
  return {
    connectMs: seconds('connectTimeout') ?? all ?? base.connectMs,
    greetingMs: seconds('greetingTimeout') ?? all ?? base.greetingMs,
    dataMs: seconds('dataTimeout') ?? all ?? base.dataMs,
  };
}

/**
 * SMTP delivery from an smtp:// or smtps:// URL (credentials in the URL), one connection per
 * message, driven step by step so that the outbox commit (hooks.commit) happens only after the
 * server accepted MAIL FROM, every RCPT TO and DATA, right before the end-of-data dot. A refusal
 * before that point therefore never leaves the message recorded as delivered.
 */
export function createSmtpMailer(smtpUrl: string, options: { timeoutMs?: number; timeouts?: Partial<SmtpTimeouts> } = {}): Mailer {
  const url = new URL(smtpUrl);
  const base = options.timeoutMs ? { connectMs: options.timeoutMs, greetingMs: options.timeoutMs, dataMs: options.timeoutMs } : DEFAULT_SMTP_TIMEOUTS;
  const timeouts = { ...smtpTimeouts(url, base), ...options.timeouts };
  const secure = url.protocol === 'smtps:';
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  const server = `${url.hostname}:${port}`;
  const auth = url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined;
  let hung: { until: number; reason: string } | undefined;

  async function sendOnce(mail: OutgoingMail, hooks?: SendHooks) {
    const node = new MailComposer(toSendMailOptions(mail)).compile();
    const messageId = node.messageId();
    const message = await node.build();
    const connection = new SMTPConnection({
      host: url.hostname,
      port,
      secure,
      // Local test servers have self-signed certificates only when asked for (?tls=insecure).
      tls: url.searchParams.get('tls') === 'insecure' ? { rejectUnauthorized: false } : undefined,
      ignoreTLS: url.searchParams.get('tls') === 'off',
      connectionTimeout: timeouts.connectMs,
      greetingTimeout: timeouts.greetingMs,
      socketTimeout: timeouts.dataMs,
      dnsTimeout: timeouts.connectMs,
      socketCloseTimeout: 1000,
      logger: false,
    });
    // Every error also reaches the callback of the step in flight; this keeps a late one from
    // being thrown as an unhandled 'error' event.
    connection.on('error', () => undefined);
    let dotReleased = false;
    /** Whether the dot had been released when the first failure arrived (noted then, not later). */
    let dotAtFailure: boolean | undefined;
    /** Runs one step; the connection's 'error' event fails it too (connect reports errors only there). */
    const step = <T>(run: (done: (error?: SmtpError | null, value?: T) => void) => void) =>
      new Promise<T>((resolve, reject) => {
        const fail = (error: SmtpError) => {
          dotAtFailure ??= dotReleased;
          reject(error);
        };
        connection.once('error', fail);
        run((error, value) => {
          connection.removeListener('error', fail);
          if (error) fail(error);
          else resolve(value as T);
        });
      });

    let commitWrite: Promise<unknown> = Promise.resolve();
    // The message is read only once the envelope was accepted (DATA answered 354). Its end, which
    // makes nodemailer write the final dot, follows only once the commit is recorded.
    let part = 0;
    const raw = new Readable({
      read() {
        if (part++ === 0) return void this.push(message);
        if (part !== 2) return;
        const release = () => {
          dotReleased = true;
          this.push(null);
        };
        if (!hooks?.commit) return release();
        const write = hooks.commit();
        commitWrite = write.catch(() => undefined);
        write.then(release, (error: Error) => this.destroy(error));
      },
    });
    let closedCleanly = false;
    try {
      await step<void>((done) => connection.connect((error) => done(error)));
      if (auth) await step<boolean>((done) => connection.login(auth, done));
      const info = await step<SMTPConnection.SentMessageInfo>((done) => connection.send({ from: envelopeAddress(mail.from), to: [mail.to], size: message.length }, raw, done));
      connection.quit();
      // A server that never answers QUIT must not keep the process alive for the data timeout.
      const hangUp = setTimeout(() => connection.close(), 1000);
      connection.once('end', () => clearTimeout(hangUp));
      closedCleanly = true;
      return { messageId: mail.messageId ?? messageId, response: info.response };
    } catch (error) {
      const afterDot = dotAtFailure ?? dotReleased;
      // The caller must know whether the commit landed before it decides what to record.
      await commitWrite;
      const failure = classifySmtpFailure(error as SmtpError, afterDot, server);
      if ((error as SmtpError).code === 'ETIMEDOUT' && !afterDot) hung = { until: Date.now() + HANG_BACKOFF_MS, reason: failure.message };
      throw failure;
    } finally {
      if (!closedCleanly) connection.close();
    }
  }

  return {
    description: `SMTP ${server}`,
    async send(mail, hooks) {
      if (hung && hung.until > Date.now()) {
        throw new MailFailure(`${hung.reason} (moments ago; not tried again until ${new Date(hung.until).toISOString()})`, 'temporary', false);
      }
      const sent = await sendOnce(mail, hooks);
      hung = undefined;
      return { messageId: sent.messageId };
    },
    async close() {
      // One connection per message, each closed when its message is done: nothing is left open.
    },
  };
}
