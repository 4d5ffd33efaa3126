/**
 * The matcher is built once per container (one Services, as a Lambda container or `gzwatch serve`
 * holds) and rebuilt only when the watchlist changes: passes through the real composition root's
 * collectDeps, a real dynalite store and a local news site whose list names a new article each run.
 */
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { readLocalConfig } from '../../lambdas/composition/config';
import { composeLocal, type LocalServices } from '../../lambdas/composition/local';
import { collectDeps } from '../../lambdas/composition/use-case-deps';
import type { Entity, SourceDefinition } from '../../lambdas/core/types';
import { collectSources } from '../../lambdas/core/use-cases/collect-sources';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';

const TABLE = 'gzwatch-matcher-cache';
let store: TestStore;
let services: LocalServices;
let home: string;
let server: Server;
let origin: string;
let run = 0;

const page = (n: number) =>
  `<html><head><title>云从科技与琶洲实验室合作第${n}期</title></head><body><h1>云从科技与琶洲实验室合作第${n}期</h1>` +
  `<div id="content"><p>云从科技今天与琶洲实验室签署合作协议，双方将在广州共建人工智能联合创新中心，第${n}期项目随即启动。</p></div></body></html>`;

beforeAll(async () => {
  server = createServer((req, res) => {
    const html = (body: string) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(body);
    if (req.url === '/list/') {
      run += 1;
      return html(`<html><body><ul class="news"><li><a href="/a/${run}.html">第${run}期</a></li></ul></body></html>`);
    }
    const article = /^\/a\/(\d+)\.html$/.exec(req.url ?? '');
    if (article) return html(page(Number(article[1])));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  store = await startTestStore(TABLE);
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-matcher-cache-'));
  const config = readLocalConfig({ GZWATCH_HOME: home, DYNAMODB_ENDPOINT: store.endpoint, GZWATCH_TABLE: TABLE });
  services = await composeLocal(config, { fetch: { allowPrivateNetwork: true, perHostDelayMs: 0 }, logger: { info: () => undefined, warn: () => undefined, error: () => undefined } });
});

afterAll(async () => {
  await services.close();
  await store.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(home, { recursive: true, force: true });
});

const entity = (id: string, name: string): Entity => ({ id, kind: 'company', name, aliases: [], context: [], exclude: [], tags: [], enabled: true });
const source: () => SourceDefinition = () => ({ id: 'cache-news', name: 'cache news', kind: 'news', type: 'html', urls: [`${origin}/list/`], list: { item: 'ul.news li', link: 'a' }, match: '/a/\\d+\\.html$' });

/** One pass as the collector Lambda runs it: collectDeps of the container's services, then collectSources. */
async function pass(): Promise<string[]> {
  const report = await collectSources(collectDeps(services), [source()]);
  expect(report.results[0]).toMatchObject({ ok: true, newArticles: 1 });
  const articles = await services.store.articles.listFirstSeenBetween(new Date(Date.now() - 3_600_000).toISOString(), new Date(Date.now() + 60_000).toISOString());
  const latest = articles.find((a) => a.url.endsWith(`/a/${run}.html`));
  return [...new Set(latest?.mentions.map((m) => m.entityId))].sort();
}

test('a second pass with the same watchlist builds no matcher; a changed watchlist builds one, used from that pass on', async () => {
  await services.store.watchlist.putMany([entity('cloudwalk', '云从科技')]);
  const cache = collectDeps(services).matchers!;
  expect(collectDeps(services).matchers).toBe(cache); // one cache per container

  expect(await pass()).toEqual(['cloudwalk']);
  expect(cache.builds).toBe(1);
  expect(await pass()).toEqual(['cloudwalk']);
  expect(cache.builds).toBe(1);

  // The same entities written again are the same watchlist.
  await services.store.watchlist.putMany([entity('cloudwalk', '云从科技')]);
  expect(await pass()).toEqual(['cloudwalk']);
  expect(cache.builds).toBe(1);

  await services.store.watchlist.putMany([entity('cloudwalk', '云从科技'), entity('pazhou-lab', '琶洲实验室')]);
  expect(await pass()).toEqual(['cloudwalk', 'pazhou-lab']);
  expect(cache.builds).toBe(2);
  expect(await pass()).toEqual(['cloudwalk', 'pazhou-lab']);
  expect(cache.builds).toBe(2);

  // Disabling an entity changes what matches: rebuilt once more.
  await services.store.watchlist.putMany([entity('cloudwalk', '云从科技'), { ...entity('pazhou-lab', '琶洲实验室'), enabled: false }]);
  expect(await pass()).toEqual(['cloudwalk']);
  expect(cache.builds).toBe(3);
});
