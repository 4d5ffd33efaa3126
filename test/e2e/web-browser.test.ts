/// <reference lib="dom" />
// The page.evaluate callbacks run in Chromium, where the DOM types apply.
/**
 * A reader's whole path in a real Chromium, against the web service as `gzwatch serve` wires it
 * (dynalite, a real SMTP server): subscribe on the page → the confirmation mail → the button →
 * preferences → the next digest follows them → one-click → nothing more. Every page is checked
 * with axe-core (WCAG 2 A and AA) and the entity page at phone and desktop widths.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { digestDeps } from '../../lambdas/composition/use-case-deps';
import { deliverDueDigests } from '../../lambdas/core/use-cases/deliver-due-digests';
import { launchChromium } from '../helpers/chromium';
import { linkIn, newsArticle, startWebService, storeArticles, type WebService } from '../helpers/web-service';

jest.setTimeout(180_000);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AXE_SOURCE = (require('axe-core') as { source: string }).source;

let web: WebService;
let browser: Browser;
/** axe is injected as a script, which the pages' own CSP forbids: this context bypasses it. */
let audited: BrowserContext;
const checked: string[] = [];

beforeAll(async () => {
  web = await startWebService();
  await storeArticles(web.services, [
    newsArticle(1, 'company-cloudwalk', '云从科技', 'company', 2),
    newsArticle(2, 'company-pixeldata', '像素数据', 'company', 3),
    newsArticle(3, 'company-cloudwalk', '云从科技', 'company', 30 * 24),
  ]);
  browser = await launchChromium();
  audited = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
});

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Serious and critical WCAG 2 A/AA violations on the page as it stands. */
async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const run = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe.run;
    return (await run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations;
  });
  checked.push(new URL(page.url()).pathname);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('subscribe → confirm → preferences → the next digest follows them → one-click → no more mail', async () => {
  const page = await audited.newPage();
  await page.goto(web.url);
  expect(await axe(page)).toEqual([]);
  await page.getByLabel('邮箱地址').fill('browser.reader@gzwatch.test');
  await page.getByLabel(/关注哪些/).fill('CloudWalk, 像素數據');
  await page.getByLabel(/每天几点/).selectOption('7');
  await page.getByRole('button', { name: '订阅' }).click();
  await page.waitForLoadState();
  expect(await page.locator('h1').textContent()).toBe('请查收邮件');
  expect(await axe(page)).toEqual([]);
  expect(await web.services.store.subscribers.get('browser.reader@gzwatch.test')).toMatchObject({ status: 'pending' });

  // The confirmation mail arrives at the SMTP server; its link shows one button and changes nothing.
  const mail = web.smtp.received.find((m) => m.subject?.includes('请确认订阅'))!;
  expect(mail).toBeDefined();
  await page.goto(linkIn(mail.text!, `${web.url}confirm/`));
  expect(await axe(page)).toEqual([]);
  expect(await web.services.store.subscribers.get('browser.reader@gzwatch.test')).toMatchObject({ status: 'pending' });
  await page.getByRole('button', { name: '确认订阅' }).click();
  await page.waitForLoadState();
  expect(await page.locator('h1').textContent()).toBe('订阅已生效');
  expect(await web.services.store.subscribers.get('browser.reader@gzwatch.test')).toMatchObject({ status: 'active', follows: ['company-cloudwalk', 'company-pixeldata'], digestHour: 7 });

  // Preferences: stop following 云从科技, keep 像素数据.
  await page.getByRole('link', { name: '偏好设置' }).click();
  await page.waitForLoadState();
  expect(await axe(page)).toEqual([]);
  await page.getByLabel('云从科技').uncheck();
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForLoadState();
  expect(await page.getByRole('status').textContent()).toBe('已保存。');
  expect(await axe(page)).toEqual([]);
  expect((await web.services.store.subscribers.get('browser.reader@gzwatch.test'))!.follows).toEqual(['company-pixeldata']);

  // The next digest reflects it: 像素数据's story, not 云从科技's.
  const before = web.smtp.received.length;
  const report = await deliverDueDigests(digestDeps(web.services), { at: new Date(), ignoreHour: true });
  expect(report.results.find((r) => r.email === 'browser.reader@gzwatch.test')).toMatchObject({ status: 'sent' });
  const digest = web.smtp.received.slice(before).find((m) => m.to && 'text' in m.to && m.to.text === 'browser.reader@gzwatch.test')!;
  expect(digest.html).toContain('像素数据发布人工智能项目（2）');
  expect(digest.html).not.toContain('云从科技发布人工智能项目');

  // "View in browser" shows that digest.
  await page.goto(linkIn(digest.text!, `${web.url}digests/`));
  expect(await page.textContent('body')).toContain('像素数据发布人工智能项目（2）');

  // One-click unsubscribe (RFC 8058) at the List-Unsubscribe URL: 2xx, then nothing more.
  const header = digest.headerLines.find((h) => h.key === 'list-unsubscribe')!.line;
  const url = /<([^>]+)>/.exec(header)![1]!;
  const oneClick = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  expect(oneClick.status).toBe(200);
  const afterUnsubscribe = web.smtp.received.length;
  const tomorrow = new Date(Date.now() + 86_400_000);
  await deliverDueDigests(digestDeps(web.services), { at: tomorrow, ignoreHour: true });
  await deliverDueDigests(digestDeps(web.services), { at: tomorrow, only: 'browser.reader@gzwatch.test' });
  expect(web.smtp.received.slice(afterUnsubscribe).filter((m) => m.to && 'text' in m.to && m.to.text === 'browser.reader@gzwatch.test')).toEqual([]);
  expect(await web.services.store.subscribers.get('browser.reader@gzwatch.test')).toMatchObject({ status: 'unsubscribed' });
  await page.close();
});

