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
import { readListPage } from '../../lambdas/core/extract/list-page';
import robotsParser from 'robots-parser';
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
  /** The pass's CPU in this process, all of it (median of the measured passes). */
  passCpuMs: number;
  /** CPU to extract and match every page the pass fetched, no network, no store: the floor of a pass. */
  floorCpuMs: number;
  /** passCpuMs / floorCpuMs, median over the measured passes (issue 16: ≤ 3). */
  passFloorRatio: number;
  /** What the floor covered: pages with a body by kind, and 304s (nothing to extract). */
  floorPages: { lists: number; articles: number; rechecked: number; robots: number; notModified: number };
  /** extract + normalise + match of one article page, median of several rounds. */
  cpuMsPerArticle: number;
  /** The floor per new article: floorCpuMs / new articles. */
  floorCpuMsPerArticle: number;
  /** cheerio.load of one article page and its body's text: what any extraction costs at least. */
  cheerioCpuMsPerArticle: number;
  /** A source run where nothing is new (list read, known-article check, re-checks): the hourly cost of a quiet source. */
  readUnitsPerQuietRun: number;
  writeUnitsPerQuietRun: number;
  /** What each new article adds to its run. */
  readUnitsPerArticle: number;
  writeUnitsPerArticle: number;
  /** Write units of one article's own item (its gsi1 copy costs as much; dynalite does not count it). */
  articleItemWriteUnits: number;
  /** DynamoDB requests of one pass, by command (BatchWriteItem counts as one). */
  dynamoRequests: Record<string, number>;
  /** Samples of a profiled pass, in ms per bucket; Node's own work is charged to the code that asked for it. */
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

/** A page the pass fetched, kept for the floor: the same pages, extracted and matched with nothing else. */
interface FetchedPage {
  url: string;
  text: string;
  contentType: string;
  notModified: boolean;
}

