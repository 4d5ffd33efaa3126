import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { createHttpFetcher, type HttpFetcher } from '../../lambdas/adapters/http-fetcher';
import type { HtmlSourceDefinition, SourceDefinition } from '../../lambdas/core/types';
import { collectSources } from '../../lambdas/core/use-cases/collect-sources';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';

/**
 * One pass over a healthy site and every way the open web goes wrong, each on its own host name
 * (mapped to one local server), so the per-host politeness lets them run side by side.
 */
const BUDGET_MS = 4000;
const LIST = (links: string) => `<html><head><meta charset="utf-8"></head><body><ul class="list">${links}</ul></body></html>`;
const ARTICLE = (title: string) =>
  `<html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><div id="content"><p>${title}。广州市工业和信息化局今天介绍了相关情况。</p></div></body></html>`;

let server: Server;
let origin: string;
let t: TestStore;
let fetcher: HttpFetcher;
const hanging: ServerResponse[] = [];

function route(host: string, path: string, res: ServerResponse): void {
  const html = (body: string | Buffer, type = 'text/html; charset=utf-8'): void => {
    res.writeHead(200, { 'Content-Type': type }).end(body);
  };
  if (path === '/robots.txt') return void res.writeHead(404).end();
  switch (host) {
    case 'healthy.test':
      if (path === '/list/') return html(LIST('<li><a href="/a/1.html">云从科技发布新产品</a></li><li><a href="/a/2.html">算力券开始申报</a></li>'));
      return html(ARTICLE(path === '/a/1.html' ? '云从科技发布新产品' : '算力券开始申报'));
    case 'hang.test':
      hanging.push(res); // never answers
      return;
    case 'broken.test':
      return void res.writeHead(500, { 'Content-Type': 'text/plain' }).end('internal error');
    case 'busy.test':
      return void res.writeHead(429, { 'Retry-After': '1', 'Content-Type': 'text/plain' }).end('slow down');
    case 'loop.test':
      return void res.writeHead(302, { Location: path === '/list/' ? 'https://loop.test/other/' : 'https://loop.test/list/' }).end();
    case 'huge.test': {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 100 * 1024 * 1024 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      return pump();
    }
    case 'binary.test':
      return html(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 'text/html');
    case 'wrong-charset.test': {
      // The header claims UTF-8; the bytes are GB18030, as the page's own meta tag says.
      const page = (body: string) => iconv.encode(body.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'), 'gb18030');
      if (path === '/list/') return html(page(LIST('<li><a href="/a/9.html">香港科技大学（广州）开放日</a></li>')), 'text/html; charset=utf-8');
      return html(page(ARTICLE('香港科技大学（广州）开放日')), 'text/html; charset=utf-8');
    }
    case 'changed.test':
      return html('<html><body><div class="new-layout"><a href="/a/1.html">改版后的链接</a></div></body></html>');
    default:
      res.writeHead(404).end();
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const [, host, ...rest] = (req.url ?? '/').split('/');
    route(host!, `/${rest.join('/')}`, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await startTestStore();
  fetcher = createHttpFetcher({
    rewriteUrl: (url) => {
      const u = new URL(url);
      return `${origin}/${u.hostname}${u.pathname}${u.search}`;
    },
    originalUrl: (local) => (local.startsWith(`${origin}/`) ? `https://${local.slice(origin.length + 1)}` : local),
    perHostDelayMs: 0,
    requestTimeoutMs: 800,
    retries: 1,
    retryBaseDelayMs: 10,
    maxRetryAfterMs: 1500,
    maxBytes: 1024 * 1024,
  });
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  await fetcher.close();
  await t.close();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

test('every broken site ends with its own recorded failure within its budget, and the healthy ones are collected', async () => {
  const source = (id: string, extra: Partial<HtmlSourceDefinition> = {}): SourceDefinition => ({
    id, name: id, kind: 'news', type: 'html', urls: [`https://${id}.test/list/`], list: { item: 'ul.list li', link: 'a' }, ...extra,
  });
  const ids = ['healthy', 'hang', 'broken', 'busy', 'loop', 'huge', 'binary', 'wrong-charset', 'changed'];
  const report = await collectSources({ store: t.store, fetcher, now: () => new Date(), log: () => undefined }, ids.map((id) => source(id)), { sourceBudgetMs: BUDGET_MS });
  const byId = Object.fromEntries(report.results.map((r) => [r.sourceId, r]));

  expect(byId.healthy).toMatchObject({ ok: true, newArticles: 2 });
  expect(byId['wrong-charset']).toMatchObject({ ok: true, newArticles: 1 });
  const stored = await t.store.articles.listFirstSeenBetween(new Date(Date.now() - 3600_000).toISOString(), new Date(Date.now() + 3600_000).toISOString());
  expect(stored.map((a) => a.title).sort()).toEqual(['云从科技发布新产品', '算力券开始申报', '香港科技大学（广州）开放日'].sort());

  expect(byId.hang).toMatchObject({ ok: false, failureClass: 'timeout' });
  expect(byId.broken).toMatchObject({ ok: false, failureClass: 'http' });
  expect(byId.broken!.error).toContain('500');
  expect(byId.busy).toMatchObject({ ok: false, failureClass: 'http' });
  expect(byId.busy!.error).toContain('429');
  expect(byId.loop).toMatchObject({ ok: false, failureClass: 'http' });
  expect(byId.loop!.error).toMatch(/redirect loop/);
  expect(byId.huge).toMatchObject({ ok: false, failureClass: 'too-large' });
  expect(byId.binary).toMatchObject({ ok: false, failureClass: 'undecodable' });
  expect(byId.changed).toMatchObject({ ok: false, failureClass: 'no-items' });
  for (const r of report.results) expect(r.durationMs).toBeLessThan(BUDGET_MS + 1000);

  const health = Object.fromEntries((await t.store.sources.list()).map((h) => [h.sourceId, h]));
  expect(health.hang).toMatchObject({ consecutiveFailures: 1, failureClass: 'timeout' });
  expect(health.healthy).toMatchObject({ consecutiveFailures: 0 });
});
