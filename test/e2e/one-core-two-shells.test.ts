/**
 * The two shells run one core: `gzwatch run` (the CLI, in its own process) and the collector
 * Lambda (its handler, as SQS calls it) collect the same stored source from the same local site
 * into two stores, and store the same articles with the same mentions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDocumentClient } from '../../lambdas/adapters/dynamo/document-client';
import { createDynamoStore } from '../../lambdas/adapters/dynamo/store';
import type { Store } from '../../lambdas/core/ports';
import { seedWatchlistIfFirstUse } from '../../lambdas/core/use-cases/seed-watchlist';
import { defaultWatchlist } from '../../lambdas/default-watchlist';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';
import { runCli } from '../helpers/run-cli';
import { E2E_SITE_DAY, startStaticSite, type StaticSite } from '../helpers/static-site';
import { lambdaEnvironment, sqsRecord } from '../support/lambda-events';

jest.setTimeout(120_000);

const SITE_ROOT = path.resolve(__dirname, '../../fixtures/e2e-site');
let site: StaticSite;
let cliStore: TestStore;
let lambdaStore: TestStore;
let home: string;

beforeAll(async () => {
  site = await startStaticSite(SITE_ROOT, { writtenOn: E2E_SITE_DAY });
  [cliStore, lambdaStore] = await Promise.all([startTestStore('gzwatch'), startTestStore('gzwatch-lambda')]);
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-shells-'));
});

afterAll(async () => {
  await site.close();
  await Promise.all([cliStore.close(), lambdaStore.close()]);
  fs.rmSync(home, { recursive: true, force: true });
});

const definition = () => ({ id: 'kechuang-news', name: '科创广州·要闻', kind: 'news' as const, type: 'html' as const, url: `${site.origin}/news/`, list: { item: 'ul.news-list li', link: 'a', date: 'span.date' } });

async function stored(store: Store) {
  const articles = await store.articles.listFirstSeenBetween(new Date(Date.now() - 3600_000).toISOString(), new Date(Date.now() + 60_000).toISOString());
  return articles
    .map((a) => ({ url: a.url, title: a.title, body: a.body, publishedAt: a.publishedAt, source: a.source, mentions: a.mentions.map((m) => `${m.entityId}@${m.field}:${m.start}`).sort() }))
    .sort((a, b) => a.url.localeCompare(b.url));
}

test('gzwatch run and the collector Lambda store the same articles and mentions from the same source', async () => {
  // The CLI: the source is added to the store, then collected by `gzwatch run`.
  const file = path.join(home, 'sources.json');
  fs.writeFileSync(file, JSON.stringify({ sources: [definition()] }));
  const env = { GZWATCH_HOME: home, DYNAMODB_ENDPOINT: cliStore.endpoint, GZWATCH_TABLE: 'gzwatch' };
  const added = await runCli(['sources', 'add', file], env);
  expect(added.code).toBe(0);
  for (const id of (await cliStore.store.catalogue.list()).filter((s) => s.builtIn).map((s) => s.definition.id)) await cliStore.store.catalogue.setEnabled(id, false);
  const run = await runCli(['run', '--allow-private-network'], env);
  expect(run.stderr).toContain('kechuang-news: ok');
  expect(run.code).toBe(0);

  // The Lambda: the same source stored in its table, collected from one SQS message.
  await seedWatchlistIfFirstUse(lambdaStore.store, defaultWatchlist(), new Date());
  const { url, ...rest } = definition();
  await lambdaStore.store.catalogue.putMany([{ definition: { ...rest, urls: [url] }, enabled: true, builtIn: false, updatedAt: new Date().toISOString() }]);
  await lambdaStore.store.catalogue.markSeeded(new Date().toISOString());
  Object.assign(process.env, lambdaEnvironment('gzwatch-lambda', lambdaStore.endpoint, { GZWATCH_ALLOW_PRIVATE_NETWORK: '1' }));
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the handler composes its services at load, after the environment is set
  const { handler } = require('../../lambdas/handlers/collect-source') as typeof import('../../lambdas/handlers/collect-source');
  const record = sqsRecord('m1', JSON.stringify({ sourceId: 'kechuang-news' }));
  expect(await handler({ Records: [record] })).toEqual({ batchItemFailures: [] });
  write.mockRestore();

  const viaCli = await stored(createDynamoStore(createDocumentClient({ endpoint: cliStore.endpoint, region: 'us-east-1' }), 'gzwatch'));
  const viaLambda = await stored(lambdaStore.store);
  expect(viaCli.length).toBeGreaterThan(1);
  expect(viaCli.some((a) => a.mentions.length > 0)).toBe(true);
  expect(viaLambda).toEqual(viaCli);
  const health = async (s: Store) => (await s.sources.list()).filter((h) => h.sourceId === 'kechuang-news').map(({ sourceId, consecutiveFailures }) => ({ sourceId, consecutiveFailures }));
  expect(await health(lambdaStore.store)).toEqual(await health(cliStore.store));
});
