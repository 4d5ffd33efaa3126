import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';
import { runCli } from '../helpers/run-cli';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

/**
 * `gzwatch run` killed (SIGKILL, no cleanup) at random moments, again and again, then run once
 * more: every article ends up with its mention records and every policy document with its alert,
 * each exactly once. The site answers slowly so the kills land mid-pass.
 */
jest.setTimeout(240_000);

const DOCS = 8;
const NAMES = ['云从科技', '数说故事', '钛动科技', '暗物智能', '超讯通信', '商汤科技', '唯品会', '拿火音乐'];
let server: Server;
let origin: string;
let t: TestStore;
let smtp: SmtpSink;
let home: string;
let sourcesFile: string;

const page = (title: string, body: string) => `<html><head><title>${title}</title></head><body><h1>${title}</h1><div id="content"><p>${body}</p></div></body></html>`;

beforeAll(async () => {
  server = createServer((req, res) => {
    const html = (body: string) => setTimeout(() => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(body), 120);
    // Dated today (Beijing), whenever the test runs: fresh news, not backfill.
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const list = (prefix: string) => `<ul class="list">${NAMES.slice(0, DOCS).map((n, i) => `<li><a href="/${prefix}/${i}.html">${n}相关${prefix === 'p' ? '政策' : '新闻'}</a> <span>${today}</span></li>`).join('')}</ul>`;
    const m = /^\/(p|n)\/(\d+)\.html$/.exec(req.url ?? '');
    if (req.url === '/p/') return html(list('p'));
    if (req.url === '/n/') return html(list('n'));
    if (m) {
      const name = NAMES[Number(m[2])]!;
      return html(page(`${name}${m[1] === 'p' ? '获人工智能专项支持的通知' : '发布新产品'}`, `广州市今天公布，${name}在人工智能领域取得进展，相关措施自发布之日起施行。`));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await startTestStore('gzwatch');
  smtp = await startSmtpSink();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-crash-run-'));
  sourcesFile = path.join(home, 'sources.json');
  fs.writeFileSync(
    sourcesFile,
    JSON.stringify({
      sources: [
        { id: 'slow-policy', name: '慢速政策', kind: 'policy', type: 'html', url: `${origin}/p/`, match: '/p/\\d+\\.html$' },
        { id: 'slow-news', name: '慢速新闻', kind: 'news', type: 'html', url: `${origin}/n/`, match: '/n/\\d+\\.html$' },
      ],
    }),
  );
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await smtp.close();
  await t.close();
  fs.rmSync(home, { recursive: true, force: true });
});

function runKilledAfter(ms: number, env: Record<string, string>): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.resolve(__dirname, '../../bin/gzwatch.cjs'), 'run', '--sources', sourcesFile, '--allow-private-network'], { env: { ...process.env, ...env }, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

test('after many kill -9s of gzwatch run and one run to the end, every mention record and every alert exists exactly once', async () => {
  const env = { GZWATCH_HOME: home, DYNAMODB_ENDPOINT: t.endpoint, GZWATCH_TABLE: 'gzwatch', SMTP_URL: smtp.url, GZWATCH_FROM: 'gzwatch <digest@mail.gzwatch.test>' };
  expect((await runCli(['subscribers', 'add', 'analyst@gzwatch.test'], env)).code).toBe(0);
  // Seeded pseudo-random kill times between start-up and the end of a pass (~2.5 s to ~8.5 s; a
  // pass reads each site one request a second).
  let seed = 20261201;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 6; i++) await runKilledAfter(2500 + Math.floor(next() * 6000), env);
  // The kills did land mid-pass: some articles were stored before the last run.
  const storedBefore = (await t.store.articles.listFirstSeenBetween(new Date(Date.now() - 3600_000).toISOString(), new Date().toISOString())).length;
  expect(storedBefore).toBeGreaterThan(0);
  expect(storedBefore).toBeLessThan(DOCS * 2);
  const last = await runCli(['run', '--sources', sourcesFile, '--allow-private-network'], env);
  expect(last.code).toBe(0);

  const entities = new Map((await t.store.watchlist.list()).map((e) => [e.name, e.id]));
  for (const [i, name] of NAMES.slice(0, DOCS).entries()) {
    const id = entities.get(name)!;
    const records = await t.store.mentions.listForEntity(id);
    // One record per article naming the company: its policy document and its news story.
    expect(records.map((r) => r.url).sort()).toEqual([`${origin}/n/${i}.html`, `${origin}/p/${i}.html`]);
  }
  for (const url of [...Array(DOCS).keys()].flatMap((i) => [`${origin}/n/${i}.html`, `${origin}/p/${i}.html`])) expect(await t.store.articles.isKnown(url)).toBe(true);
  // Every policy document reached the analyst in exactly one alert mail (a run's documents share
  // one), none twice.
  const alerts = smtp.received.filter((m) => m.to && 'text' in m.to && m.to.text === 'analyst@gzwatch.test');
  for (let i = 0; i < DOCS; i++) expect(alerts.filter((m) => String(m.text).includes(`${origin}/p/${i}.html`))).toHaveLength(1);
});
