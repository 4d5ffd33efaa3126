/**
 * Matcher throughput: `npx tsx scripts/bench-matcher.ts`.
 *
 * Generates ≥10 MB (UTF-8) of plausible Chinese business news in ~3,000-character articles and
 * 5,000 plausible company names (2,500 companies: registered name + short name), then times:
 * - the matcher (matchDocument: normalise + scan + rules + mention objects, as the collector runs
 *   it, on each article's title and body) at 5,000 and at 50 aliases, in rounds interleaved with
 *   the raw automaton's scan of the same titles and bodies, already normalised: the floor;
 * - a naive loop of `indexOf` per alias at 5,000 aliases, on already-normalised text; it is timed
 *   on a slice and scaled, since the whole text would take minutes;
 * - the raw automaton and, when they are installed (`NODE_PATH=/some/node_modules`), the npm
 *   Aho-Corasick libraries on the same names and a slice of the same text: the evidence for
 *   writing lambdas/core/aho-corasick.ts by hand.
 * MB here means 1,000,000 bytes of UTF-8 input. Times are CPU time of this process (GC threads
 * included), medians of several rounds: the machine may be shared, and wall time there measures
 * the neighbours as much as the code; each ratio's two sides are measured in the same rounds.
 */
import { seededRandom } from './bench/generate-sites';
import { median } from './bench/stats';
import { AhoCorasick } from '../lambdas/core/aho-corasick';
import { jiebaWords } from '../lambdas/adapters/jieba-words';
import { buildMatcher } from '../lambdas/core/matcher';
import { defaultWatchlist } from '../lambdas/default-watchlist';
import real from '../test/corpus/matcher-corpus-real.json';
import { normalise } from '../lambdas/core/normalise';
import type { Entity } from '../lambdas/core/types';
import type * as OpenCCModule from 'opencc-js' with { 'resolution-mode': 'import' };

// eslint-disable-next-line @typescript-eslint/no-require-imports
const OpenCC = require('opencc-js') as typeof OpenCCModule; // ESM typings, UMD code: see normalise.ts

export interface BenchResult {
  aliases: number;
  /** The raw automaton at 5,000 aliases over already-normalised text: the floor of matching. */
  scanMbPerSecond: number;
  /** normalise + scan + rules + mention objects, as the collector runs it, at 5,000 aliases. */
  endToEndMbPerSecond: number;
  mbPerSecond: number;
  /** Both lists on text naming only the 50-alias list's companies: the same mentions either way. */
  equalOutput: { mentions: number; bigMbPerSecond: number; smallMbPerSecond: number; textMb: number };
  smallMbPerSecond: number;
  naiveMbPerSecond: number;
  /** Mean CPU time of normalise + match for one ~3,000-character article at 5,000 aliases. */
  msPerArticle: number;
  /** The same for articles in Traditional characters (OpenCC conversion included). */
  msPerTraditionalArticle: number;
  textMb: number;
  /** Raw automaton and npm libraries, scanning normalised text only. */
  scanners: Record<string, number>;
  /** jieba for persons' names (MatcherOptions.words): dictionary load, and ms per article with the seed list, without and with it. */
  words: { loadMs: number; msPerArticle: number; msPerArticleWithWords: number };
}

/** Deterministic, so that every run sees the same text. */
const random = seededRandom;

