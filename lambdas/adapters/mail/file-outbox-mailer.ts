import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Mailer } from '../../core/ports';
import { toSendMailOptions } from './send-mail-options';

/**
 * Local delivery without a mail server: nodemailer builds the real MIME message, which is written
 * to `<dir>/<stamp>-<recipient>.eml` with an `.html` preview beside it for a browser.
 */
export function createFileOutboxMailer(dir: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    description: `file outbox ${dir}`,
    async send(mail, hooks) {
      // Writing the file is the delivery; record it first (a crash between the two loses only a preview).
      await hooks?.commit?.();
      const info = await transport.sendMail(toSendMailOptions(mail));
      await fs.mkdir(dir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const base = path.join(dir, `${stamp}-${mail.to.replace(/[^A-Za-z0-9@._-]/g, '_')}`);
      await fs.writeFile(`${base}.eml`, info.message as Buffer);
      // A browser cannot resolve cid: links, so the preview carries its inline images itself.
      const preview = (mail.attachments ?? []).reduce((html, a) => html.split(`cid:${a.cid}`).join(`data:${a.contentType};base64,${a.contentBase64}`), mail.html);
      await fs.writeFile(`${base}.html`, preview);
      return { messageId: info.messageId, emlPath: `${base}.eml`, previewPath: `${base}.html` };
    },
  };
}