/** Counts requests per host (for the wall floor) and keeps every fetched page (for the CPU floor). */
function recordingFetcher(inner: Fetcher, perHost: Map<string, number>, pages: FetchedPage[]): Fetcher {
  return {
    async get(url, options) {
      const host = new URL(url).host;
      perHost.set(host, (perHost.get(host) ?? 0) + 1);
      const page = await inner.get(url, options);
      pages.push({ url, text: page.text, contentType: page.contentType, notModified: page.notModified });
      return page;
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

/** CPU milliseconds of `work`, median of `rounds` rounds after one warm-up round. */
async function cpuMedianMs(rounds: number, work: () => Promise<void> | void): Promise<number> {
  await work();
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.cpuUsage();
    await work();
    const cpu = process.cpuUsage(start);
    samples.push((cpu.user + cpu.system) / 1000);
  }
  return median(samples);
}

/** Measured passes: each adds NEW articles per site (the list shows the newest KNOWN + NEW). */
const PASSES = 3;

/**
 * An hourly pass as production sees it: 50 sites (40 news, 10 policy) that the previous run already
 * read, each with 2 new articles among 14 listed. Every site costs robots.txt, its list page and a
 * known-article check; policy sites also re-check their known documents (conditional GETs). The
 * previous run is played first (not measured), against the same store. Three passes are measured
 * (median), a fourth is profiled, and a fifth finds nothing new (the quiet run's units).
 *
 * The floor of each pass is the CPU to do, with no network and no store, what no collector can
 * skip on the pages that pass fetched: parse each robots.txt, read each list page with its list
 * selectors, extract and match each article page (new or re-checked) as the pass does.
 */
export async function benchPipeline(): Promise<PipelineFigures> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-bench-sites-'));
  const siteCount = NEWS_SITES + POLICY_SITES;
  const LISTED = KNOWN + NEW;
  const before = generateSites(root, siteCount, KNOWN);
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
  const byListUrl = new Map(sources.map((s) => [s.urls[0]!, s]));
  const sourceOfUrl = (url: string) => sources[Number(/site-(\d+)\./.exec(url)?.[1])]!;
  const matcher = buildMatcher(defaultWatchlist());
  const quiet = () => undefined;
  // One fetcher per pass, as a collector invocation has: robots.txt is read afresh each time.
  const fetcherFor = (perHostDelayMs: number, robots: string[] = []) =>
    buildFetcher({
      rewriteUrl: server.rewriteUrl,
      originalUrl: server.originalUrl,
      perHostDelayMs,
      log: (event) => {
        if (event.event === 'robots' && 'status' in event && event.status === 200) robots.push(String(event.url));
      },
    });

  /** The floor of one pass's pages, median of 5 rounds. */
  const floorOf = async (pages: FetchedPage[], robots: string[]) => {
    const robotsTexts = robots.map((url) => ({ url, text: fs.readFileSync(path.join(root, new URL(url).host, 'robots.txt'), 'utf8') }));
    const withBody = pages.filter((p) => !p.notModified);
    const lists = withBody.filter((p) => byListUrl.has(p.url));
    const articlePages = withBody.filter((p) => !byListUrl.has(p.url));
    const now = new Date();
    const ms = await cpuMedianMs(5, async () => {
      for (const r of robotsTexts) robotsParser(r.url, r.text).isAllowed(r.url, 'gzwatch');
      for (const p of lists) if (!(await readListPage(byListUrl.get(p.url)!, { url: p.url, text: p.text, contentType: p.contentType, now })).items.length) throw new Error('floor: empty list');
      for (const p of articlePages) {
        const source = sourceOfUrl(p.url);
        const article = extractArticle(p.text, p.url, { selectors: source.article, source: source.id, now });
        matcher.matchDocument({ title: article.title, body: article.body });
      }
    });
    return { ms, lists: lists.length, articles: articlePages.length, robots: robotsTexts.length, notModified: pages.length - withBody.length };
  };

  try {
    // The previous run: every site's first 12 articles become known. It also warms up tsx and the SDK.
    const previous = fetcherFor(0);
    await collectSources({ store, fetcher: previous, now: () => new Date(), log: quiet }, sources);
    await previous.close();

    const runs: { cpuMs: number; floorMs: number; wallSeconds: number; lowerBoundSeconds: number; articles: number; requests: number; pages: Awaited<ReturnType<typeof floorOf>>; reads: number; writes: number; byCommand: Record<string, number>; byKind: Record<string, number> }[] = [];
    let breakdown: CpuBreakdown = {};
    let sites = before;
    for (let pass = 1; pass <= PASSES + 1; pass++) {
      // This hour: two more articles on every site (same URLs for the known ones).
      sites = generateSites(root, siteCount, KNOWN + NEW * pass, undefined, undefined, LISTED);
      const perHost = new Map<string, number>();
      const pages: FetchedPage[] = [];
      const robots: string[] = [];
      const fetcher = fetcherFor(PER_HOST_DELAY_MS, robots);
      const deps = { store, fetcher: recordingFetcher(fetcher, perHost, pages), now: () => new Date(), log: quiet };
      meter.reset();
      const profiled = pass > PASSES;
      const started = process.hrtime.bigint();
      const passCpu = process.cpuUsage();
      let report: Awaited<ReturnType<typeof collectSources>>;
      // The last pass runs under the sampling profiler, which slows it: its CPU is not a figure.
      if (profiled) ({ result: report, breakdown } = await profileCpu(() => collectSources(deps, sources)));
      else report = await collectSources(deps, sources);
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const used = process.cpuUsage(passCpu);
      await fetcher.close();
      const articles = report.results.reduce((n, r) => n + r.newArticles, 0);
      const failed = report.results.filter((r) => !r.ok);
      if (failed.length || articles !== sources.length * NEW) throw new Error(`bench pass incomplete: ${articles} articles, failures: ${failed.map((f) => f.error).join('; ')}`);
      if (process.env.BENCH_DEBUG) console.error(JSON.stringify({ pass, writes: meter.writesByKind, requests: meter.requestsByCommand }));
      if (profiled) break;
      const floor = await floorOf(pages, robots);
      runs.push({
        cpuMs: (used.user + used.system) / 1000,
        floorMs: floor.ms,
        wallSeconds,
        lowerBoundSeconds: passFloorSeconds(sites.map((s) => s.host), perHost),
        articles,
        requests: [...perHost.values()].reduce((a, b) => a + b, 0),
        pages: floor,
        reads: meter.readUnits,
        writes: meter.writeUnits,
        byCommand: meter.requestsByCommand,
        byKind: meter.writesByKind,
      });
    }
    // The next hour with nothing new: what a quiet source run costs in DynamoDB units.
    const quietFetcher = fetcherFor(0);
    meter.reset();
    await collectSources({ store, fetcher: quietFetcher, now: () => new Date(), log: quiet }, sources);
    await quietFetcher.close();
    const quietReads = meter.readUnits / sources.length;
    const quietWrites = meter.writeUnits / sources.length;

    // The median pass by CPU stands for all of them: its wall time, units and pages come with it.
    const mid = [...runs].sort((a, b) => a.cpuMs - b.cpuMs)[Math.floor(runs.length / 2)]!;
    const articles = mid.articles;

    // One article page's extract + match against cheerio.load of it, on every article page of the run.
    const pages = sites.flatMap((s) => Array.from({ length: LISTED }, (_, i) => KNOWN + NEW * PASSES + NEW - LISTED + i).map((n) => ({ url: `https://${s.host}/news/${1000 + n}.html`, html: fs.readFileSync(path.join(root, s.host, 'news', `${1000 + n}.html`), 'utf8') })));
    const selectors = { selectors: { title: 'h1', body: '#content' } };
    const perPage = async (work: (p: { url: string; html: string }) => void) => (await cpuMedianMs(5, () => pages.forEach(work))) / pages.length;
    const cpuMsPerArticle = await perPage((p) => {
      const article = extractArticle(p.html, p.url, selectors);
      matcher.matchDocument({ title: article.title, body: article.body });
    });
    const cheerioCpuMsPerArticle = await perPage((p) => {
      const $ = cheerio.load(p.html);
      if (!$('#content').text()) throw new Error('floor: empty body');
    });
    return {
      articles,
      sources: sources.length,
      policySources: POLICY_SITES,
      requests: mid.requests,
      wallSeconds: mid.wallSeconds,
      lowerBoundSeconds: mid.lowerBoundSeconds,
      passCpuMsPerArticle: mid.cpuMs / articles,
      passCpuMs: mid.cpuMs,
      floorCpuMs: mid.floorMs,
      passFloorRatio: median(runs.map((r) => r.cpuMs / r.floorMs)),
      floorPages: { lists: mid.pages.lists, articles: articles, rechecked: mid.pages.articles - articles, robots: mid.pages.robots, notModified: mid.pages.notModified },
      cpuMsPerArticle,
      floorCpuMsPerArticle: mid.floorMs / articles,
      cheerioCpuMsPerArticle,
      readUnitsPerQuietRun: quietReads,
      writeUnitsPerQuietRun: quietWrites,
      readUnitsPerArticle: Math.max(0, mid.reads - quietReads * sources.length) / articles,
      writeUnitsPerArticle: Math.max(0, mid.writes - quietWrites * sources.length) / articles,
      dynamoRequests: mid.byCommand,
      articleItemWriteUnits: (mid.byKind['PutItem ARTICLE/ARTICLE'] ?? 0) / articles,
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
