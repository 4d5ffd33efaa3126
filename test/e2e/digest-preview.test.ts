/// <reference lib="dom" />
// The page.evaluate callbacks run in Chromium, where the DOM types apply.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { runCli } from '../helpers/run-cli';
import { startStaticSite, type StaticSite } from '../helpers/static-site';

jest.setTimeout(120_000);

let site: StaticSite;
let browser: Browser;
let home: string;
let preview: string;

beforeAll(async () => {
  site = await startStaticSite(path.resolve(__dirname, '../../fixtures/e2e-site'));
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-preview-'));
  const sources = path.join(home, 'sources.json');
  fs.writeFileSync(
    sources,
    JSON.stringify({
      sources: [
        { id: 'kechuang-news', name: '科创广州·要闻', kind: 'news', type: 'html', url: `${site.origin}/news/`, list: { item: 'ul.news-list li', link: 'a', date: 'span.date' } },
        { id: 'kechuang-policy', name: '科创广州·政策快讯', kind: 'policy', type: 'rss', url: `${site.origin}/feed.xml` },
        { id: 'offline', name: '离线站点', kind: 'news', type: 'html', url: 'https://offline.gzwatch-test.invalid/' },
      ],
    }),
  );
  const env = { GZWATCH_HOME: home };
  expect((await runCli(['run', '--sources', sources, '--allow-private-network'], env)).code).toBe(0);
  const out = await runCli(['preview'], env);
  expect(out.code).toBe(0);
  preview = out.stdout.trim();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe.each([
  ['phone', 375, 740],
  ['desktop', 1280, 900],
])('the digest preview on a %s', (_name, width, height) => {
  test('renders without horizontal overflow, with the chart, and its links open the articles', async () => {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(`file://${preview}`);
    expect(await page.title()).toMatch(/^gzwatch digest \d{4}-\d{2}-\d{2}: 3 articles/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const chart = page.locator('img[alt^="Daily articles naming"]');
    expect(await chart.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().right <= window.innerWidth)).toBe(true);
    await expect(page.getByText('Sources with problems (1)').count()).resolves.toBe(1);
    const hrefs = await page.locator('a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.every((h) => /^(https?|mailto):/.test(h))).toBe(true);
    await page.getByRole('link', { name: '云从科技在黄埔发布面向制造业的行业大模型' }).click();
    await page.waitForURL(`${site.origin}/content/1001.html`);
    expect(await page.locator('h1').textContent()).toBe('云从科技在黄埔发布面向制造业的行业大模型');
    await page.close();
  });
});
