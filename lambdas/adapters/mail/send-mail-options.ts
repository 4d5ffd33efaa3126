import type { SendMailOptions } from 'nodemailer';
import { cutText } from '../../core/cut-text';
import { capSubject } from '../../core/mail-headers';
import type { OutgoingMail } from '../../core/ports';

/** Any other header stays one line of at most this many bytes (a List-Unsubscribe URL is far shorter). */
const MAX_HEADER_BYTES = 2000;

/**
 * The port's mail as nodemailer wants it, for every transport; inline images are referred to by
 * `cid:`. Headers are capped here, whatever the caller built: a subject of at most 200 characters
 * (cut with an ellipsis), no header value spanning lines or kilobytes.
 */
export function toSendMailOptions(mail: OutgoingMail): SendMailOptions {
  const headers = mail.headers && Object.fromEntries(Object.entries(mail.headers).map(([name, value]) => [name, cutText(value.replace(/[\r\n]+/g, ' '), { maxBytes: MAX_HEADER_BYTES }, '')]));
  return {
    from: mail.from,
    to: mail.to,
    subject: capSubject(mail.subject),
    html: mail.html,
    text: mail.text,
    headers,
    messageId: mail.messageId,
    attachments: mail.attachments?.map((a) => ({ filename: a.filename, cid: a.cid, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64'), contentDisposition: 'inline' as const })),
  };
}
