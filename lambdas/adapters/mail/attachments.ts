import type { Attachment } from 'nodemailer/lib/mailer';
import type { MailAttachment } from '../../core/ports';

/** Inline images as nodemailer wants them: the HTML refers to each by `cid:`. */
export function toNodemailerAttachments(attachments: MailAttachment[] | undefined): Attachment[] | undefined {
  return attachments?.map((a) => ({ filename: a.filename, cid: a.cid, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64'), contentDisposition: 'inline' }));
}
