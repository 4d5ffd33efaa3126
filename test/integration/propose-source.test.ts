/**
 * `gzwatch sources try` on every fixture site: with a built-in html source's selectors removed, the
 * proposal made from its list page finds the same articles the real definition does (or a superset
 * of at least 80% overlap that holds all of them), and its article selectors read a title and body.
 */
import path from 'node:path';
import { createHttpFetcher, type HttpFetcher } from '../../lambdas/adapters/http-fetcher';
import { startFixtureSites, type FixtureSites } from '../../lambdas/demo/fixture-sites-server';
import { extractArticle } from '../../lambdas/core/extract/extract-article';
import { readHtmlList } from '../../lambdas/core/extract/list-html';
import { proposeArticleSelectors, proposeList } from '../../lambdas/core/extract/propose-source';
import type { HtmlSourceDefinition } from '../../lambdas/core/types';
import { builtInSources } from '../../lambdas/sources/registry';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'sites');
let sites: FixtureSites;
let fetcher: HttpFetcher;

beforeAll(async () => {
  sites = await startFixtureSites({ root: FIXTURES });
  fetcher = createHttpFetcher({ allowPrivateNetwork: true, rewriteUrl: sites.rewriteUrl, originalUrl: sites.originalUrl, perHostDelayMs: 0, requestTimeoutMs: 5000, retries: 0 });
});
afterAll(async () => {
  await fetcher?.close();
  await sites?.close();
});

const htmlSources = builtInSources.filter((s): s is HtmlSourceDefinition => s.type === 'html');
const lists = htmlSources.flatMap((s) => s.urls.map((url) => [s.id, url, s] as const));

test('there are built-in html sources with list pages to try', () => {
  expect(lists.length).toBeGreaterThanOrEqual(10);
});

describe.each(lists)('%s %s', (_id, url, source) => {
  test('the proposal finds the real list (all of it; at least 80% overlap) and reads its articles', async () => {
    const page = await fetcher.get(url);
    const real = readHtmlList(page.text, page.url, source.list, source.match).items.map((i) => i.url);
    expect(real.length).toBeGreaterThan(0);
    const result = proposeList(page.text, page.url);
    if (!result.ok) throw new Error(result.reason);
    const proposed = readHtmlList(page.text, page.url, result.proposal.list, result.proposal.match).items.map((i) => i.url);
    expect(proposed).toEqual(result.proposal.urls);
    const overlap = new Set(real.filter((u) => proposed.includes(u))).size / new Set([...real, ...proposed]).size;
    if (!real.every((u) => proposed.includes(u)) || overlap < 0.8) process.stdout.write(`${source.id}: real ${JSON.stringify(real)} proposed ${JSON.stringify(proposed)} ${JSON.stringify(result.proposal)}\n`);
    expect({ missing: real.filter((u) => !proposed.includes(u)), overlapAtLeast80: overlap >= 0.8 }).toEqual({ missing: [], overlapAtLeast80: true });

    const samples = await Promise.all(proposed.slice(0, 3).map(async (u) => ({ url: u, html: (await fetcher.get(u)).text })));
    const selectors = proposeArticleSelectors(samples);
    for (const s of samples) {
      const article = extractArticle(s.html, s.url, { selectors });
      expect(article.title.length).toBeGreaterThan(4);
      // The same title the real definition reads, and a body holding the real body's opening.
      const truth = extractArticle(s.html, s.url, { selectors: source.article });
      expect(article.title).toBe(truth.title);
      expect(article.body).toContain(truth.body.slice(0, 30));
      expect(article.body.replace(/\s/g, '').length).toBeGreaterThan(40);
    }
    process.stdout.write(`${source.id} ${url}: real ${new Set(real).size}, proposed ${new Set(proposed).size}, overlap ${(overlap * 100).toFixed(0)}%, list ${JSON.stringify(result.proposal.list)}, match ${result.proposal.match}, article ${JSON.stringify(selectors)}\n`);
  });
});
