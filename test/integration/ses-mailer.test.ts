import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser } from 'mailparser';
import { createSesMailer } from '../../lambdas/adapters/mail/ses-mailer';

// SES has no local implementation: the client is mocked at the SDK boundary, and what it would
// have sent (the raw MIME message nodemailer built) is parsed like any received mail.
test('the SES mailer hands SES the whole MIME message: subject, both parts, headers and the inline chart', async () => {
  const ses = mockClient(SESv2Client);
  ses.on(SendEmailCommand).resolves({ MessageId: '0100-abc' });
  const mailer = createSesMailer({ client: new SESv2Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }), configurationSet: 'gzwatch' });
  const png = Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');
  await mailer.send({
    from: 'gzwatch <digest@example.com>', to: 'reader@example.com', subject: 'gzwatch digest 2026-11-29: 1 article',
    html: '<p>云从科技 <img src="cid:trend@gzwatch"></p>', text: '云从科技', headers: { 'List-Unsubscribe': '<https://example.com/u?t=1>' },
    messageId: '<digest-2026-11-29-x@gzwatch>', attachments: [{ filename: 'trend.png', cid: 'trend@gzwatch', contentType: 'image/png', contentBase64: png }],
  });
  const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
  expect(input.ConfigurationSetName).toBe('gzwatch');
  const mail = await simpleParser(Buffer.from(input.Content!.Raw!.Data!), { skipImageLinks: true });
  expect(mail.subject).toBe('gzwatch digest 2026-11-29: 1 article');
  expect(mail.text?.trim()).toBe('云从科技');
  expect(mail.html).toContain('cid:trend@gzwatch');
  expect(mail.attachments[0]).toMatchObject({ cid: 'trend@gzwatch', contentType: 'image/png' });
  expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toBe('List-Unsubscribe: <https://example.com/u?t=1>');
  ses.restore();
});