const CITIES = ['广州', '深圳', '佛山', '东莞', '珠海', '中山', '惠州', '江门', '肇庆', '清远', '汕头', '湛江'];
const BRAND_CHARS = [...'智云数星科联达创芯瑞博恒华宇驰微睿图灵视信安航远鼎泰盛元启明德卓越腾飞讯宏拓海蓝光众合新源力途思维'];
const TRADES = ['科技', '智能', '信息技术', '数据', '机器人', '芯片', '网络', '软件', '视觉', '医疗科技', '新能源', '自动化'];
const SUFFIXES = ['有限公司', '股份有限公司', '集团有限公司'];
const VERBS = ['发布', '签约', '落户', '完成融资', '推出', '携手', '中标', '入选', '举办', '展示'];
const TOPICS = ['智能制造', '工业互联网', '数字政府', '智慧城市', '低空经济', '跨境电商', '智能网联', '生物制造', '算法模型', '数据中心'];
const PLACES = ['南沙', '黄埔', '天河', '海珠', '番禺', '白云', '琶洲', '增城', '从化', '花都'];
const FILLER = [
  '据了解，该项目总投资约', '亿元，预计明年建成投产。',
  '业内人士认为，这将进一步完善本地产业链条。',
  '会上，多家企业负责人就应用场景开放进行了交流。',
  '记者从有关部门获悉，相关扶持政策将于近期出台。',
  '今年以来，全市新增规模以上工业企业数量保持增长。',
  '该负责人表示，企业将继续加大研发投入，拓展海外市场。',
  '活动现场吸引了不少市民驻足观看，气氛热烈。',
];

function companies(count: number, rand: () => number): Array<{ full: string; short: string }> {
  const seen = new Set<string>();
  const out: Array<{ full: string; short: string }> = [];
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  while (out.length < count) {
    const brand = pick(BRAND_CHARS) + pick(BRAND_CHARS) + (rand() < 0.3 ? pick(BRAND_CHARS) : '');
    const short = brand + pick(TRADES);
    if (seen.has(short)) continue;
    seen.add(short);
    out.push({ full: pick(CITIES) + (rand() < 0.4 ? '市' : '') + short + pick(SUFFIXES), short });
  }
  return out;
}

/**
 * `unlistedTrade`: the trade word of the companies the text names that are not on the list. By
 * default one of the list's own trade words, so some of them are in fact listed names (as in real
 * news); the 5,000-vs-50 comparison passes a word no listed name ends in, so both lists find the
 * same mentions.
 */
function articles(minBytes: number, names: readonly string[], rand: () => number, unlistedTrade?: string): string[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const out: string[] = [];
  let bytes = 0;
  while (bytes < minBytes) {
    let article = '';
    while (article.length < 3000) {
      const r = rand();
      if (r < 0.35) {
        article += `${pick(names)}在${pick(PLACES)}${pick(VERBS)}${pick(TOPICS)}项目，`;
      } else if (r < 0.5) {
        const company = `${pick(BRAND_CHARS)}${pick(BRAND_CHARS)}${unlistedTrade ?? pick(TRADES)}`; // mostly not on the list
        article += `${company}相关负责人介绍，${pick(TOPICS)}应用已覆盖${Math.floor(rand() * 90) + 10}个场景。`;
      } else {
        article += `${pick(FILLER)}${Math.floor(rand() * 100)}${pick(FILLER)}\n`;
      }
    }
    out.push(article);
    bytes += Buffer.byteLength(article, 'utf8');
  }
  return out;
}

/**
 * The watchlist rules on, in about the seed list's proportions (a fifth of its names are weak,
 * three entities in five have negative terms): every other company's short name is weak
 * (confirmed by a trade word, a verb or elsewhere in the article), every other company has
 * negative terms and an exclude phrase, every 25th a case-sensitive Latin name and every 50th a
 * pattern name with a numbered session.
 */
function entitiesFor(list: ReadonlyArray<{ full: string; short: string }>): Entity[] {
  return list.map((company, i) => ({
    id: `bench-${i}`,
    kind: 'company',
    name: company.full,
    aliases: [
      ...(i % 2 === 1 ? [company.short] : []),
      ...(i % 50 === 0 ? [`${company.short}第{n}届股东大会`] : []),
      ...(i % 25 === 0 ? [`${company.short} TECH`] : []),
    ],
    weak: i % 2 === 0 ? [company.short] : [],
    ...(i % 25 === 0 ? { caseSensitive: [`${company.short} TECH`] } : {}),
    context: [TOPICS[i % TOPICS.length]!, VERBS[i % VERBS.length]!],
    exclude: i % 2 === 0 ? [`${company.short}招聘`] : [],
    negative: i % 2 === 0 ? ['招聘', '广告', '游戏'] : [],
    tags: [],
    enabled: true,
  }));
}

