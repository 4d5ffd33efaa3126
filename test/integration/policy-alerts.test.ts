import { DateTime } from 'luxon';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpFetcher, type HttpFetcher } from '../../lambdas/adapters/http-fetcher';
import { createSmtpMailer } from '../../lambdas/adapters/mail/smtp-mailer';
import { parseEntities } from '../../lambdas/core/entity-schema';
import type { Mailer } from '../../lambdas/core/ports';
import type { SourceDefinition, Subscriber } from '../../lambdas/core/types';
import { deliverDigests } from '../../lambdas/core/use-cases/deliver-digests';
import { collectSources, type PassDeps } from '../../lambdas/core/use-cases/collect-sources';
import seed from '../../lambdas/data/watchlist-seed.json';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

/** Published an hour ago (Asia/Shanghai): news, not backfill. */
const PUBLISHED = DateTime.now().setZone('Asia/Shanghai').minus({ hours: 1 });

/** A Guangzhou CMS-style 规范性文件 page: metadata block with 文件状态, then the text. */
function documentPage(status: string, clauses: string[]): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="ArticleTitle" content="广州市算力券管理办法"><meta name="PubDate" content="${PUBLISHED.toFormat('yyyy-LL-dd HH:mm')}"></head><body>
<div id="zoomsubtitl"><ul><li><span>文\u3000\u3000号：</span>穗工信规〔2026〕3号</li><li><span>文件状态：</span>${status}</li></ul></div>
<h1 class="info_title">广州市算力券管理办法</h1>
<div id="zoomcon">${clauses.map((c) => `<p>${c}</p>`).join('')}</div></body></html>`;
}

const LIST = `<html><body><ul class="news_list"><li><a href="/gfxwj/content/post_1001.html" title="广州市算力券管理办法">广州市算力券管理办法</a><span>${PUBLISHED.toFormat('yyyy-LL-dd')}</span></li></ul></body></html>`;
const CLAUSES = ['第一条 为降低企业使用算力的成本，制定本办法。', '第二条 本市中小企业租用智算中心资源，可以申请算力券。'];

let server: Server;
let origin: string;
let t: TestStore;
let smtp: SmtpSink;
let mailer: Mailer;
let fetcher: HttpFetcher;
let page = { etag: '"v1"', html: documentPage('有效', CLAUSES) };
const documentRequests: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/list/') return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(LIST);
    if (req.url === '/gfxwj/content/post_1001.html') {
      documentRequests.push(req.headers);
      if (req.headers['if-none-match'] === page.etag) return void res.writeHead(304, { ETag: page.etag }).end();
      return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ETag: page.etag }).end(page.html);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await startTestStore();
  await t.store.watchlist.putMany(parseEntities(seed, 'seed'));
  smtp = await startSmtpSink();
  mailer = createSmtpMailer(smtp.url, { timeoutMs: 5000 });
  fetcher = createHttpFetcher({ allowPrivateNetwork: true, perHostDelayMs: 0 });
  const follower: Subscriber = { email: 'policy@example.com', follows: ['policy-compute'], digestHour: 8, status: 'active', unsubscribeToken: 'tok-policy', sendEmpty: false, createdAt: '2026-11-01T00:00:00.000Z' };
  const other: Subscriber = { ...follower, email: 'people@example.com', follows: ['person'], unsubscribeToken: 'tok-people' };
  await t.store.subscribers.add(follower);
  await t.store.subscribers.add(other);
  // Follows the same document but turned instant alerts off on the preferences page.
  await t.store.subscribers.add({ ...follower, email: 'quiet@example.com', unsubscribeToken: 'tok-quiet', alerts: false });
});

afterAll(async () => {
  await fetcher.close();
  await mailer.close?.();
  await smtp.close();
  await t.close();
  await new Promise<void>((r) => server.close(() => r()));
});

const source = (): SourceDefinition => ({ id: 'gfxwj', name: '广州市规范性文件库', kind: 'policy', type: 'html', urls: [`${origin}/list/`], list: { item: '.news_list li', link: 'a', date: 'span' } });

function deps(): PassDeps {
  const now = () => new Date();
  return {
    store: t.store, fetcher, now, log: () => undefined,
    policyAlerts: { store: t.store, now, from: 'gzwatch <gzwatch@example.com>', log: () => undefined, mailerFor: () => mailer, unsubscribeUrl: (s) => `https://gzwatch.example.com/u?t=${s.unsubscribeToken}`, preferencesUrl: (s) => `https://gzwatch.example.com/preferences/${s.unsubscribeToken}`, retryBaseMs: 10 },
  };
}

