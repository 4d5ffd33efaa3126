/**
 * `gzwatch serve` as a user runs it: it prints its URL, owns the embedded store, and every other
 * command on the same GZWATCH_HOME still works meanwhile. The List-Unsubscribe URL of a real digest
 * is unsubscribed by `curl -X POST -d List-Unsubscribe=One-Click`, and not by a GET.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import { readLocalConfig } from '../../lambdas/composition/config';
import { composeLocal } from '../../lambdas/composition/local';
import { seedSourcesIfFirstUse } from '../../lambdas/core/use-cases/source-catalogue';
import { builtInSources } from '../../lambdas/sources/registry';
import { runCli } from '../helpers/run-cli';

jest.setTimeout(120_000);

const BIN = path.resolve(__dirname, '../../bin/gzwatch.cjs');
const curl = promisify(execFile);

let home: string;
let serve: ChildProcess;
let url: string;
let serveErr = '';

function startServe(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GZWATCH_') && k !== 'SMTP_URL' && k !== 'DYNAMODB_ENDPOINT')) as Record<string, string>;
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--no-schedule'], { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (d: Buffer) => (serveErr += d.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = /^(http:\/\/127\.0\.0\.1:\d+\/)\n/.exec(out);
      if (line) resolve({ child, url: line[1]! });
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${serveErr}`)));
  });
}

const env = () => ({ GZWATCH_HOME: home });
const outbox = () => (fs.existsSync(path.join(home, 'outbox')) ? fs.readdirSync(path.join(home, 'outbox')) : []).filter((f) => f.endsWith('.eml')).map((f) => path.join(home, 'outbox', f));
const list = async () => JSON.parse((await runCli(['subscribers', 'list', '--json'], env())).stdout) as { email: string; status: string }[];
const statusOf = async (email: string) => (await list()).find((s) => s.email === email)?.status;

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-serve-'));
  ({ child: serve, url } = await startServe(env()));
});

afterAll(async () => {
  if (serve.exitCode === null) serve.kill('SIGKILL');
  fs.rmSync(home, { recursive: true, force: true });
});

test('while serve runs, other commands on the same home use its store', async () => {
  expect(JSON.parse(fs.readFileSync(path.join(home, 'serve.json'), 'utf8'))).toMatchObject({ holder: expect.stringMatching(new RegExp(`:${serve.pid}$`)), url });
  const added = await runCli(['subscribers', 'add', 'cli.reader@gzwatch.test', '--follow', 'company-cloudwalk', '--send-empty'], env());
  expect([added.code, added.stdout.trim()]).toEqual([0, 'Subscribed cli.reader@gzwatch.test.']);
  // Several at once, too.
  const results = await Promise.all([runCli(['watchlist', 'list', '--json'], env()), runCli(['sources', 'list', '--json'], env()), runCli(['subscribers', 'list'], env())]);
  expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
  // What the CLI wrote, the web service sees: its API refuses nothing and tells nothing about an active address.
  const res = await fetch(new URL('/api/subscribe', url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'cli.reader@gzwatch.test' }) });
  expect(res.status).toBe(202);
  expect(await statusOf('cli.reader@gzwatch.test')).toBe('active');
});

test('subscribers add --invite sends the opt-in mail with a link to the running service', async () => {
  const before = outbox().length;
  const out = await runCli(['subscribers', 'add', 'invited@gzwatch.test', '--invite'], env());
  expect(out.code).toBe(0);
  expect(out.stdout).toContain('Sent the opt-in mail to invited@gzwatch.test');
  expect(await statusOf('invited@gzwatch.test')).toBe('pending');
  const mail = await simpleParser(fs.readFileSync(outbox().sort().slice(before).find((f) => f.includes('invited'))!));
  const link = mail.text!.split(/\s+/).find((w) => w.startsWith(`${url}confirm/`))!;
  expect((await fetch(link, { method: 'POST' })).status).toBe(200);
  expect(await statusOf('invited@gzwatch.test')).toBe('active');
});

test('curl -X POST -d List-Unsubscribe=One-Click <List-Unsubscribe URL> unsubscribes; a GET does not', async () => {
  const digest = await runCli(['digest', '--to', 'cli.reader@gzwatch.test'], { ...env(), GZWATCH_DIGEST_TO: undefined });
  expect(digest.code).toBe(0);
  const eml = outbox().filter((f) => f.includes('cli.reader')).sort().at(-1)!;
  const mail = await simpleParser(fs.readFileSync(eml));
  const header = mail.headerLines.find((h) => h.key === 'list-unsubscribe')!.line.replace(/\s+/g, ' ');
  const target = /<([^>]+)>/.exec(header)![1]!;
  expect(target.startsWith(`${url}unsubscribe/`)).toBe(true);

  const get = await curl('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', target]);
  expect(get.stdout).toBe('200');
  expect(await statusOf('cli.reader@gzwatch.test')).toBe('active');

  const post = await curl('curl', ['-s', '-w', ' %{http_code}', '-X', 'POST', '-d', 'List-Unsubscribe=One-Click', target]);
  expect(post.stdout).toBe('unsubscribed\n 200');
  expect(await statusOf('cli.reader@gzwatch.test')).toBe('unsubscribed');
  // And gets nothing more.
  const again = await runCli(['digest', '--to', 'cli.reader@gzwatch.test'], env());
  expect(again.code).toBe(0);
  expect(outbox().filter((f) => f.includes('cli.reader'))).toHaveLength(1);
});

test('a second serve on the same home is refused; after serve stops, the commands open the store themselves', async () => {
  const badPort = await runCli(['serve', '--port', '99999'], env());
  expect([badPort.code, badPort.stderr.trim()]).toEqual([2, 'gzwatch: --port: "99999" is not a TCP port (0 to 65535)']);
  const second = await runCli(['serve', '--port', '0'], env());
  expect(second.code).toBe(2);
  expect(second.stderr).toContain('another gzwatch serve is running');
  serve.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => serve.once('exit', resolve));
  expect(code).toBe(0);
  expect(fs.existsSync(path.join(home, 'serve.json'))).toBe(false);
  expect(await statusOf('invited@gzwatch.test')).toBe('active');
  // A record left by a serve that died is ignored.
  fs.writeFileSync(path.join(home, 'serve.json'), JSON.stringify({ holder: `${os.hostname()}:999999`, dynamoEndpoint: 'http://127.0.0.1:9', url: 'http://127.0.0.1:9/' }));
  expect(await statusOf('invited@gzwatch.test')).toBe('active');
});

test('without --no-schedule, serve collects the due sources and sends the due digests on its timer', async () => {
  const own = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-serve-schedule-'));
  try {
    // Every built-in source off, one stored source on a loopback address: the pass must refuse
    // it (no --allow-private-network) and record that, without any traffic leaving the machine.
    const services = await composeLocal(readLocalConfig({ GZWATCH_HOME: own }));
    await seedSourcesIfFirstUse(services.store, builtInSources, new Date());
    for (const s of builtInSources) await services.store.catalogue.setEnabled(s.id, false);
    await services.store.catalogue.putMany([{ definition: { id: 'loopback-news', name: '本机新闻', kind: 'news', type: 'html', urls: ['http://127.0.0.1:9/news/'] }, enabled: true, builtIn: false, updatedAt: new Date().toISOString() }]);
    await services.store.subscribers.add({ email: 'early@gzwatch.test', follows: [], digestHour: 0, status: 'active', unsubscribeToken: 'e'.repeat(32), sendEmpty: true, createdAt: new Date().toISOString() });
    await services.close();

    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GZWATCH_') && k !== 'SMTP_URL' && k !== 'DYNAMODB_ENDPOINT')) as Record<string, string>;
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env: { ...clean, GZWATCH_HOME: own }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const deadline = Date.now() + 60_000;
      const digestFile = () => (fs.existsSync(path.join(own, 'outbox')) ? fs.readdirSync(path.join(own, 'outbox')).find((f) => f.includes('early@gzwatch.test') && f.endsWith('.eml')) : undefined);
      while (!digestFile() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      const mail = await simpleParser(fs.readFileSync(path.join(own, 'outbox', digestFile()!)));
      expect(mail.subject).toMatch(/^gzwatch 日报 \d{4}-\d{2}-\d{2}/);
      const sources = await runCli(['sources', 'list', '--json'], { GZWATCH_HOME: own });
      const loopback = (JSON.parse(sources.stdout) as { id: string; health?: { consecutiveFailures: number; lastFailureClass?: string } }[]).find((s) => s.id === 'loopback-news');
      expect(loopback?.health?.consecutiveFailures).toBe(1);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  } finally {
    fs.rmSync(own, { recursive: true, force: true });
  }
});
