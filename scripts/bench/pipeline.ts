import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { createDocumentClient, ensureTable } from '../../lambdas/adapters/dynamo/document-client';
import { createDynamoStore } from '../../lambdas/adapters/dynamo/store';
import { fixtureUrlMapping } from '../../lambdas/demo/fixture-sites-server';
import { extractArticle } from '../../lambdas/core/extract';
import { buildMatcher } from '../../lambdas/core/matcher';
import type { Fetcher } from '../../lambdas/core/ports';
import type { SourceDefinition } from '../../lambdas/core/types';
import { collectSources } from '../../lambdas/core/use-cases/collect-sources';
import { defaultWatchlist } from '../../lambdas/default-watchlist';
import { buildFetcher } from '../../lambdas/composition/local';
import { meterCapacity } from './capacity';
import { profileCpu, type CpuBreakdown } from './cpu-profile';
import { generateSites } from './generate-sites';
import { median } from './stats';

export interface PipelineFigures {
  articles: number;
  sources: number;
  policySources: number;
  requests: number;
  wallSeconds: number;
  lowerBoundSeconds: number;
  /** Pass CPU (this process) per new article, everything included: lists, known checks, re-checks, store. */
  passCpuMsPerArticle: number;
  /** extract + normalise + match of one article page, median of several rounds. */
  cpuMsPerArticle: number;
  /** cheerio.load of the same page and the body's text: what any extraction costs at least. */
  floorCpuMsPerArticle: number;
  /** A source run where nothing is new (list read, known-article check, re-checks): the hourly cost of a quiet source. */
  readUnitsPerQuietRun: number;
  writeUnitsPerQuietRun: number;
  /** What each new article adds to its run. */
  readUnitsPerArticle: number;
  writeUnitsPerArticle: number;
  /** Samples of the measured pass, in ms per bucket. */
  cpuBreakdownMs: CpuBreakdown;
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

const NEWS_SITES = 40;
const POLICY_SITES = 10;
/** Articles each site already had at the previous run, and the new ones of this run. */
const KNOWN = 12;
const NEW = 2;
const LATENCY_MS = 50;
/**
 * Production waits 1 s between requests to one host; the bench scales that down 10×, keeping the
 * ratio of waiting to work that the 50 ms responses stand for (a quarter of production's).
 */
const PER_HOST_DELAY_MS = 100;
/** collectSources' default number of sources in flight. */
const CONCURRENCY = 16;

/** Counts requests per host, for the floor of the pass. */
function countingFetcher(inner: Fetcher, perHost: Map<string, number>): Fetcher {
  return {
    get(url, options) {
      const host = new URL(url).host;
      perHost.set(host, (perHost.get(host) ?? 0) + 1);
      return inner.get(url, options);
    },
  };
}

/**
 * The floor of a pass: each host's requests in series (latency each, the politeness delay between),
 * sources started in order on CONCURRENCY workers as collectSources does, no CPU at all.
 */
function passFloorSeconds(hosts: string[], perHost: Map<string, number>): number {
  const workers = new Array<number>(CONCURRENCY).fill(0);
  for (const host of hosts) {
    const n = perHost.get(host) ?? 0;
    const ms = n * LATENCY_MS + Math.max(0, n - 1) * PER_HOST_DELAY_MS;
    const free = workers.indexOf(Math.min(...workers));
    workers[free]! += ms;
  }
  return Math.max(...workers) / 1000;
}

/**
 * An hourly pass as production sees it: 50 sites (40 news, 10 policy) that the previous run already
 * read, each with 2 new articles among 14 listed. Every site costs robots.txt, its list page and a
 * known-article check; policy sites also re-check their known documents (conditional GETs). The
 * previous run is played first (not measured), against the same store.
 */
export async function benchPipeline(): Promise<PipelineFigures> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-bench-sites-'));
  const before = generateSites(root, NEWS_SITES + POLICY_SITES, KNOWN);
  const far = await startFarSide(root, LATENCY_MS);
  const server = fixtureUrlMapping(far.sitesOrigin);
  const doc = createDocumentClient({ endpoint: far.dynamoEndpoint, region: 'us-east-1' });
  await ensureTable(doc, 'bench');
  const meter = meterCapacity(doc);
  const store = createDynamoStore(doc, 'bench');
  await store.watchlist.putMany(defaultWatchlist());
  const sources: SourceDefinition[] = before.map((s, i) => ({
    id: `bench-${i}`,
    name: `测试站${i}`,
    kind: i < NEWS_SITES ? 'news' : 'policy',
    type: 'html',
    urls: [s.listUrl],
    list: { item: 'ul.news_list li', link: 'a', date: 'span' },
    article: { title: 'h1', body: '#content' },
    maxArticles: 20,
  }));
  const quiet = () => undefined;
  try {
    // The previous run: every site's first 12 articles become known. It also warms up tsx and the SDK.
    const previous = buildFetcher({ rewriteUrl: server.rewriteUrl, originalUrl: server.originalUrl, perHostDelayMs: 0 });
    await collectSources({ store, fetcher: previous, now: () => new Date(), log: quiet }, sources);
    await previous.close();
    // This hour: two more articles on every site (same URLs for the known ones).
    const sites = generateSites(root, NEWS_SITES + POLICY_SITES, KNOWN + NEW);

    const perHost = new Map<string, number>();
    const fetcher = buildFetcher({ rewriteUrl: server.rewriteUrl, originalUrl: server.originalUrl, perHostDelayMs: PER_HOST_DELAY_MS });
    meter.reset();
    const started = process.hrtime.bigint();
    const passCpu = process.cpuUsage();
    const { result: report, breakdown } = await profileCpu(() => collectSources({ store, fetcher: countingFetcher(fetcher, perHost), now: () => new Date(), log: quiet }, sources));
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(passCpu);
    await fetcher.close();
    const articles = report.results.reduce((n, r) => n + r.newArticles, 0);
    const failed = report.results.filter((r) => !r.ok);
    if (failed.length || articles !== sources.length * NEW) throw new Error(`bench pass incomplete: ${articles} articles, failures: ${failed.map((f) => f.error).join('; ')}`);
    const passReads = meter.readUnits;
    if (process.env.BENCH_DEBUG) console.error(JSON.stringify(meter.writesByKind));
    const passWrites = meter.writeUnits;
    // The next hour with nothing new: what a quiet source run costs in DynamoDB units.
    const quietFetcher = buildFetcher({ rewriteUrl: server.rewriteUrl, originalUrl: server.originalUrl, perHostDelayMs: 0 });
    meter.reset();
    await collectSources({ store, fetcher: quietFetcher, now: () => new Date(), log: quiet }, sources);
    await quietFetcher.close();
    const quietReads = meter.readUnits / sources.length;
    const quietWrites = meter.writeUnits / sources.length;
    const hosts = sites.map((s) => s.host);
    const lowerBoundSeconds = passFloorSeconds(hosts, perHost);
    const requests = [...perHost.values()].reduce((a, b) => a + b, 0);

    // CPU per article against its floor, on every page of the run, median of 5 rounds.
    const matcher = buildMatcher(defaultWatchlist());
    const pages = sites.flatMap((s) => Array.from({ length: KNOWN + NEW }, (_, i) => fs.readFileSync(path.join(root, s.host, 'news', `${1000 + i}.html`), 'utf8')).map((html, i) => ({ url: `https://${s.host}/news/${1000 + i}.html`, html })));
    const selectors = { selectors: { title: 'h1', body: '#content' } };
    const cpuMs = (work: (p: { url: string; html: string }) => void) => {
      for (const p of pages.slice(0, 20)) work(p);
      const rounds: number[] = [];
      for (let r = 0; r < 5; r++) {
        const start = process.cpuUsage();
        for (const p of pages) work(p);
        const cpu = process.cpuUsage(start);
        rounds.push((cpu.user + cpu.system) / 1000 / pages.length);
      }
      return median(rounds);
    };
    const cpuMsPerArticle = cpuMs((p) => {
      const article = extractArticle(p.html, p.url, selectors);
      matcher.matchDocument({ title: article.title, body: article.body });
    });
    const floorCpuMsPerArticle = cpuMs((p) => {
      const $ = cheerio.load(p.html);
      if (!$('#content').text()) throw new Error('floor: empty body');
    });
    return {
      articles,
      sources: sources.length,
      policySources: POLICY_SITES,
      requests,
      wallSeconds,
      lowerBoundSeconds,
      passCpuMsPerArticle: (used.user + used.system) / 1000 / articles,
      cpuMsPerArticle,
      floorCpuMsPerArticle,
      readUnitsPerQuietRun: quietReads,
      writeUnitsPerQuietRun: quietWrites,
      readUnitsPerArticle: Math.max(0, passReads - quietReads * sources.length) / articles,
      writeUnitsPerArticle: Math.max(0, passWrites - quietWrites * sources.length) / articles,
      cpuBreakdownMs: breakdown,
      latencyMs: LATENCY_MS,
      perHostDelayMs: PER_HOST_DELAY_MS,
    };
  } finally {
    doc.destroy();
    await far.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void benchPipeline().then((f) => console.log(JSON.stringify(f, null, 1)));
}
