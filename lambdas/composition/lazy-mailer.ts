import type { Mailer } from '../core/ports';

/**
 * A mailer whose transport (nodemailer, the SES client, the SMTP secret) is loaded on the first
 * send: a collector that sends no alert never pays for it at cold start.
 */
export function lazyMailer(description: string, load: () => Promise<Mailer>): Mailer {
  let loaded: Promise<Mailer> | undefined;
  const get = () => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
  return {
    description,
    async send(mail, hooks) {
      return (await get()).send(mail, hooks);
    },
    async close() {
      if (loaded) await (await loaded.catch(() => undefined))?.close?.();
    },
  };
}
