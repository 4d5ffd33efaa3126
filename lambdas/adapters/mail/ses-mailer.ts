import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Mailer } from '../../core/ports';
import { classifySesFailure } from './ses-failure';
import { toSendMailOptions } from './send-mail-options';

/** Amazon SES through nodemailer's SES transport (SESv2 SendEmail with the raw MIME message). */
export function createSesMailer(options: { client?: SESv2Client; configurationSet?: string } = {}): Mailer {
  const sesClient = options.client ?? new SESv2Client({});
  const transport = nodemailer.createTransport({ SES: { sesClient, SendEmailCommand } });
  return {
    description: 'Amazon SES',
    async send(mail, hooks) {
      // SES's API call is all or nothing and has no envelope stage to wait for: recorded just
      // before it. A refusal (any answer from SES) undoes the commit; a call left unanswered
      // stays committed (SES may have sent it), so a crash or reset never sends it twice.
      await hooks?.commit?.();
      try {
        const info = await transport.sendMail({ ...toSendMailOptions(mail), ses: options.configurationSet ? { ConfigurationSetName: options.configurationSet } : undefined } as SendMailOptions);
        return { messageId: info.messageId };
      } catch (error) {
        throw classifySesFailure(error as Error);
      }
    },
  };
}
