/**
 * Every answer of the web service over real HTTP (the node:http shell of `gzwatch serve`), against
 * dynalite and a real SMTP server: opt-in, the one-button convention, RFC 8058 one-click, tokens,
 * preferences, feeds with validators, entity pages.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as cheerio from 'cheerio';
import { parseFeed } from '../../lambdas/core/extract/list-feed';
import { deliverDueDigests } from '../../lambdas/core/use-cases/deliver-due-digests';
import { digestDeps } from '../../lambdas/composition/use-case-deps';
import { RateLimiter } from '../../lambdas/core/web/rate-limit';
import { handleWebRequest } from '../../lambdas/core/web/router';
import { linkIn, newsArticle, startWebService, storeArticles, type WebService } from '../helpers/web-service';

jest.setTimeout(60_000);

let web: WebService;

beforeAll(async () => {
  web = await startWebService();
  await storeArticles(web.services, [
    newsArticle(1, 'company-cloudwalk', '云从科技', 'company', 50),
    newsArticle(2, 'company-cloudwalk', '云从科技', 'company', 2),
    newsArticle(3, 'company-pixeldata', '像素数据', 'company', 3),
  ]);
});
afterAll(async () => web.close());

const post = (path: string, body: string, type = 'application/x-www-form-urlencoded', headers: Record<string, string> = {}) =>
  fetch(new URL(path, web.url), { method: 'POST', body, headers: { 'Content-Type': type, ...headers }, redirect: 'manual' });
const get = (path: string, headers: Record<string, string> = {}) => fetch(new URL(path, web.url), { headers, redirect: 'manual' });
const subscriber = (email: string) => web.services.store.subscribers.get(email);

async function subscribeAndConfirm(email: string, follow: string[] = []): Promise<{ confirm: string; unsubscribe: string; preferences: string }> {
  const before = web.smtp.received.length;
  const res = await post('/api/subscribe', JSON.stringify({ email, follow }), 'application/json');
  expect(res.status).toBe(202);
  const mail = web.smtp.received[before]!;
  const confirm = linkIn(mail.text!, `${web.url}confirm/`);
  expect((await post(confirm, '')).status).toBe(200);
  return { confirm, unsubscribe: confirm.replace('/confirm/', '/unsubscribe/'), preferences: confirm.replace('/confirm/', '/preferences/') };
}

describe('pages', () => {
  test('GET / is a Chinese form with a Content-Security-Policy, no script and an English switch', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).not.toContain('script-src');
    const $ = cheerio.load(await res.text());
    expect($('html').attr('lang')).toBe('zh-CN');
    expect($('script')).toHaveLength(0);
    expect($('form[method=post] input[name=email]').length).toBe(1);
    expect($('label[for=follow]').text()).toContain('关注哪些');
    expect($('a[hreflang=en]').attr('href')).toBe('/?lang=en');
    const en = cheerio.load(await (await get('/?lang=en')).text());
    expect(en('html').attr('lang')).toBe('en');
    expect(en('label[for=email]').text()).toBe('Email address');
    // Every asset is this origin's own.
    expect([...$('link[href], img[src]')].map((e) => $(e).attr('href') ?? $(e).attr('src'))).toEqual(['/static/site.css']);
    expect((await get('/static/site.css')).headers.get('content-type')).toMatch(/^text\/css/);
  });

  test('other methods answer 405, HEAD answers without a body, an oversized body 413', async () => {
    const del = await fetch(new URL('/unsubscribe/x', web.url), { method: 'DELETE' });
    expect([del.status, del.headers.get('allow')]).toEqual([405, 'GET, HEAD, POST']);
    const head = await fetch(new URL('/entities', web.url), { method: 'HEAD' });
    expect([head.status, head.headers.get('content-type'), await head.text()]).toEqual([200, 'text/html; charset=utf-8', '']);
    const big = await post('/api/subscribe', JSON.stringify({ email: 'big@gzwatch.test', follow: ['x'.repeat(70_000)] }), 'application/json');
    expect(big.status).toBe(413);
    expect(await subscriber('big@gzwatch.test')).toBeUndefined();
  });

  test('the watchlist links a feed per kind', async () => {
    const $ = cheerio.load(await (await get('/entities')).text());
    expect($('h2:contains("企业") + p a').map((_, a) => $(a).attr('href')).get()).toEqual(['/feeds/kind/company.xml', '/feeds/kind/company.rss', '/feeds/kind/company.json']);
  });

  test('unknown pages and unknown entities answer 404', async () => {
    expect((await get('/nothing-here')).status).toBe(404);
    expect((await get('/entities/company-nobody')).status).toBe(404);
    expect((await get('/feeds/company-nobody.xml')).status).toBe(404);
    expect((await get('/feeds/company-nobody.json')).status).toBe(404);
  });
});

describe('subscribing', () => {
  test('POST /api/subscribe answers 202, mails a confirmation link under the public URL, and the address stays pending', async () => {
    const before = web.smtp.received.length;
    const res = await post('/api/subscribe', JSON.stringify({ email: 'Api.Reader@gzwatch.test', follow: ['company-cloudwalk', 'CloudWalk', '像素數據'] }), 'application/json');
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: 'pending' });
    expect(web.smtp.received).toHaveLength(before + 1);
    const mail = web.smtp.received[before]!;
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('api.reader@gzwatch.test');
    const link = linkIn(mail.text!, `${web.url}confirm/`);
    expect(mail.html).toContain(link);
    // Names in any script resolve to the same entities, once each.
    expect(await subscriber('api.reader@gzwatch.test')).toMatchObject({ status: 'pending', follows: ['company-cloudwalk', 'company-pixeldata'] });
    // An unconfirmed opt-in expires after a week (DynamoDB TTL); confirming keeps it for good.
    const raw = async () => (await web.store.doc.send(new GetCommand({ TableName: 'gzwatch-web', Key: { pk: 'SUBSCRIBER', sk: 'api.reader@gzwatch.test' } }))).Item!;
    expect((await raw()).expiresAt).toBe(Math.floor(Date.parse((await subscriber('api.reader@gzwatch.test'))!.invitedAt!) / 1000) + 7 * 86_400);
    expect((await post(link, '')).status).toBe(200);
    expect((await raw()).expiresAt).toBeUndefined();
  });

  test.each([
    [{ email: 'not-an-address' }, /^email: "not-an-address" is not an email address/],
    [{}, /^email: required/],
    [{ email: 'x@gzwatch.test', follow: ['no such company'] }, /^follow: not on the watchlist: no such company/],
    [{ email: 'x@gzwatch.test', follow: 'company-cloudwalk' }, /^follow: must be an array/],
    [{ email: 'x@gzwatch.test', hour: 24 }, /^hour: must be a whole hour/],
  ])('an invalid request %j answers 400 with the reason and stores nothing', async (body, reason) => {
    const res = await post('/api/subscribe', JSON.stringify(body), 'application/json');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(reason);
    expect(await subscriber('x@gzwatch.test')).toBeUndefined();
  });

  test('a body that is not JSON answers 400', async () => {
    const res = await post('/api/subscribe', 'email=a@b.c', 'application/json');
    expect(res.status).toBe(400);
  });

  test('at most 3 confirmation mails per address per day; the fourth request answers 429 and sends nothing', async () => {
    const before = web.smtp.received.length;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post('/api/subscribe', JSON.stringify({ email: 'thrice@gzwatch.test' }), 'application/json', { 'X-Test': String(i) })).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    expect(web.smtp.received.length - before).toBe(3);
    // Each of the day's mails carries a link that works.
    const links = web.smtp.received.slice(before).map((m) => linkIn(m.text!, `${web.url}confirm/`));
    expect(new Set(links).size).toBe(1);
  });

  test('a client over its limit answers 429 with Retry-After; another client is still served', async () => {
    const deps = { ...web.deps, subscribeLimiter: new RateLimiter(2, 600_000) };
    const ask = (client: string, n: number) =>
      handleWebRequest(deps, { method: 'POST', path: '/api/subscribe', query: {}, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `flood${n}@gzwatch.test` }), client });
    const answers = [await ask('203.0.113.1', 1), await ask('203.0.113.1', 2), await ask('203.0.113.1', 3), await ask('203.0.113.2', 4)];
    expect(answers.map((a) => a.status)).toEqual([202, 202, 429, 202]);
    expect(answers[2]!.headers['Retry-After']).toBe('600');
    expect(await subscriber('flood3@gzwatch.test')).toBeUndefined();
  });

  test('the form posts the same subscription and answers with a page saying to check the mail', async () => {
    const res = await post('/subscribe', new URLSearchParams({ lang: 'zh', email: 'form@gzwatch.test', follow: '云从科技，钛动科技', hour: '7', frequency: 'weekly', alerts: 'on' }).toString());
    expect(res.status).toBe(202);
    expect(await res.text()).toContain('请查收邮件');
    expect(await subscriber('form@gzwatch.test')).toMatchObject({ status: 'pending', digestHour: 7, frequency: 'weekly', alerts: true, lang: 'zh-CN', follows: ['company-cloudwalk', 'company-tecdo'] });
    const bad = await post('/subscribe', new URLSearchParams({ lang: 'en', email: 'form2@gzwatch.test', follow: 'Nobody Inc' }).toString());
    expect(bad.status).toBe(400);
    const $ = cheerio.load(await bad.text());
    expect($('[role=alert]').text()).toContain('not on the watchlist: Nobody Inc');
    expect($('input[name=email]').attr('value')).toBe('form2@gzwatch.test');
  });
});

describe('links that change state: GET shows one button, POST does it', () => {
  test('confirmation: GET changes nothing, POST activates', async () => {
    const before = web.smtp.received.length;
    await post('/api/subscribe', JSON.stringify({ email: 'confirm@gzwatch.test' }), 'application/json');
    const link = linkIn(web.smtp.received[before]!.text!, `${web.url}confirm/`);
    const page = await get(link);
    expect(page.status).toBe(200);
    const $ = cheerio.load(await page.text());
    expect($('form[method=post] button')).toHaveLength(1);
    expect($('form').attr('action')).toBe(new URL(link).pathname);
    expect(await subscriber('confirm@gzwatch.test')).toMatchObject({ status: 'pending' });
    expect((await post(link, 'lang=zh')).status).toBe(200);
    expect(await subscriber('confirm@gzwatch.test')).toMatchObject({ status: 'active' });
  });

  test('List-Unsubscribe one-click: GET changes nothing; the RFC 8058 POST answers 2xx and suppresses the address', async () => {
    const { unsubscribe } = await subscribeAndConfirm('oneclick@gzwatch.test');
    expect((await get(unsubscribe)).status).toBe(200);
    expect(await subscriber('oneclick@gzwatch.test')).toMatchObject({ status: 'active' });
    const res = await post(unsubscribe, 'List-Unsubscribe=One-Click');
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
    expect(await subscriber('oneclick@gzwatch.test')).toMatchObject({ status: 'unsubscribed', suppressedReason: 'unsubscribed: unsubscribe link' });
    // Kept, and not re-activated without a new opt-in: subscribing again makes it pending, not active.
    await post('/api/subscribe', JSON.stringify({ email: 'oneclick@gzwatch.test' }), 'application/json');
    expect(await subscriber('oneclick@gzwatch.test')).toMatchObject({ status: 'pending' });
    // The old link (the token was renewed) no longer confirms or unsubscribes.
    expect((await post(unsubscribe.replace('/unsubscribe/', '/confirm/'), '')).status).toBe(404);
  });

  test('a tampered token answers 4xx and changes nothing; one subscriber’s secret never acts on another', async () => {
    const a = await subscribeAndConfirm('alice@gzwatch.test');
    const b = await subscribeAndConfirm('bob@gzwatch.test');
    const secretOf = (link: string) => decodeURIComponent(link).split('.').pop()!;
    const emailPartOf = (link: string) => decodeURIComponent(link.split('/').pop()!).split('.')[0]!;
    const last = a.unsubscribe.slice(-1);
    const tampered = a.unsubscribe.slice(0, -1) + (last === '0' ? '1' : '0');
    const crossed = `${web.url}unsubscribe/${emailPartOf(a.unsubscribe)}.${secretOf(b.unsubscribe)}`;
    for (const link of [tampered, crossed, `${web.url}unsubscribe/garbage`, `${web.url}unsubscribe/${emailPartOf(a.unsubscribe)}`]) {
      const res = await post(link, 'List-Unsubscribe=One-Click');
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect((await post(link.replace('/unsubscribe/', '/preferences/'), 'hour=3')).status).toBe(404);
    }
    expect(await subscriber('alice@gzwatch.test')).toMatchObject({ status: 'active', digestHour: 8 });
    expect(await subscriber('bob@gzwatch.test')).toMatchObject({ status: 'active', digestHour: 8 });
  });

  test('tokens carry at least 128 random bits', async () => {
    const s = await subscriber('alice@gzwatch.test');
    expect(s!.unsubscribeToken).toMatch(/^[0-9a-f]{32,}$/);
  });
});

describe('preferences', () => {
  test('shows what is followed; removing, adding by name, hour, frequency, language and alerts are saved', async () => {
    const { preferences } = await subscribeAndConfirm('prefs@gzwatch.test', ['company-cloudwalk', 'company-pixeldata']);
    const $ = cheerio.load(await (await get(preferences)).text());
    expect([...$('input[name=keep]')].map((e) => $(e).attr('value'))).toEqual(['company-cloudwalk', 'company-pixeldata']);
    expect($('fieldset').first().text()).toContain('云从科技');
    const form = new URLSearchParams([['keep', 'company-pixeldata'], ['add', 'Tec-Do, 算力'], ['hour', '20'], ['frequency', 'weekly'], ['language', 'en']]);
    const res = await post(preferences, form.toString());
    expect(res.status).toBe(200);
    const saved = cheerio.load(await res.text());
    expect(saved('html').attr('lang')).toBe('en');
    expect(saved('[role=status]').text()).toBe('Saved.');
    const s = await subscriber('prefs@gzwatch.test');
    expect(s).toMatchObject({ follows: ['company-pixeldata', 'company-tecdo', 'policy-compute'], digestHour: 20, frequency: 'weekly', lang: 'en', alerts: false, status: 'active' });
    // Their pages now speak the language they chose, unless ?lang says otherwise.
    expect(cheerio.load(await (await get(preferences)).text())('html').attr('lang')).toBe('en');
    expect(cheerio.load(await (await get(`${preferences}?lang=zh`)).text())('html').attr('lang')).toBe('zh-CN');
    const bad = await post(preferences, new URLSearchParams({ add: 'Nobody Inc' }).toString());
    expect(bad.status).toBe(400);
    expect((await subscriber('prefs@gzwatch.test'))!.follows).toEqual(['company-pixeldata', 'company-tecdo', 'policy-compute']);
  });

  test('the digest links to preferences and to itself in the browser, which shows it as mailed', async () => {
    const { preferences } = await subscribeAndConfirm('digest-reader@gzwatch.test', ['company-cloudwalk']);
    const before = web.smtp.received.length;
    const report = await deliverDueDigests(digestDeps(web.services), { at: new Date(), only: 'digest-reader@gzwatch.test' });
    expect(report.results[0]).toMatchObject({ status: 'sent' });
    const mail = web.smtp.received[before]!;
    expect(mail.text).toContain(`偏好设置：${preferences}`);
    const view = linkIn(mail.text!, `${web.url}digests/`);
    const unsubscribe = linkIn(mail.text!, `${web.url}unsubscribe/`);
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(/\s+/g, ' ')).toBe(`List-Unsubscribe: <${unsubscribe}>`);
    // The one-click POST to exactly the header's URL unsubscribes.
    expect((await post(unsubscribe, 'List-Unsubscribe=One-Click')).status).toBe(200);
    expect(await subscriber('digest-reader@gzwatch.test')).toMatchObject({ status: 'unsubscribed' });
    const page = await get(view);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("img-src data:");
    const html = await page.text();
    expect(html).toContain('云从科技发布人工智能项目（2）');
    expect(html).not.toContain('cid:');
    const prefs = cheerio.load(await (await get(preferences)).text());
    expect(prefs(`a[href="${view}"]`)).toHaveLength(1);
  });
});

describe('feeds', () => {
  test('Atom, RSS 2.0 and JSON Feed 1.1 of one entity, newest first, parse back', async () => {
    const atom = await get('/feeds/company-cloudwalk.xml');
    expect(atom.status).toBe(200);
    expect(atom.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const atomText = await atom.text();
    expect(cheerio.load(atomText, { xml: true })('feed').attr('xmlns')).toBe('http://www.w3.org/2005/Atom');
    const items = parseFeed(atomText, `${web.url}feeds/company-cloudwalk.xml`);
    expect(items.map((i) => i.title)).toEqual(['云从科技发布人工智能项目（2）', '云从科技发布人工智能项目（1）']);

    const rss = await (await get('/feeds/company-cloudwalk.rss')).text();
    expect(cheerio.load(rss, { xml: true })('rss').attr('version')).toBe('2.0');
    expect(parseFeed(rss, `${web.url}feeds/company-cloudwalk.rss`).map((i) => i.url)).toEqual(items.map((i) => i.url));

    const json = await get('/feeds/company-cloudwalk.json');
    expect(json.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    const feed = (await json.json()) as { version: string; title: string; items: { id: string; url: string; title: string; date_published: string; authors: { name: string }[] }[] };
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.items.map((i) => i.title)).toEqual(items.map((i) => i.title));
    expect(feed.items[0]!.authors).toEqual([{ name: '广州日报·大洋网' }]);
    expect(Date.parse(feed.items[0]!.date_published)).toBeGreaterThan(Date.parse(feed.items[1]!.date_published));
  });

  test('per kind and per tag', async () => {
    const kind = parseFeed(await (await get('/feeds/kind/company.xml')).text(), web.url);
    expect(kind.map((i) => i.title)).toEqual(['云从科技发布人工智能项目（2）', '像素数据发布人工智能项目（3）', '云从科技发布人工智能项目（1）']);
    const tag = (await (await get('/feeds/tag/education.json')).json()) as { items: { title: string }[] };
    expect(tag.items.map((i) => i.title)).toEqual(['像素数据发布人工智能项目（3）']);
    expect((await get('/feeds/kind/robot.xml')).status).toBe(404);
  });

  test('ETag and Last-Modified answer 304 when nothing changed', async () => {
    const first = await get('/feeds/company-cloudwalk.json');
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(new Date(lastModified).getTime()).toBeGreaterThan(Date.now() - 3 * 3_600_000);
    const again = await get('/feeds/company-cloudwalk.json', { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await get('/feeds/company-cloudwalk.json', { 'If-Modified-Since': lastModified })).status).toBe(304);
    expect((await get('/feeds/company-cloudwalk.json', { 'If-None-Match': '"other"' })).status).toBe(200);
    expect((await get('/feeds/company-cloudwalk.xml', { 'If-None-Match': etag })).status).toBe(200);
  });

  test('a private feed per subscriber carries their digest items only', async () => {
    const { preferences } = await subscribeAndConfirm('feed-reader@gzwatch.test', ['company-pixeldata']);
    const $ = cheerio.load(await (await get(preferences)).text());
    const href = $('a:contains("JSON Feed")').attr('href')!;
    expect(href.startsWith(`${web.url}feeds/private/`)).toBe(true);
    const res = await get(href);
    expect(res.headers.get('cache-control')).toContain('private');
    expect(((await res.json()) as { items: { title: string }[] }).items.map((i) => i.title)).toEqual(['像素数据发布人工智能项目（3）']);
    expect((await get(href.replace(/.\.json$/, 'x.json'))).status).toBe(404);
  });
});

describe('entity pages', () => {
  test('mentions newest first with source, date, sentence and why; a 90-day trend as text; sources; feeds', async () => {
    const res = await get('/entities/company-cloudwalk');
    expect(res.status).toBe(200);
    const $ = cheerio.load(await res.text());
    expect($('h1').text()).toBe('云从科技');
    expect([...$('ol.mentions h3')].map((e) => $(e).text())).toEqual(['云从科技发布人工智能项目（2）', '云从科技发布人工智能项目（1）']);
    const first = $('ol.mentions li').first();
    expect(first.find('.meta').first().text()).toContain('广州日报·大洋网');
    expect(first.find('blockquote mark').text()).toBe('云从科技');
    expect(first.text()).toContain('依据: 「云从科技」正文中出现');
    expect($('#trend').next('p').text()).toBe('近 90 天共 2 次提及，最多的一天 1 次。');
    expect($('table tbody tr')).toHaveLength(2);
    expect($('h2:contains("提到它的来源") + ul').text()).toBe('广州日报·大洋网 (2)');
    expect($('a:contains("JSON Feed")').attr('href')).toBe(`${web.url}feeds/company-cloudwalk.json`);
  });

  test('the watchlist is searchable by Chinese, English and Traditional names', async () => {
    const names = async (q: string) => {
      const $ = cheerio.load(await (await get(`/entities?q=${encodeURIComponent(q)}`)).text());
      return [...$('ul.entities li > a')].map((e) => $(e).text());
    };
    expect(await names('云从')).toEqual(['云从科技']);
    expect(await names('cloudwalk')).toEqual(['云从科技']);
    expect(await names('雲從')).toEqual(['云从科技']);
    expect(await names('zzzz-no-such')).toEqual([]);
    expect((await names('')).length).toBeGreaterThan(50);
  });
});
