import { createSmtpMailer } from '../../lambdas/adapters/mail/smtp-mailer';
import type { Mailer, OutboxRecord } from '../../lambdas/core/ports';
import { deliverDigests } from '../../lambdas/core/use-cases/deliver-digests';
import { dispatchOutbox, type DispatchDeps } from '../../lambdas/core/use-cases/dispatch-outbox';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';
import { startScriptedSmtpServer, type ScriptedSmtpServer, type SmtpStage } from '../helpers/scripted-smtp-server';

/**
 * What the outbox records when a real SMTP conversation goes wrong at each stage, and what the
 * server ends up with: nothing refused is recorded as delivered, nothing is sent twice.
 */
jest.setTimeout(20_000);

let t: TestStore;
let smtp: ScriptedSmtpServer;
let mailer: Mailer;
const to = 'reader@example.com';
const now = new Date('2026-11-28T00:30:00.000Z');

function deps(overrides: Partial<DispatchDeps> = {}): DispatchDeps {
  return { store: t.store, now: () => now, from: 'gzwatch <gzwatch@example.com>', log: () => undefined, sendAttempts: 3, retryBaseMs: 5, ...overrides };
}

async function queue(key: string): Promise<void> {
  const record: OutboxRecord = {
    recipient: to, key, status: 'PENDING', subject: `gzwatch digest ${key}`, html: '<p>云从科技在广州发布了新的行业模型。</p>', text: '云从科技在广州发布了新的行业模型。',
    headers: {}, messageId: 'ignored', attempts: 0, createdAt: now.toISOString(),
  };
  expect(await t.store.outbox.createIfAbsent(record)).toBe(true);
}

beforeEach(async () => {
  t = await startTestStore();
  smtp = await startScriptedSmtpServer();
  mailer = createSmtpMailer(smtp.url, { timeoutMs: 500 });
});
afterEach(async () => {
  await smtp.close();
  await t.close();
});

test('an accepted message is SENT and arrives once, whole, with the Message-ID derived from its record', async () => {
  await queue('DIGEST#2026-11-28');
  const outcome = await dispatchOutbox(deps(), mailer, to, 'DIGEST#2026-11-28');
  expect(outcome.status).toBe('sent');
  const stored = await t.store.outbox.get(to, 'DIGEST#2026-11-28');
  expect(stored?.status).toBe('SENT');
  const [mail, ...more] = await smtp.accepted();
  expect(more).toHaveLength(0);
  expect(mail!.subject).toBe('gzwatch digest DIGEST#2026-11-28');
  expect(mail!.text?.trim()).toBe('云从科技在广州发布了新的行业模型。');
  expect(mail!.messageId).toBe(stored!.messageId);
});

const stages: SmtpStage[] = ['greeting', 'ehlo', 'mail', 'rcpt', 'data', 'dot'];
const cases = stages.flatMap((stage) => [
  { stage, reply: '421 4.3.2 service shutting down', expected: 'PENDING' },
  { stage, reply: '450 4.2.0 greylisted, try again later', expected: 'PENDING' },
  // 5xx to what concerns this message is final; a server refusing to talk at all is not the message's fault.
  { stage, reply: '550 5.7.1 refused by policy', expected: stage === 'greeting' || stage === 'ehlo' ? 'PENDING' : 'FAILED' },
]);

test.each(cases)('$reply at $stage leaves the record $expected with the reply as its reason, and the server accepted nothing', async ({ stage, reply, expected }) => {
  smtp.script[stage] = reply;
  await queue('DIGEST#2026-11-28');
  const outcome = await dispatchOutbox(deps(), mailer, to, 'DIGEST#2026-11-28');
  expect(outcome).toMatchObject({ status: 'failed', permanent: expected === 'FAILED' });
  const stored = await t.store.outbox.get(to, 'DIGEST#2026-11-28');
  expect(stored?.status).toBe(expected);
  expect(stored?.lastError).toContain(reply.slice(0, 3));
  expect(await smtp.accepted()).toHaveLength(0);
  // The message itself reached the server only where the refusal came after the data.
  expect(smtp.dataReceived()).toBe(stage === 'dot' ? (expected === 'FAILED' ? 1 : 3) : 0);
  if (expected === 'FAILED') {
    expect(stored?.failedAt).toBe(now.toISOString());
    expect((await t.store.outbox.listFailed(to)).map((r) => [r.key, r.lastError])).toEqual([['DIGEST#2026-11-28', stored!.lastError]]);
  }
});