function mbPerSecond(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

type Scan = (text: string) => number;

/** npm Aho-Corasick libraries, when resolvable; missing ones are skipped. */
function libraryScanners(patterns: string[]): Record<string, Scan> {
  const scanners: Record<string, Scan> = {};
  const load = (name: string): unknown => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(name);
    } catch {
      return undefined;
    }
  };
  type Search = { search(text: string): unknown[] };
  const ahocorasick = load('ahocorasick') as (new (p: string[]) => Search) | undefined;
  if (ahocorasick) {
    const ac = new ahocorasick(patterns);
    scanners['ahocorasick@npm'] = (text) => ac.search(text).length;
  }
  const monyone = load('@monyone/aho-corasick') as { AhoCorasick: new (p: string[]) => { matchInText(t: string): unknown[] } } | undefined;
  if (monyone) {
    const ac = new monyone.AhoCorasick(patterns);
    scanners['@monyone/aho-corasick'] = (text) => ac.matchInText(text).length;
  }
  const modern = load('modern-ahocorasick') as { default?: new (p: string[]) => Search } | undefined;
  const Modern = modern?.default ?? (modern as unknown as (new (p: string[]) => Search) | undefined);
  if (typeof Modern === 'function') {
    const ac = new Modern(patterns);
    scanners['modern-ahocorasick'] = (text) => ac.search(text).length;
  }
  return scanners;
}

/** CPU milliseconds `work` takes in this process. */
function cpuMs(work: () => void): number {
  const started = process.cpuUsage();
  work();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

/**
 * Median of `runs` CPU timings: the machine is shared, and the median is neither the luckiest run
 * (which would flatter) nor a GC-heavy outlier.
 */
function medianCpuMs(runs: number, work: () => void): number {
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) samples.push(cpuMs(work));
  return median(samples);
}

function timeScan(scan: Scan, texts: readonly string[]): number {
  scan(texts[0]!); // warm-up
  return medianCpuMs(5, () => {
    for (const text of texts) scan(text);
  });
}

/** A news title is mostly the lead's first clause: the title of each generated article. */
function titleOf(body: string): string {
  const end = body.search(/[，。\n]/);
  return body.slice(0, Math.min(40, end < 0 ? body.length : end));
}

