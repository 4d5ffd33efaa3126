import { createSmtpMailer, DEFAULT_SMTP_TIMEOUTS, smtpTimeouts } from '../../lambdas/adapters/mail/smtp-mailer';
import { dispatchOutbox } from '../../lambdas/core/use-cases/dispatch-outbox';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';
import { startScriptedSmtpServer, type ScriptedSmtpServer } from '../helpers/scripted-smtp-server';

/** A server that stops answering costs a bounded wait, once, and the message stays queued. */
jest.setTimeout(15_000);

let t: TestStore;
let smtp: ScriptedSmtpServer;
const to = 'reader@example.com';
const mail = { from: 'gzwatch <gzwatch@example.com>', to, subject: '摘要', html: '<p>x</p>', text: 'x' };

beforeEach(async () => {
  t = await startTestStore();
  smtp = await startScriptedSmtpServer();
});
afterEach(async () => {
  await smtp.close();
  await t.close();
});

test('the timeouts default to seconds and are read from the SMTP URL', () => {
  expect(DEFAULT_SMTP_TIMEOUTS).toEqual({ connectMs: 10_000, greetingMs: 10_000, dataMs: 30_000 });
  expect(smtpTimeouts(new URL('smtp://h:25?timeout=2&dataTimeout=0.5'), DEFAULT_SMTP_TIMEOUTS)).toEqual({ connectMs: 2000, greetingMs: 2000, dataMs: 500 });
  expect(() => smtpTimeouts(new URL('smtp://h:25?greetingTimeout=soon'), DEFAULT_SMTP_TIMEOUTS)).toThrow('SMTP_URL: greetingTimeout must be a number of seconds');
});

test('a server that accepts the connection but never greets fails the message within the greeting timeout, once per run', async () => {
  smtp.script.greeting = 'hang';
  const mailer = createSmtpMailer(`${smtp.url}&greetingTimeout=0.4`);
  const deps = { store: t.store, now: () => new Date('2026-11-28T00:30:00.000Z'), from: mail.from, log: () => undefined, sendAttempts: 3, retryBaseMs: 5 };
  for (const key of ['DIGEST#2026-11-28', 'ALERT#a#new']) {
    await t.store.outbox.createIfAbsent({ recipient: to, key, status: 'PENDING', subject: key, html: '<p>x</p>', text: 'x', headers: {}, messageId: '', attempts: 0, createdAt: '2026-11-28T00:00:00.000Z' });
  }
  const started = Date.now();
  const first = await dispatchOutbox(deps, mailer, to, 'DIGEST#2026-11-28');
  const firstMs = Date.now() - started;
  // The second message to the same hung server fails at once instead of waiting again.
  const second = await dispatchOutbox(deps, mailer, to, 'ALERT#a#new');
  const totalMs = Date.now() - started;
  expect(first).toMatchObject({ status: 'failed', permanent: false, error: expect.stringMatching(/Greeting never received/) });
  expect(second).toMatchObject({ status: 'failed', permanent: false, error: expect.stringMatching(/not tried again until/) });
  expect(firstMs).toBeGreaterThanOrEqual(350);
  expect(firstMs).toBeLessThan(1500);
  expect(totalMs).toBeLessThan(1700);
  expect(smtp.sessions()).toBe(1);
  expect((await t.store.outbox.get(to, 'DIGEST#2026-11-28'))?.status).toBe('PENDING');
  expect((await t.store.outbox.get(to, 'ALERT#a#new'))?.status).toBe('PENDING');
});

test('a server that stops answering at RCPT TO fails within the data timeout and nothing is committed', async () => {
  smtp.script.rcpt = 'hang';
  const mailer = createSmtpMailer(smtp.url, { timeouts: { dataMs: 400 } });
  const commits: string[] = [];
  const started = Date.now();
  await expect(mailer.send(mail, { commit: async () => void commits.push('commit') })).rejects.toMatchObject({ kind: 'temporary', retryNow: false });
  expect(Date.now() - started).toBeLessThan(1500);
  expect(commits).toEqual([]);
  expect(smtp.dataReceived()).toBe(0);
});

test('a server that never answers QUIT does not hold the connection open after the message was accepted', async () => {
  await smtp.close();
  smtp = await startScriptedSmtpServer({ quietOnQuit: true });
  const mailer = createSmtpMailer(smtp.url, { timeouts: { dataMs: 10_000 } });
  await mailer.send(mail);
  expect(await smtp.accepted()).toHaveLength(1);
  const started = Date.now();
  while (smtp.openConnections() > 0 && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 50));
  expect(smtp.openConnections()).toBe(0);
  expect(Date.now() - started).toBeLessThan(3000);
});
