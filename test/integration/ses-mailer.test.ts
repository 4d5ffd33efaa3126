import {
  BadRequestException, MailFromDomainNotVerifiedException, MessageRejected, SendEmailCommand, SendingPausedException, SESv2Client, TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser } from 'mailparser';
import { createSesMailer } from '../../lambdas/adapters/mail/ses-mailer';
import { dispatchOutbox } from '../../lambdas/core/use-cases/dispatch-outbox';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';

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

describe('what the outbox records when SES refuses', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await startTestStore();
  });
  afterEach(async () => {
    await t.close();
  });

  const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });
  const network = (code: string, message: string) => Object.assign(new Error(message), { code });
  const cases: { what: string; error: Error; expected: string; calls: number }[] = [
    { what: 'MessageRejected', error: new MessageRejected({ message: 'Email address is not verified.', ...meta(400) }), expected: 'FAILED', calls: 1 },
    { what: 'MailFromDomainNotVerified', error: new MailFromDomainNotVerifiedException({ message: 'MAIL FROM domain not verified', ...meta(400) }), expected: 'FAILED', calls: 1 },
    { what: 'an invalid address', error: new BadRequestException({ message: "Missing final '@domain'", ...meta(400) }), expected: 'FAILED', calls: 1 },
    { what: 'throttling', error: new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', ...meta(429) }), expected: 'PENDING', calls: 3 },
    { what: 'a paused account', error: new SendingPausedException({ message: 'Sending is paused for this account.', ...meta(400) }), expected: 'PENDING', calls: 1 },
    { what: 'an unreachable endpoint', error: network('ECONNREFUSED', 'connect ECONNREFUSED'), expected: 'PENDING', calls: 3 },
    { what: 'a reset after the request left', error: network('ECONNRESET', 'socket hang up'), expected: 'COMMITTED', calls: 1 },
  ];

  test.each(cases)('$what leaves the record $expected after $calls call(s)', async ({ error, expected, calls }) => {
    const ses = mockClient(SESv2Client);
    ses.on(SendEmailCommand).rejects(error);
    const mailer = createSesMailer({ client: new SESv2Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }) });
    const to = 'reader@example.com';
    await t.store.outbox.createIfAbsent({ recipient: to, key: 'DIGEST#2026-11-28', status: 'PENDING', subject: 's', html: '<p>x</p>', text: 'x', headers: {}, messageId: '', attempts: 0, createdAt: '2026-11-28T00:00:00.000Z' });
    const deps = { store: t.store, now: () => new Date('2026-11-28T00:30:00.000Z'), from: 'gzwatch <digest@example.com>', log: () => undefined, sendAttempts: 3, retryBaseMs: 5 };
    const outcome = await dispatchOutbox(deps, mailer, to, 'DIGEST#2026-11-28');
    const stored = await t.store.outbox.get(to, 'DIGEST#2026-11-28');
    expect(stored?.status).toBe(expected);
    expect(stored?.lastError).toContain(error.message);
    expect(outcome.status).toBe(expected === 'COMMITTED' ? 'sent' : 'failed');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(calls);
    ses.restore();
  });
});