// With PIPELINING the client sends MAIL FROM, RCPT TO and DATA without waiting: the commit must
// still wait for every answer.
const pipelinedCases = cases.filter((c) => ['mail', 'rcpt', 'data'].includes(c.stage));
test.each(pipelinedCases)('pipelined: $reply at $stage leaves the record $expected, nothing accepted, nothing committed first', async ({ stage, reply, expected }) => {
  await smtp.close();
  smtp = await startScriptedSmtpServer({ pipelining: true });
  mailer = createSmtpMailer(smtp.url, { timeouts: { connectMs: 2000, greetingMs: 500, dataMs: 500 } });
  smtp.script[stage] = reply;
  await queue('DIGEST#2026-11-28');
  const commits: string[] = [];
  const watched = { ...mailer, send: (mail: Parameters<Mailer['send']>[0], hooks?: Parameters<Mailer['send']>[1]) => mailer.send(mail, { commit: async () => { commits.push(stage); await hooks?.commit?.(); } }) };
  expect(await dispatchOutbox(deps(), watched, to, 'DIGEST#2026-11-28')).toMatchObject({ status: 'failed', permanent: expected === 'FAILED' });
  expect((await t.store.outbox.get(to, 'DIGEST#2026-11-28'))?.status).toBe(expected);
  expect(commits).toEqual([]);
  expect(smtp.dataReceived()).toBe(0);
  expect(await smtp.accepted()).toHaveLength(0);
  // Proof that the client pipelined: RCPT TO and DATA came although MAIL FROM was refused.
  if (stage === 'mail' && !reply.startsWith('421')) expect(smtp.commands().slice(1, 4)).toEqual(['MAIL', 'RCPT', 'DATA']);
});

test('pipelined, an accepted message arrives once', async () => {
  await smtp.close();
  smtp = await startScriptedSmtpServer({ pipelining: true });
  mailer = createSmtpMailer(smtp.url);
  await queue('DIGEST#2026-11-28');
  expect((await dispatchOutbox(deps(), mailer, to, 'DIGEST#2026-11-28')).status).toBe('sent');
  expect((await smtp.accepted()).map((m) => m.subject)).toEqual(['gzwatch digest DIGEST#2026-11-28']);
});

test('a temporary refusal is retried by the next run and then delivered exactly once', async () => {
  smtp.script.rcpt = '450 4.2.0 greylisted, try again later';
  await queue('DIGEST#2026-11-28');
  expect((await dispatchOutbox(deps(), mailer, to, 'DIGEST#2026-11-28')).status).toBe('failed');
  delete smtp.script.rcpt;
  expect((await dispatchOutbox(deps(), mailer, to, 'DIGEST#2026-11-28')).status).toBe('sent');
  expect(await smtp.accepted()).toHaveLength(1);
  expect((await t.store.outbox.get(to, 'DIGEST#2026-11-28'))?.status).toBe('SENT');
});

test('a permanent refusal is never sent again: the next run reports it without calling the server', async () => {
  smtp.script.rcpt = '550 5.1.1 no such user';
  await queue('DIGEST#2026-11-28');
  await dispatchOutbox(deps(), mailer, to, 'DIGEST#2026-11-28');
  delete smtp.script.rcpt;
  const sessions = smtp.sessions();
  const again = await dispatchOutbox(deps(), mailer, to, 'DIGEST#2026-11-28');
  expect(again).toMatchObject({ status: 'failed', permanent: true, error: expect.stringContaining('550 5.1.1 no such user') });
  expect(smtp.sessions()).toBe(sessions);
  expect(await smtp.accepted()).toHaveLength(0);
});

