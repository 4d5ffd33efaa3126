import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Mailer } from '../../core/ports';
import { toSendMailOptions } from './send-mail-options';

/** Amazon SES through nodemailer's SES transport (SESv2 SendEmail with the raw MIME message). */
export function createSesMailer(options: { client?: SESv2Client; configurationSet?: string } = {}): Mailer {
  const sesClient = options.client ?? new SESv2Client({});
  const transport = nodemailer.createTransport({ SES: { sesClient, SendEmailCommand } });
  return {
    description: 'Amazon SES',
    async send(mail, hooks) {
      // SES's API call is all or nothing: recorded just before it, a crash during the call may lose
      // this one message rather than send it twice.
      await hooks?.commit?.();
      const info = await transport.sendMail({ ...toSendMailOptions(mail), ses: options.configurationSet ? { ConfigurationSetName: options.configurationSet } : undefined } as SendMailOptions);
      return { messageId: info.messageId };
    },
  };
}