test.each([
  ['phone', 390, 844],
  ['desktop', 1280, 800],
])('the entity page at %s width: mentions, trend in text, no sideways scrolling, no serious axe finding', async (_label, width, height) => {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width, height } });
  const page = await context.newPage();
  await page.goto(`${web.url}entities/company-cloudwalk`);
  expect(await page.locator('h1').textContent()).toBe('云从科技');
  expect(await page.locator('ol.mentions h3').allTextContents()).toEqual(['云从科技发布人工智能项目（1）', '云从科技发布人工智能项目（3）']);
  expect(await page.locator('#trend + p').textContent()).toBe('近 90 天共 2 次提及，最多的一天 1 次。');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(await axe(page)).toEqual([]);
  await page.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/gzwatch-entity-${width}.png`, fullPage: true });
  await context.close();
});

test('the other pages pass axe too: watchlist search, English home, unsubscribe, a bad link, 404', async () => {
  const page = await audited.newPage();
  const res = await fetch(new URL('/api/subscribe', web.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'axe@gzwatch.test' }) });
  expect(res.status).toBe(202);
  const confirm = linkIn(web.smtp.received.at(-1)!.text!, `${web.url}confirm/`);
  for (const path of ['entities?q=雲從', '?lang=en', 'entities?lang=en', confirm.replace(web.url, '').replace('confirm/', 'unsubscribe/'), 'preferences/nonsense', 'no-such-page']) {
    await page.goto(new URL(path, web.url).toString());
    expect([path, await axe(page)]).toEqual([path, []]);
  }
  // The checker itself is live: an unlabelled field on a page without a language is reported.
  await page.setContent('<!doctype html><html><head><title>t</title></head><body><input type="text"></body></html>');
  expect((await axe(page)).map((v) => v.split(':')[0])).toEqual(expect.arrayContaining(['label', 'html-has-lang']));
  await page.close();
});

test('with its own Content-Security-Policy in force the page still gets its stylesheet, and runs no script', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const blocked: string[] = [];
  page.on('console', (m) => m.type() === 'error' && blocked.push(m.text()));
  await page.goto(`${web.url}entities`);
  // The stylesheet (this origin) applied: the header has its background.
  expect(await page.evaluate(() => getComputedStyle(document.querySelector('header')!).backgroundColor)).toBe('rgb(249, 250, 251)');
  // An injected inline script is refused by the policy.
  await page.addScriptTag({ content: 'document.body.dataset.ran = "yes"' }).catch(() => undefined);
  expect(await page.evaluate(() => document.body.dataset.ran ?? 'no')).toBe('no');
  expect(blocked.join('\n')).toContain('Content Security Policy');
  await context.close();
  expect(checked.length).toBeGreaterThanOrEqual(12);
});