export async function benchMatcher(log: (line: string) => void = () => {}): Promise<BenchResult> {
  const rand = random(20240601);
  const big = companies(2500, rand);
  const names = big.flatMap((company) => [company.full, company.short]);
  const bodies = articles(10_000_000, names, rand);
  const docs = bodies.map((body) => ({ title: titleOf(body), body }));
  const bytes = docs.reduce((sum, doc) => sum + Buffer.byteLength(doc.title, 'utf8') + Buffer.byteLength(doc.body, 'utf8'), 0);
  log(`text: ${docs.length} articles, ${(bytes / 1e6).toFixed(1)} MB UTF-8; aliases: ${names.length}`);

  const matcher = buildMatcher(entitiesFor(big));
  const small = buildMatcher(entitiesFor(big.slice(0, 25)));
  for (const doc of docs.slice(0, 20)) { matcher.matchDocument(doc); small.matchDocument(doc); }

  // The floor: the raw automaton on the 5,000 names over the same titles and bodies, normalised
  // beforehand (the matcher's own automaton holds its context terms too: a slower scan).
  const normalisedNames = names.map((name) => normalise(name).text);
  const automaton = new AhoCorasick(normalisedNames);
  const raw: Scan = (text) => {
    let hits = 0;
    automaton.scan(text, () => { hits += 1; });
    return hits;
  };
  const normalisedDocs = docs.flatMap((doc) => [normalise(doc.title).text, normalise(doc.body).text]);
  raw(normalisedDocs[0]!); // warm-up

  let mentions = 0;
  // Rounds interleave the two matchers and the floor, so that a GC pause, the JIT warming up or a
  // busy neighbour falls on every side of the ratios alike; the median round of each is kept.
  const bigRounds: number[] = [];
  const smallRounds: number[] = [];
  const scanRounds: number[] = [];
  for (let round = 0; round < 7; round += 1) {
    bigRounds.push(cpuMs(() => {
      mentions = 0;
      for (const doc of docs) mentions += matcher.matchDocument(doc).length;
    }));
    smallRounds.push(cpuMs(() => {
      for (const doc of docs) small.matchDocument(doc);
    }));
    scanRounds.push(cpuMs(() => {
      for (const text of normalisedDocs) raw(text);
    }));
  }
  const bigMs = median(bigRounds);
  const smallMs = median(smallRounds);
  const scanMbPerSecond = mbPerSecond(bytes, median(scanRounds));
  log(`matcher, ${names.length} aliases: ${bigMs.toFixed(0)} ms, ${mentions} mentions; raw scan ${median(scanRounds).toFixed(0)} ms`);

  // The same comparison on text that names only the small list's companies, so that the two
  // matchers produce the same mentions and the ratio is the cost of a larger list alone.
  const smallNames = big.slice(0, 25).flatMap((company) => [company.full, company.short]);
  const equalDocs = articles(3_000_000, smallNames, random(20240602), '公司');
  const equalBytes = equalDocs.reduce((sum, doc) => sum + Buffer.byteLength(doc, 'utf8'), 0);
  const count = (m: typeof matcher) => equalDocs.reduce((n, doc) => n + m.matchText(doc, 'body').length, 0);
  const equalMentions = count(matcher);
  if (count(small) !== equalMentions) throw new Error(`5,000 vs 50 aliases: ${equalMentions} vs ${count(small)} mentions on the same text`);
  const equalBig: number[] = [];
  const equalSmall: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    equalBig.push(cpuMs(() => count(matcher)));
    equalSmall.push(cpuMs(() => count(small)));
  }
  const equalOutput = { mentions: equalMentions, bigMbPerSecond: mbPerSecond(equalBytes, median(equalBig)), smallMbPerSecond: mbPerSecond(equalBytes, median(equalSmall)), textMb: equalBytes / 1e6 };

  // Naive: every alias searched with indexOf over already-normalised text; a slice, scaled.
  const slice = bodies.slice(0, Math.max(1, Math.ceil(bodies.length / 4)));
  const sliceBytes = slice.reduce((sum, doc) => sum + Buffer.byteLength(doc, 'utf8'), 0);
  const normalisedSlice = slice.map((doc) => normalise(doc).text);
  const naiveSlice = normalisedSlice.slice(0, Math.max(1, Math.ceil(slice.length / 10)));
  const naiveBytes = slice.slice(0, naiveSlice.length).reduce((sum, doc) => sum + Buffer.byteLength(doc, 'utf8'), 0);
  let naiveHits = 0;
  const naiveMs = medianCpuMs(2, () => {
    naiveHits = 0;
    for (const text of naiveSlice) {
      for (const name of normalisedNames) {
        for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) naiveHits += 1;
      }
    }
  });
  log(`naive indexOf, ${names.length} aliases: ${naiveMs.toFixed(0)} ms for ${(naiveBytes / 1e6).toFixed(2)} MB (${naiveHits} hits)`);

  // Traditional articles go through OpenCC as well: time a hundred of them.
  const toTraditional = OpenCC.Converter({ from: 'cn', to: 'hk' });
  const traditional = docs.slice(0, 100).map((doc) => ({ title: toTraditional(doc.title), body: toTraditional(doc.body) }));
  const traditionalMs = medianCpuMs(3, () => {
    for (const doc of traditional) matcher.matchDocument(doc);
  });

  const scanners: Record<string, number> = {};
  for (const [name, scan] of Object.entries({ 'gzwatch aho-corasick (raw scan)': raw, ...libraryScanners(normalisedNames) })) {
    scanners[name] = mbPerSecond(sliceBytes, timeScan(scan, normalisedSlice));
  }

  // The segmenter runs only on sentences holding a person's Chinese name: time it on articles
  // made of the real-writing corpus (persons on nearly every line), seed watchlist.
  const loadStarted = performance.now();
  jiebaWords('预热');
  const loadMs = performance.now() - loadStarted;
  const caseTexts = real.cases.map((c) => c.text);
  const personArticles: string[] = [];
  for (let i = 0, article = ''; i < caseTexts.length; i += 1) {
    article += `${caseTexts[i]}\n`;
    if (article.length >= 3000 || i === caseTexts.length - 1) {
      personArticles.push(article);
      article = '';
    }
  }
  const seedPlain = buildMatcher(defaultWatchlist());
  const seedWords = buildMatcher(defaultWatchlist(), { words: jiebaWords });
  const plainRounds: number[] = [];
  const wordsRounds: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    plainRounds.push(cpuMs(() => { for (const doc of personArticles) seedPlain.matchText(doc, 'body'); }));
    wordsRounds.push(cpuMs(() => { for (const doc of personArticles) seedWords.matchText(doc, 'body'); }));
  }
  const plainMs = median(plainRounds);
  const wordsMs = median(wordsRounds);

  return {
    words: { loadMs, msPerArticle: plainMs / personArticles.length, msPerArticleWithWords: wordsMs / personArticles.length },
    aliases: names.length,
    scanMbPerSecond,
    endToEndMbPerSecond: mbPerSecond(bytes, bigMs),
    equalOutput,
    mbPerSecond: mbPerSecond(bytes, bigMs),
    smallMbPerSecond: mbPerSecond(bytes, smallMs),
    naiveMbPerSecond: mbPerSecond(naiveBytes, naiveMs),
    msPerArticle: bigMs / docs.length,
    msPerTraditionalArticle: traditionalMs / traditional.length,
    textMb: bytes / 1e6,
    scanners,
  };
}

