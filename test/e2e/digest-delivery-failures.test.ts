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

test('a digest date after today is bad input, named, not a store error', async () => {
  const result = await runCli(['digest', '--date', '2099-01-01'], { GZWATCH_HOME: root, SMTP_URL: smtp.url });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('--date: 2099-01-01 is after today');
});

test('a bad timeout in SMTP_URL is bad input: exit 2, naming it', async () => {
  const result = await runCli(['digest'], { GZWATCH_HOME: root, SMTP_URL: `${smtp.url}&timeout=soon`, GZWATCH_DIGEST_TO: 'reader@example.com' });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('SMTP_URL: timeout must be a number of seconds');
  expect(smtp.sessions()).toBe(0);
});

test('a subscriber whose address the server refuses for good is suppressed as bounced and gets nothing more', async () => {
  const env = { GZWATCH_HOME: root, SMTP_URL: smtp.url };
  expect((await runCli(['subscribers', 'add', 'left@gzwatch.test', '--send-empty'], env)).code).toBe(0);
  smtp.script.rcpt = '550 5.1.1 <left@gzwatch.test>: Recipient address rejected: User unknown';
  expect((await runCli(['digest'], env)).code).toBe(1);
  const listed = await runCli(['subscribers', 'list'], env);
  expect(listed.stdout).toMatch(/left@gzwatch\.test: bounced since \d{4}-\d{2}-\d{2} \(bounced: .*550 5\.1\.1/);
  delete smtp.script.rcpt;
  const sessions = smtp.sessions();
  // The next digest run: the bounced address is no longer a recipient (nobody active is left, so
  // the digest goes to the local outbox's placeholder, not to the server).
  const next = await runCli(['digest'], env);
  expect(next.code).toBe(0);
  expect(next.stdout).not.toContain('left@gzwatch.test');
  expect(smtp.sessions()).toBe(sessions);
});
