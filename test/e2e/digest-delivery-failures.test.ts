import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/run-cli';
import { startScriptedSmtpServer, type ScriptedSmtpServer } from '../helpers/scripted-smtp-server';

/** What `gzwatch digest` says and does when the mail server refuses or hangs. */
jest.setTimeout(60_000);

let smtp: ScriptedSmtpServer;
let root: string;

beforeEach(async () => {
  smtp = await startScriptedSmtpServer();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-delivery-'));
});
afterEach(async () => {
  await smtp.close();
  fs.rmSync(root, { recursive: true, force: true });
});

test('a recipient refused with 550 is reported as refused permanently, exits 1, and the next run does not try again', async () => {
  smtp.script.rcpt = '550 5.1.1 <gone@example.com>: mailbox unavailable';
  const env = { GZWATCH_HOME: root, SMTP_URL: smtp.url, GZWATCH_DIGEST_TO: 'gone@example.com' };
  const first = await runCli(['digest'], env);
  expect(first.code).toBe(1);
  expect(first.stdout).toContain('failed');
  expect(first.stdout.replace(/\s*│\s*/g, ' ')).toMatch(/550 5\.1\.1 <gone@example\.com>: mailbox unavailable.*refused permanently/s);
  const sessions = smtp.sessions();
  delete smtp.script.rcpt;
  const second = await runCli(['digest'], env);
  expect(second.code).toBe(1);
  expect(second.stdout).toContain('refused permanently');
  expect(smtp.sessions()).toBe(sessions);
  expect(await smtp.accepted()).toHaveLength(0);
});

test('a server that never greets costs the configured greeting timeout, and the digest stays queued for the next run', async () => {
  smtp.script.greeting = 'hang';
  const env = { GZWATCH_HOME: root, SMTP_URL: `${smtp.url}&greetingTimeout=1`, GZWATCH_DIGEST_TO: 'reader@example.com' };
  const started = Date.now();
  const hung = await runCli(['digest'], env);
  expect(hung.code).toBe(1);
  expect(hung.stdout).toContain('Greeting never received');
  expect(Date.now() - started).toBeLessThan(15_000);
  delete smtp.script.greeting;
  const retried = await runCli(['digest'], env);
  expect(retried.code).toBe(0);
  expect((await smtp.accepted()).map((m) => m.to && 'text' in m.to && m.to.text)).toEqual(['reader@example.com']);
});

test('a bad timeout in SMTP_URL is bad input: exit 2, naming it', async () => {
  const result = await runCli(['digest'], { GZWATCH_HOME: root, SMTP_URL: `${smtp.url}&timeout=soon`, GZWATCH_DIGEST_TO: 'reader@example.com' });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('SMTP_URL: timeout must be a number of seconds');
  expect(smtp.sessions()).toBe(0);
});
