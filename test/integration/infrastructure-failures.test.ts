import { BatchGetCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpFetcher, type HttpFetcher } from '../../lambdas/adapters/http-fetcher';
import type { SourceDefinition } from '../../lambdas/core/types';
import { collectSources } from '../../lambdas/core/use-cases/collect-sources';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';

/**
 * When gzwatch's own store fails during collection (an IAM action not granted, a throttled
 * table), the site is not blamed: nothing is recorded in its health, and the pass reports the
 * source for a retry. Here the store really is dynalite; only the one refused command fails, with
 * the error DynamoDB itself answers.
 */
let t: TestStore;
let server: Server;
let origin: string;
let fetcher: HttpFetcher;

const LIST = '<html><body><ul class="list"><li><a href="/a/1.html">云从科技发布新产品</a> <span>2026-11-27</span></li></ul></body></html>';
const ARTICLE = '<html><head><title>云从科技发布新产品</title></head><body><h1>云从科技发布新产品</h1><div id="content"><p>云从科技今天在广州发布了一款新产品，面向金融行业。</p></div></body></html>';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/list/') return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(LIST);
    if (req.url?.startsWith('/a/')) return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(ARTICLE);
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

function accessDenied(action: string): Error {
  return Object.assign(new Error(`User: arn:aws:sts::000000000000:assumed-role/collector is not authorized to perform: dynamodb:${action}`), { name: 'AccessDeniedException', $fault: 'client' });
}

/** Lets every command through to dynalite except those of `refused`, which fail as DynamoDB would. */
function refuse(refused: new (...args: never[]) => object, action: string): void {
  const send = DynamoDBDocumentClient.prototype.send;
  jest.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(function (this: DynamoDBDocumentClient, command: object, ...rest: unknown[]) {
    if (command instanceof refused) return Promise.reject(accessDenied(action));
    return (send as (...a: unknown[]) => Promise<unknown>).call(this, command, ...rest);
  } as typeof send);
}

const source = (id: string): SourceDefinition => ({ id, name: '本地新闻', kind: 'news', type: 'html', urls: [`${origin}/list/`], match: '/a/\\d+\\.html$' });

test('a refused known-article check (BatchGetItem) is not recorded as the site failing, and the source is handed back for a retry', async () => {
  refuse(BatchGetCommand, 'BatchGetItem');
  const report = await collectSources({ store: t.store, fetcher, now: () => new Date(), log: () => undefined }, [source('denied')]);
  expect(report.results).toEqual([]);
  expect(report.infrastructureErrors).toEqual([{ sourceId: 'denied', error: expect.stringContaining('not authorized to perform: dynamodb:BatchGetItem') }]);
  jest.restoreAllMocks();
  expect((await t.store.sources.list()).find((h) => h.sourceId === 'denied')).toBeUndefined();
  // Once the permission is there, the same source is collected as usual.
  const again = await collectSources({ store: t.store, fetcher, now: () => new Date(), log: () => undefined }, [source('denied')]);
  expect(again.results[0]).toMatchObject({ ok: true, newArticles: 1 });
  expect(again.infrastructureErrors).toEqual([]);
});

test('a site failure whose health record cannot be written is reported as infrastructure, not lost and not blamed', async () => {
  refuse(UpdateCommand, 'UpdateItem');
  const broken: SourceDefinition = { ...source('gone'), urls: [`${origin}/no-such-list/`] };
  const report = await collectSources({ store: t.store, fetcher, now: () => new Date(), log: () => undefined }, [broken, source('fine')]);
  expect(report.infrastructureErrors.map((e) => e.sourceId).sort()).toEqual(['fine', 'gone']);
  jest.restoreAllMocks();
  expect((await t.store.sources.list()).map((h) => h.sourceId)).not.toContain('gone');
});
