import type { Mailer } from '../core/ports';
import { lazy } from './services';

/**
 * A mailer whose transport (nodemailer, the SES client, the SMTP secret) is loaded on the first
 * send: a collector that sends no alert never pays for it at cold start.
 */
export function lazyMailer(description: string, load: () => Promise<Mailer>): Mailer {
  const transport = lazy(load);
  return {
    description,
    async send(mail, hooks) {
      return (await transport()).send(mail, hooks);
    },
    async close() {
      // Only a transport that was built is closed; none is loaded just to close it.
      await (await transport.built()?.catch(() => undefined))?.close?.();
    },
  };
}
