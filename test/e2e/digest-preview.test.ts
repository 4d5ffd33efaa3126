/// <reference lib="dom" />
// The page.evaluate callbacks run in Chromium, where the DOM types apply.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { runCli } from '../helpers/run-cli';
import { E2E_SITE_DAY, startStaticSite, type StaticSite } from '../helpers/static-site';

jest.setTimeout(180_000);

let site: StaticSite;
let browser: Browser;
let home: string;
const previews: Record<'site' | 'demo', string> = { site: '', demo: '' };

beforeAll(async () => {
  site = await startStaticSite(path.resolve(__dirname, '../../fixtures/e2e-site'), { writtenOn: E2E_SITE_DAY });
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
  previews.site = out.stdout.trim();
  // The demo's digest: every bundled site, a full day of news.
  const demo = await runCli(['demo'], { GZWATCH_HOME: path.join(home, 'demo-home') });
  expect(demo.code).toBe(0);
  previews.demo = /Open the demo digest in a browser: (\S+\.html)/.exec(demo.stdout)![1]!;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site.close();
  fs.rmSync(home, { recursive: true, force: true });
});

/** axe-core's WCAG 2 A and AA rules, run inside the page. */
async function axeViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  await page.addScriptTag({ content: axe.source });
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const result = await run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? '', nodes: v.nodes.map((n) => n.html.slice(0, 120)) }));
  });
}

describe.each([
  ['phone', 390, 844],
  ['desktop', 1280, 900],
])('the digest on a %s', (name, width, height) => {
  test.each(['site', 'demo'] as const)('of the %s: no overflow, the summary on the first screen, the charts, no serious or critical WCAG violation', async (which) => {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(`file://${previews[which]}`);
    expect(await page.title()).toMatch(/^gzwatch 日报 \d{4}-\d{2}-\d{2}：\d+ 条新动态/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // The summary is read before any scrolling.
    const summary = await page.locator('section[aria-label="摘要"]').boundingBox();
    expect(summary).not.toBeNull();
    expect(summary!.y + summary!.height).toBeLessThanOrEqual(height);
    expect(summary!.x + summary!.width).toBeLessThanOrEqual(width);
    // One small chart per company, loaded and inside the screen, with its name and the axis numbers.
    const charts = page.locator('img[alt$="每日报道数折线图，数字见下表"]');
    expect(await charts.count()).toBeGreaterThan(0);
    expect(await charts.evaluateAll((imgs) => imgs.every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0 && img.getBoundingClientRect().right <= window.innerWidth))).toBe(true);
    await expect(page.getByText(/^↑ 篇数 0–\d+ · → 日期 \d\d-\d\d – \d\d-\d\d$/).count()).resolves.toBe(1);
    const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious).toEqual([]);
    if (which === 'demo' && name === 'phone' && process.env.GZWATCH_UPDATE_SCREENSHOT) {
      await page.screenshot({ path: path.resolve(__dirname, '../../docs/digest-phone.png') });
    }
    await page.close();
  });

  test('with images blocked, the table carries the same numbers', async () => {
    const page = await browser.newPage({ viewport: { width, height } });
    // As a mail client that blocks images shows it: every chart a broken image.
    const html = fs.readFileSync(previews.demo, 'utf8').replace(/src="data:image\/png;base64,[^"]+"/g, 'src="cid:blocked@gzwatch"');
    await page.setContent(html);
    const table = page.locator('table:has(caption:text("每日提及数"))');
    await expect(table.count()).resolves.toBe(1);
    const box = (await table.boundingBox())!;
    expect(box.width).toBeGreaterThan(0);
    expect(box.x + box.width).toBeLessThanOrEqual(width);
    const cells = await table.evaluate((t: HTMLTableElement) => {
      const heads = [...t.tHead!.rows[0]!.cells].slice(1).map((c) => c.textContent);
      const rows = [...t.tBodies[0]!.rows].map((r) => [...r.cells].slice(1).map((c) => Number(c.textContent)));
      const totals = [...t.tFoot!.rows[0]!.cells].slice(1).map((c) => Number(c.textContent));
      return { heads, rows, totals };
    });
    expect(cells.rows).toHaveLength(14);
    // Each column's days add up to its total, and each company's chart names the same total.
    cells.totals.forEach((total, i) => expect(cells.rows.reduce((sum, row) => sum + row[i]!, 0)).toBe(total));
    for (const [i, company] of cells.heads.entries()) await expect(page.getByText(`${company} · 合计 ${cells.totals[i]}`).count()).resolves.toBe(1);
    await page.close();
  });
});

test('links open the articles', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`file://${previews.site}`);
  const hrefs = await page.locator('a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
  expect(hrefs.every((h) => /^(https?|mailto):/.test(h))).toBe(true);
  await expect(page.getByText('异常来源（1）').count()).resolves.toBe(1);
  await page.getByRole('link', { name: '云从科技在黄埔发布面向制造业的行业大模型' }).first().click();
  await page.waitForURL(`${site.origin}/content/1001.html`);
  expect(await page.locator('h1').textContent()).toBe('云从科技在黄埔发布面向制造业的行业大模型');
  await page.close();
});
