import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDocumentClient, ensureTable } from '../../lambdas/adapters/dynamo/document-client';
import { createDynamoStore } from '../../lambdas/adapters/dynamo/store';
import { fixtureUrlMapping } from '../../lambdas/demo/fixture-sites-server';
import { extractArticle } from '../../lambdas/core/extract';
import { buildMatcher } from '../../lambdas/core/matcher';
import type { SourceDefinition } from '../../lambdas/core/types';
import { collectSources } from '../../lambdas/core/use-cases/collect-sources';
import { defaultWatchlist } from '../../lambdas/default-watchlist';
import { buildFetcher } from '../../lambdas/composition/local';
import { generateSites } from './generate-sites';

export interface PipelineFigures {
  articles: number;
  sources: number;
  wallSeconds: number;
  lowerBoundSeconds: number;
  cpuMsPerArticle: number;
  latencyMs: number;
  perHostDelayMs: number;
}

/** Starts servers-process.ts and waits for its ready line. */
async function startFarSide(root: string, delayMs: number): Promise<{ sitesOrigin: string; dynamoEndpoint: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(__dirname, 'servers-process.ts'), root, String(delayMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.includes('\n')) resolve(buffer.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`bench servers exited with ${code}`)));
  });
  const ready = JSON.parse(line) as { sitesOrigin: string; dynamoEndpoint: string };
  return {
    ...ready,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

const SITES = 10;
const PER_SITE = 21;
const LATENCY_MS = 50;
/**
 * Production waits 1 s between requests to one host; the bench scales that down 10×, keeping the
 * ratio of waiting to work that the 50 ms responses stand for (a quarter of production's).
 */
const PER_HOST_DELAY_MS = 100;

/**
 * A full pass (fetch, extract, match, store in dynalite) over 10 generated sites of 21 articles,
 * every response delayed 50 ms by the server. The floor is what one host's serial requests need:
 * robots.txt + the list + 21 articles = 23 requests, each 50 ms, with 100 ms between them.
 */
export async function benchPipeline(): Promise<PipelineFigures> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-bench-sites-'));
  const sites = generateSites(root, SITES, PER_SITE);
  const [warmSite] = generateSites(root, 1, 3, 7, 'warm');
  const far = await startFarSide(root, LATENCY_MS);
  const server = fixtureUrlMapping(far.sitesOrigin);
  const doc = createDocumentClient({ endpoint: far.dynamoEndpoint, region: 'us-east-1' });
  await ensureTable(doc, 'bench');
  const store = createDynamoStore(doc, 'bench');
  await store.watchlist.putMany(defaultWatchlist());
  const fetcher = buildFetcher({ rewriteUrl: server.rewriteUrl, originalUrl: server.originalUrl, perHostDelayMs: PER_HOST_DELAY_MS });
  const sources: SourceDefinition[] = sites.map((s, i) => ({
    id: `bench-${i}`,
    name: `测试站${i}`,
    kind: 'news',
    type: 'html',
    urls: [s.listUrl],
    list: { item: 'ul.news_list li', link: 'a', date: 'span' },
    article: { title: 'h1', body: '#content' },
    maxArticles: PER_SITE,
  }));
  try {
    // Warm-up on a separate small site: tsx transpiling modules from source and the SDK's lazy
    // loading happen once per process and are not what a pass costs (Lambdas run prebuilt bundles).
    const warmFetcher = buildFetcher({ rewriteUrl: server.rewriteUrl, originalUrl: server.originalUrl, perHostDelayMs: 0 });
    await collectSources({ store, fetcher: warmFetcher, now: () => new Date(), log: () => undefined }, [{ ...sources[0]!, id: 'warm', urls: [warmSite!.listUrl] }]);
    await warmFetcher.close();

    const started = process.hrtime.bigint();
    const passCpu = process.cpuUsage();
    const report = await collectSources({ store, fetcher, now: () => new Date(), log: () => undefined }, sources);
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(passCpu);
    if (process.env.BENCH_DEBUG) console.error(`pass cpu ${(used.user + used.system) / 1e6} s`);
    const articles = report.results.reduce((n, r) => n + r.newArticles, 0);
    const failed = report.results.filter((r) => !r.ok);
    if (failed.length || articles !== SITES * PER_SITE) throw new Error(`bench pass incomplete: ${articles} articles, failures: ${failed.map((f) => f.error).join('; ')}`);
    const requestsPerHost = PER_SITE + 2;
    const lowerBoundSeconds = (requestsPerHost * LATENCY_MS + (requestsPerHost - 1) * PER_HOST_DELAY_MS) / 1000;

    // CPU per article: extraction, normalisation and matching of every page, in this process.
    const matcher = buildMatcher(defaultWatchlist());
    const pages = sites.flatMap((s) => Array.from({ length: PER_SITE }, (_, i) => ({ url: `https://${s.host}/news/${1000 + i}.html`, html: fs.readFileSync(path.join(root, s.host, 'news', `${1000 + i}.html`), 'utf8') })));
    for (const p of pages.slice(0, 20)) matcher.matchDocument(extractArticle(p.html, p.url, { selectors: { title: 'h1', body: '#content' } }));
    const rounds = 3;
    const cpuStart = process.cpuUsage();
    for (let r = 0; r < rounds; r++) {
      for (const p of pages) {
        const article = extractArticle(p.html, p.url, { selectors: { title: 'h1', body: '#content' } });
        matcher.matchDocument({ title: article.title, body: article.body });
      }
    }
    const cpu = process.cpuUsage(cpuStart);
    const cpuMsPerArticle = (cpu.user + cpu.system) / 1000 / (rounds * pages.length);
    return { articles, sources: sources.length, wallSeconds, lowerBoundSeconds, cpuMsPerArticle, latencyMs: LATENCY_MS, perHostDelayMs: PER_HOST_DELAY_MS };
  } finally {
    await fetcher.close();
    doc.destroy();
    await far.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void benchPipeline().then((f) => console.log(JSON.stringify(f)));
}
