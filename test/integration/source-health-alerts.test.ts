import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpFetcher, type HttpFetcher } from '../../lambdas/adapters/http-fetcher';
import { createSmtpMailer } from '../../lambdas/adapters/mail/smtp-mailer';
import type { Mailer } from '../../lambdas/core/ports';
import type { SourceDefinition } from '../../lambdas/core/types';
import { collectSources, type PassDeps } from '../../lambdas/core/use-cases/collect-sources';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

let t: TestStore;
let smtp: SmtpSink;
let mailer: Mailer;
let fetcher: HttpFetcher;
let server: Server;
let origin: string;
let broken = true;

const LIST = '<html><body><ul class="list"><li><a href="/a/1.html">云从科技发布新产品</a> <span>2026-11-27</span></li></ul></body></html>';
const ARTICLE = '<html><head><title>云从科技发布新产品</title></head><body><h1>云从科技发布新产品</h1><div id="content"><p>云从科技今天在广州发布了一款新产品，面向金融行业。</p></div></body></html>';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (broken) return void res.writeHead(503, { 'Content-Type': 'text/plain' }).end('down for maintenance');
    if (req.url === '/list/') return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(LIST);
    if (req.url?.startsWith('/a/')) return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(ARTICLE);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await startTestStore();
  smtp = await startSmtpSink();
  mailer = createSmtpMailer(smtp.url, { timeoutMs: 5000 });
  fetcher = createHttpFetcher({ allowPrivateNetwork: true, perHostDelayMs: 0, retries: 0, requestTimeoutMs: 3000 });
});

afterAll(async () => {
  await fetcher.close();
  await mailer.close?.();
  await smtp.close();
  await t.close();
  await new Promise<void>((r) => server.close(() => r()));
});

test('the admin hears once when a source has failed three runs in a row, and once when it recovers', async () => {
  const source: SourceDefinition = { id: 'flaky', name: '时好时坏的网站', kind: 'news', type: 'html', urls: [`${origin}/list/`], match: '/a/\\d+\\.html$' };
  const healthy: SourceDefinition = { id: 'steady', name: '稳定的网站', kind: 'news', type: 'rss', urls: [`${origin}/missing-feed.xml`] };
  const deps: PassDeps = {
    store: t.store, fetcher, now: () => new Date(), log: () => undefined,
    alerts: { store: t.store, now: () => new Date(), from: 'gzwatch <gzwatch@example.com>', log: () => undefined, admin: 'admin@example.com', mailer, retryBaseMs: 10 },
  };
  const subjects = () => smtp.received.map((m) => m.subject);

  await collectSources(deps, [source]);
  await collectSources(deps, [source]);
  expect(subjects()).toEqual([]);
  const third = await collectSources(deps, [source]);
  expect(third.results[0]).toMatchObject({ ok: false, failureClass: 'http' });
  expect(subjects()).toEqual(['gzwatch: source 时好时坏的网站 (flaky) has failed 3 runs in a row']);
  expect(smtp.received[0]!.text).toContain('503');
  expect(smtp.received[0]!.text).toContain('gzwatch sources check flaky');

  await collectSources(deps, [source]);
  await collectSources(deps, [source]);
  expect(subjects()).toHaveLength(1);

  broken = false;
  const back = await collectSources(deps, [source, healthy]);
  expect(back.results[0]).toMatchObject({ ok: true, newArticles: 1 });
  expect(subjects()).toEqual([
    'gzwatch: source 时好时坏的网站 (flaky) has failed 3 runs in a row',
    'gzwatch: source 时好时坏的网站 (flaky) has recovered',
  ]);
  await collectSources(deps, [source]);
  expect(subjects()).toHaveLength(2);
  expect((await t.store.sources.list()).find((h) => h.sourceId === 'flaky')).toMatchObject({ consecutiveFailures: 0 });
});

test('an alert that could not be mailed stays queued and goes out at the end of the next pass', async () => {
  const source: SourceDefinition = { id: 'gone', name: '消失的网站', kind: 'news', type: 'html', urls: [`${origin}/nothing-here/`] };
  const deps: PassDeps = {
    store: t.store, fetcher, now: () => new Date(), log: () => undefined,
    alerts: { store: t.store, now: () => new Date(), from: 'gzwatch <gzwatch@example.com>', log: () => undefined, admin: 'ops@example.com', mailer, retryBaseMs: 10, sendAttempts: 2 },
  };
  const before = smtp.received.length;
  await collectSources(deps, [source]);
  await collectSources(deps, [source]);
  // Two attempts when the alert is raised, two more in the end-of-pass retry: all fail.
  smtp.failNext(4);
  await collectSources(deps, [source]);
  expect(smtp.received.slice(before).map((m) => m.subject)).toEqual([]);
  expect((await t.store.outbox.listUnsent('ops@example.com')).map((r) => r.status)).toEqual(['PENDING']);
  await collectSources(deps, []);
  expect(smtp.received.length).toBe(before + 1);
  expect(smtp.received.at(-1)!.subject).toBe('gzwatch: source 消失的网站 (gone) has failed 3 runs in a row');
});
