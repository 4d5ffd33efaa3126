import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { createFileOutboxMailer } from '../../lambdas/adapters/mail/file-outbox-mailer';
import { dispatchOutbox } from '../../lambdas/core/use-cases/dispatch-outbox';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';

let t: TestStore;
let dir: string;

beforeEach(async () => {
  t = await startTestStore();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-outbox-'));
});
afterEach(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('many mails to one recipient in one process each get their own file, none overwritten', async () => {
  const mailer = createFileOutboxMailer(dir);
  const to = 'reader@example.com';
  const deps = { store: t.store, now: () => new Date('2026-11-28T00:30:00.000Z'), from: 'gzwatch <gzwatch@example.com>', log: () => undefined };
  const keys = Array.from({ length: 29 }, (_, i) => `ALERT#doc${i}#new`);
  for (const key of keys) {
    await t.store.outbox.createIfAbsent({ recipient: to, key, status: 'PENDING', subject: `alert ${key}`, html: `<p>${key}</p>`, text: key, headers: {}, messageId: '', attempts: 0, createdAt: '2026-11-28T00:00:00.000Z' });
  }
  // All at once: many of them are written within the same millisecond.
  const outcomes = await Promise.all(keys.map((key) => dispatchOutbox(deps, mailer, to, key)));
  expect(outcomes.every((o) => o.status === 'sent')).toBe(true);
  const emls = fs.readdirSync(dir).filter((f) => f.endsWith('.eml'));
  expect(emls).toHaveLength(29);
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.html'))).toHaveLength(29);
  const subjects = await Promise.all(emls.map(async (f) => (await simpleParser(fs.readFileSync(path.join(dir, f)))).subject));
  expect(subjects.sort()).toEqual(keys.map((k) => `alert ${k}`).sort());
});

test('the same message written twice (a redelivery) keeps both files', async () => {
  const mailer = createFileOutboxMailer(dir);
  const mail = { from: 'gzwatch <gzwatch@example.com>', to: 'reader@example.com', subject: 's', html: '<p>x</p>', text: 'x', messageId: '<same@gzwatch>' };
  const [a, b] = await Promise.all([mailer.send(mail), mailer.send(mail)]);
  expect(a.emlPath).not.toBe(b.emlPath);
  expect(fs.existsSync(a.emlPath!) && fs.existsSync(b.emlPath!)).toBe(true);
});