test('a connection reset after the data stays COMMITTED and is sent once, not once per attempt', async () => {
  smtp.script.dot = 'reset';
  await queue('DIGEST#2026-11-28');
  const outcome = await dispatchOutbox(deps({ sendAttempts: 3 }), mailer, to, 'DIGEST#2026-11-28');
  expect(outcome).toMatchObject({ status: 'sent', unconfirmed: expect.stringContaining('after the end of the message') });
  expect(smtp.dataReceived()).toBe(1);
  const stored = await t.store.outbox.get(to, 'DIGEST#2026-11-28');
  expect(stored?.status).toBe('COMMITTED');
  expect(stored?.lastError).toMatch(/^unconfirmed: /);
  // A later run counts it as delivered.
  delete smtp.script.dot;
  expect((await dispatchOutbox(deps(), mailer, to, 'DIGEST#2026-11-28')).status).toBe('already-sent');
  expect(smtp.dataReceived()).toBe(1);
});

test('a reset before the data was accepted leaves the record PENDING: nothing was committed', async () => {
  smtp.script.rcpt = 'reset';
  await queue('DIGEST#2026-11-28');
  expect(await dispatchOutbox(deps({ sendAttempts: 2 }), mailer, to, 'DIGEST#2026-11-28')).toMatchObject({ status: 'failed', permanent: false });
  expect((await t.store.outbox.get(to, 'DIGEST#2026-11-28'))?.status).toBe('PENDING');
  expect(smtp.dataReceived()).toBe(0);
});

test('a server that never answers the final dot costs one data timeout and leaves the message COMMITTED', async () => {
  smtp.script.dot = 'hang';
  await queue('DIGEST#2026-11-28');
  const started = Date.now();
  const outcome = await dispatchOutbox(deps(), mailer, to, 'DIGEST#2026-11-28');
  expect(Date.now() - started).toBeLessThan(3000);
  expect(outcome).toMatchObject({ status: 'sent', unconfirmed: expect.stringMatching(/timeout/i) });
  expect((await t.store.outbox.get(to, 'DIGEST#2026-11-28'))?.status).toBe('COMMITTED');
  expect(smtp.dataReceived()).toBe(1);
});

test.each(stages)('refused at %s, the mailer asks to commit only if the refusal came after the envelope was accepted', async (stage) => {
  smtp.script[stage] = '450 4.2.0 greylisted, try again later';
  const commits: number[] = [];
  const mail = { from: 'gzwatch <gzwatch@example.com>', to, subject: 's', html: '<p>x</p>', text: 'x' };
  await expect(mailer.send(mail, { commit: async () => void commits.push(smtp.dataReceived()) })).rejects.toMatchObject({ kind: 'temporary' });
  // At the dot: committed once, while the server had not yet seen the end of the message.
  expect(commits).toEqual(stage === 'dot' ? [0] : []);
});

test('gzwatch digest reports a permanent refusal as such, and the next run does not try again', async () => {
  const subscriber = { email: to, follows: [], digestHour: 8, status: 'active' as const, unsubscribeToken: 'tok', sendEmpty: true, createdAt: '2026-11-01T00:00:00.000Z' };
  const digestDeps = { ...deps(), mailerFor: () => mailer, unsubscribeUrl: () => 'https://gzwatch.example.com/u?t=tok' };
  smtp.script.rcpt = '550 5.1.1 <reader@example.com>: no such user';
  const [first] = await deliverDigests(digestDeps, [subscriber], '2026-11-28');
  expect(first).toMatchObject({ status: 'failed', error: expect.stringMatching(/550 5\.1\.1 <reader@example.com>: no such user.*refused permanently; not retried/) });
  delete smtp.script.rcpt;
  const sessions = smtp.sessions();
  const [second] = await deliverDigests(digestDeps, [subscriber], '2026-11-28');
  expect(second).toMatchObject({ status: 'failed', error: expect.stringContaining('refused permanently') });
  expect(smtp.sessions()).toBe(sessions);
});