if (require.main === module) {
  benchMatcher(console.log)
    .then((result) => {
      const f = (value: number): string => value.toFixed(2);
      console.log(`matcher (normalise + match), ${result.aliases} aliases: ${f(result.mbPerSecond)} MB/s`);
      console.log(`matcher end to end / raw scan, ${result.aliases} aliases: ${f(result.endToEndMbPerSecond / result.scanMbPerSecond)} (${f(result.endToEndMbPerSecond)} vs ${f(result.scanMbPerSecond)} MB/s)`);
      console.log(`matcher (normalise + match), 50 aliases: ${f(result.smallMbPerSecond)} MB/s`);
      console.log(`naive indexOf per alias, ${result.aliases} aliases: ${f(result.naiveMbPerSecond)} MB/s`);
      console.log(`speed-up over naive: ${f(result.mbPerSecond / result.naiveMbPerSecond)}×`);
      console.log(`per ~3,000-character article: ${result.msPerArticle.toFixed(3)} ms (Traditional: ${result.msPerTraditionalArticle.toFixed(3)} ms)`);
      for (const [name, value] of Object.entries(result.scanners)) console.log(`scan only, ${name}: ${f(value)} MB/s`);
      const w = result.words;
      console.log(`persons' word boundaries (jieba): dictionary load ${w.loadMs.toFixed(0)} ms; seed list on person-heavy articles ${w.msPerArticle.toFixed(3)} ms without, ${w.msPerArticleWithWords.toFixed(3)} ms with`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
