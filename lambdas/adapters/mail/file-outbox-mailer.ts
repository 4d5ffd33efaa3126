import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Mailer } from '../../core/ports';
import { toSendMailOptions } from './send-mail-options';

/**
 * The file name of one message: when, to whom, and a hash of its Message-ID (which the outbox
 * derives from the record's key), so two mails to one person in the same millisecond get two files.
 */
function baseName(stamp: string, to: string, messageId: string): string {
  const recipient = to.replace(/[^A-Za-z0-9@._-]/g, '_').slice(0, 100);
  const id = createHash('sha256').update(messageId).digest('hex').slice(0, 12);
  return `${stamp}-${recipient}-${id}`;
}

/** Writes a new file, never replacing one: the name gets -2, -3… while taken. */
async function writeNew(dir: string, base: string, eml: Buffer): Promise<string> {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    try {
      await fs.writeFile(path.join(dir, `${name}.eml`), eml, { flag: 'wx' });
      return path.join(dir, name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n > 1000) throw error;
    }
  }
}

/**
 * Local delivery without a mail server: nodemailer builds the real MIME message, which is written
 * to `<dir>/<stamp>-<recipient>-<message hash>.eml` with an `.html` preview beside it for a browser.
 * No file is ever overwritten.
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
      const base = await writeNew(dir, baseName(stamp, mail.to, info.messageId), info.message as Buffer);
      // A browser cannot resolve cid: links, so the preview carries its inline images itself.
      const preview = (mail.attachments ?? []).reduce((html, a) => html.split(`cid:${a.cid}`).join(`data:${a.contentType};base64,${a.contentBase64}`), mail.html);
      await fs.writeFile(`${base}.html`, preview);
      return { messageId: info.messageId, emlPath: `${base}.eml`, previewPath: `${base}.html` };
    },
  };
}