test('a new policy document alerts its followers at the end of the run, and an unchanged one never alerts again', async () => {
  const first = await collectSources(deps(), [source()]);
  expect(first.results[0]).toMatchObject({ ok: true, newArticles: 1, alertsSent: 1 });
  expect(smtp.received.map((m) => [m.to && 'text' in m.to ? m.to.text : '', m.subject])).toEqual([['policy@example.com', 'gzwatch 政策提醒：广州市算力券管理办法']]);
  expect(smtp.received[0]!.text).toContain('[算力]');
  expect(smtp.received[0]!.text).toContain('偏好设置：https://gzwatch.example.com/preferences/tok-policy');

  const again = await collectSources(deps(), [source()]);
  expect(again.results[0]).toMatchObject({ ok: true, newArticles: 0, revised: 0, alertsSent: 0 });
  // The document was asked for with its ETag and the server answered 304.
  expect(documentRequests.at(-1)!['if-none-match']).toBe('"v1"');
  expect(smtp.received).toHaveLength(1);
});

test('a revised document alerts with the status before and after and the sentences added, once', async () => {
  page = { etag: '"v2"', html: documentPage('废止', [...CLAUSES, '第三条 本办法自2027年1月1日起废止，由新办法替代。']) };
  const revised = await collectSources(deps(), [source()]);
  expect(revised.results[0]).toMatchObject({ ok: true, revised: 1, alertsSent: 1 });
  const mail = smtp.received.at(-1)!;
  expect(mail.subject).toBe('gzwatch 政策提醒：【废止】广州市算力券管理办法（有效 → 废止）');
  expect(mail.text).toContain('== 已废止或失效（1） ==');
  expect(mail.text).toContain('状态：有效 → 废止');
  expect(mail.text).toContain('文号 穗工信规〔2026〕3号');
  expect(mail.text).toContain('+ 第三条 本办法自2027年1月1日起废止，由新办法替代。');
  expect(mail.html).toMatch(/<td style="[^"]*color:#991b1b">有效<\/td><td style="[^"]*color:#166534">废止<\/td>/);

  // Same version again (even fetched whole, without a matching ETag): no second alert.
  page = { ...page, etag: '"v2-same-content"' };
  const same = await collectSources(deps(), [source()]);
  expect(same.results[0]).toMatchObject({ ok: true, revised: 0, alertsSent: 0 });
  expect(smtp.received).toHaveLength(2);
});

test('an alert that could not be mailed stays queued and goes out with the next digest run', async () => {
  page = { etag: '"v3"', html: documentPage('有效', CLAUSES) };
  smtp.failNext(3);
  const run = await collectSources(deps(), [source()]);
  expect(run.results[0]).toMatchObject({ ok: true, revised: 1, alertsSent: 0 });
  expect((await t.store.outbox.listUnsent('policy@example.com')).map((r) => [r.key.split('#')[0], r.status])).toEqual([['ALERT', 'PENDING']]);
  const before = smtp.received.length;
  const follower = (await t.store.subscribers.get('policy@example.com'))!;
  await deliverDigests(
    { store: t.store, mailerFor: () => mailer, now: () => new Date(), from: 'gzwatch <gzwatch@example.com>', log: () => undefined, unsubscribeUrl: () => 'https://gzwatch.example.com/u', retryBaseMs: 10 },
    [follower],
    '2026-11-29',
  );
  const subjects = smtp.received.slice(before).map((m) => m.subject);
  expect(subjects).toContain('gzwatch 政策提醒：【修订】广州市算力券管理办法（废止 → 有效）');
});
