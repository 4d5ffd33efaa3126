import { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Mailer } from '../../core/ports';
import { toSendMailOptions } from './send-mail-options';

/** The bare address of a From header ("gzwatch <a@b>" → a@b), for the SMTP envelope. */
function envelopeAddress(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

/** SMTP delivery from an smtp:// or smtps:// URL (credentials in the URL). */
export function createSmtpMailer(smtpUrl: string, options: { timeoutMs?: number } = {}): Mailer {
  const timeout = options.timeoutMs ?? 30_000;
  const url = new URL(smtpUrl);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // Local test servers have self-signed certificates only when asked for (?tls=insecure).
    tls: url.searchParams.get('tls') === 'insecure' ? { rejectUnauthorized: false } : undefined,
    ignoreTLS: url.searchParams.get('tls') === 'off',
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    description: `SMTP ${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 587)}`,
    async send(mail, hooks) {
      if (!hooks?.commit) return { messageId: (await transport.sendMail(toSendMailOptions(mail))).messageId };
      // Build the message first, then stream it so that the end of the data (after which the
      // server owns the message) only follows once the caller has recorded the commit.
      const message = await new MailComposer(toSendMailOptions(mail)).compile().build();
      const commit = hooks.commit;
      let stage = 0;
      const raw = new Readable({
        read() {
          if (stage++ === 0) return void this.push(message);
          commit().then(
            () => this.push(null),
            (error: Error) => this.destroy(error),
          );
        },
      });
      const info = await transport.sendMail({ envelope: { from: envelopeAddress(mail.from), to: [mail.to] }, raw, messageId: mail.messageId });
      return { messageId: info.messageId };
    },
    async close() {
      transport.close();
    },
  };
}
