import type { SendMailOptions } from 'nodemailer';
import type { OutgoingMail } from '../../core/ports';

/** The port's mail as nodemailer wants it, for every transport; inline images are referred to by `cid:`. */
export function toSendMailOptions(mail: OutgoingMail): SendMailOptions {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    headers: mail.headers,
    messageId: mail.messageId,
    attachments: mail.attachments?.map((a) => ({ filename: a.filename, cid: a.cid, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64'), contentDisposition: 'inline' as const })),
  };
}
