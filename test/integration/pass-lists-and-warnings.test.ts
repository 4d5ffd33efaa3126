import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpFetcher, type HttpFetcher } from '../../lambdas/adapters/http-fetcher';
import type { SourceDefinition } from '../../lambdas/core/types';
import { collectSources, type PassDeps } from '../../lambdas/core/use-cases/collect-sources';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';

/**
 * What a pass keeps between runs and records for people: list validators (the next run's list
 * request is conditional), a layout-changed warning in the source's health, and one refused item
 * that does not stop the rest of the source.
 */
let t: TestStore;
let server: Server;
let origin: string;
let fetcher: HttpFetcher;
const requests: { url: string; ifNoneMatch?: string }[] = [];

const LIST = '<html><body><ul class="news"><li><a href="/a/1.html">云从科技发布新产品</a></li><li><a href="/a/2.html">广州发布人工智能政策</a></li></ul></body></html>';
// The same links after a redesign: no ul.news any more.
const REDESIGNED = '<html><body><div class="cards"><a href="/a/1.html">云从科技发布新产品</a><a href="/a/2.html">广州发布人工智能政策</a></div></body></html>';
const page = (title: string) => `<html><head><title>${title}</title></head><body><h1>${title}</h1><div id="content"><p>${title}。这是一段足够长的正文，讲述广州人工智能产业的最新进展和企业动态。</p></div></body></html>`;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    requests.push({ url: req.url ?? '', ifNoneMatch: req.headers['if-none-match'] as string | undefined });
    const html = (body: string, etag?: string) => {
      if (etag && req.headers['if-none-match'] === etag) return void res.writeHead(304, { ETag: etag }).end();
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...(etag ? { ETag: etag } : {}) }).end(body);
    };
    if (req.url === '/list/') return html(LIST, '"list-v1"');
    if (req.url === '/redesigned/') return html(REDESIGNED);
    if (req.url === '/a/1.html') return html(page('云从科技发布新产品'));
    if (req.url === '/a/2.html') return html(page('广州发布人工智能政策'));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await startTestStore();
  fetcher = createHttpFetcher({ allowPrivateNetwork: true, perHostDelayMs: 0, retries: 0, requestTimeoutMs: 3000 });
});

afterEach(() => jest.restoreAllMocks());
afterAll(async () => {
  await fetcher.close();
  await t.close();
  await new Promise<void>((r) => server.close(() => r()));
});

const deps = (): PassDeps => ({ store: t.store, fetcher, now: () => new Date(), log: () => undefined });
const source = (id: string, list: string): SourceDefinition => ({ id, name: id, kind: 'news', type: 'html', urls: [`${origin}${list}`], list: { item: 'ul.news li', link: 'a' }, match: '/a/\\d+\\.html$' });

test('the list validators are kept, so the next run asks for the list conditionally and 304 is nothing new, not a failure', async () => {
  const first = await collectSources(deps(), [source('etag-news', '/list/')]);
  expect(first.results[0]).toMatchObject({ ok: true, newArticles: 2 });
  requests.length = 0;
  const second = await collectSources(deps(), [source('etag-news', '/list/')]);
  expect(second.results[0]).toMatchObject({ ok: true, newArticles: 0 });
  expect(requests.filter((r) => r.url === '/list/')).toEqual([{ url: '/list/', ifNoneMatch: '"list-v1"' }]);
  expect(requests.some((r) => r.url.startsWith('/a/'))).toBe(false);
  expect((await t.store.sources.list()).find((h) => h.sourceId === 'etag-news')).toMatchObject({ consecutiveFailures: 0 });
});

test('a list selector that finds nothing while the links are still there collects them and leaves a layout-changed warning in health', async () => {
  const report = await collectSources(deps(), [source('redesigned', '/redesigned/')]);
  expect(report.results[0]).toMatchObject({ ok: true, newArticles: 0 }); // the articles are known from the first test
  const health = (await t.store.sources.list()).find((h) => h.sourceId === 'redesigned');
  expect(health?.warning).toMatch(/ul\.news/);
  // A run without the warning clears it.
  await collectSources(deps(), [{ ...source('redesigned', '/list/'), id: 'redesigned' }]);
  expect((await t.store.sources.list()).find((h) => h.sourceId === 'redesigned')?.warning).toBeUndefined();
  expect(await t.store.sources.forget('redesigned')).toBe(true);
  expect((await t.store.sources.list()).find((h) => h.sourceId === 'redesigned')).toBeUndefined();
});

test('one item the store refuses is skipped; the rest of the source is stored', async () => {
  const send = DynamoDBDocumentClient.prototype.send;
  jest.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(function (this: DynamoDBDocumentClient, command: object, ...rest: unknown[]) {
    if (command instanceof PutCommand && String(command.input.Item?.url ?? '').endsWith('/a/1.html')) {
      return Promise.reject(Object.assign(new Error('Item size has exceeded the maximum allowed size'), { name: 'ValidationException' }));
    }
    return (send as (...a: unknown[]) => Promise<unknown>).call(this, command, ...rest);
  } as typeof send);
  const fresh = await startTestStore('gzwatch-skip');
  try {
    const report = await collectSources({ ...deps(), store: fresh.store }, [source('skip-one', '/redesigned/')]);
    expect(report.results[0]).toMatchObject({ ok: true, newArticles: 1 });
    expect(report.infrastructureErrors).toEqual([]);
    expect(await fresh.store.articles.isKnown(`${origin}/a/2.html`)).toBe(true);
  } finally {
    await fresh.close();
  }
});
