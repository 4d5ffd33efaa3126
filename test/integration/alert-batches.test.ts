/**
 * Backfill is not news, and one run is one message: a source gzwatch starts watching holds
 * documents from months ago, which are stored and counted but alert nobody; the next run's new
 * and revised documents reach each follower in one message.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { createHttpFetcher, type HttpFetcher } from '../../lambdas/adapters/http-fetcher';
import { createSmtpMailer } from '../../lambdas/adapters/mail/smtp-mailer';
import { parseEntities } from '../../lambdas/core/entity-schema';
import type { Mailer } from '../../lambdas/core/ports';
import { alertBatch, type AlertBatch } from '../../lambdas/core/alerts/alert-batch';
import { sendAlertBatch } from '../../lambdas/core/use-cases/policy-alerts';
import type { SourceDefinition, Subscriber } from '../../lambdas/core/types';
import { collectSources, type PassDeps } from '../../lambdas/core/use-cases/collect-sources';
import { deliverDigests } from '../../lambdas/core/use-cases/deliver-digests';
import seed from '../../lambdas/data/watchlist-seed.json';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

interface Doc {
  id: number;
  title: string;
  published: DateTime | null;
  status: string;
  clauses: string[];
}

const now = () => DateTime.now().setZone('Asia/Shanghai');
const docs = new Map<number, Doc>();

function page(d: Doc): string {
  const date = d.published ? `<meta name="PubDate" content="${d.published.toFormat('yyyy-LL-dd HH:mm')}">` : '';
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="ArticleTitle" content="${d.title}">${date}</head><body>
<div id="zoomsubtitl"><ul><li><span>文\u3000\u3000号：</span>穗工信规〔2026〕${d.id}号</li><li><span>发布机关：</span>广州市工业和信息化局</li><li><span>实施日期：</span>2027年01月01日</li><li><span>文件状态：</span>${d.status}</li></ul></div>
<h1 class="info_title">${d.title}</h1><div id="zoomcon">${d.clauses.map((c) => `<p>${c}</p>`).join('')}<p>附件：<a href="/att/${d.id}.pdf">申报表.pdf</a> <a href="/att/${d.id}.ofd">正式文本.ofd</a></p></div></body></html>`;
}

function list(): string {
  const items = [...docs.values()].map((d) => `<li><a href="/gfxwj/content/post_${d.id}.html">${d.title}</a><span>${d.published?.toFormat('yyyy-LL-dd') ?? ''}</span></li>`);
  return `<html><body><ul class="news_list">${items.join('')}</ul></body></html>`;
}

let server: Server;
let origin: string;
let t: TestStore;
let smtp: SmtpSink;
let mailer: Mailer;
let fetcher: HttpFetcher;
const batches: AlertBatch[] = [];

const compute = (n: number) => [`第一条 为降低企业使用算力的成本，制定第${n}号办法。`, '第二条 本市中小企业租用智算中心资源，可以申请补贴。'];

beforeAll(async () => {
  // Three documents already on the list, published months before anyone watched; one undated.
  docs.set(1, { id: 1, title: '广州市算力券管理办法', published: now().minus({ months: 5 }), status: '有效', clauses: compute(1) });
  docs.set(2, { id: 2, title: '广州市智算中心建设指引', published: now().minus({ months: 3 }), status: '有效', clauses: compute(2) });
  docs.set(3, { id: 3, title: '广州市算力基础设施布局规划', published: null, status: '有效', clauses: compute(3) });
  server = createServer((req, res) => {
    if (req.url === '/list/') return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(list());
    const m = /^\/gfxwj\/content\/post_(\d+)\.html$/.exec(req.url ?? '');
    const d = m ? docs.get(Number(m[1])) : undefined;
    if (d) return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page(d));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await startTestStore();
  await t.store.watchlist.putMany(parseEntities(seed, 'seed'));
  smtp = await startSmtpSink();
  mailer = createSmtpMailer(smtp.url, { timeoutMs: 5000 });
  fetcher = createHttpFetcher({ allowPrivateNetwork: true, perHostDelayMs: 0 });
  const base: Subscriber = { email: 'compute@example.com', follows: ['policy-compute'], followsAll: false, digestHour: 8, status: 'active', unsubscribeToken: 'tok-compute', sendEmpty: false, createdAt: '2026-01-01T00:00:00.000Z' };
  await t.store.subscribers.add(base);
  await t.store.subscribers.add({ ...base, email: 'everything@example.com', follows: [], followsAll: true, unsubscribeToken: 'tok-all', lang: 'en' });
  await t.store.subscribers.add({ ...base, email: 'people@example.com', follows: ['person'], unsubscribeToken: 'tok-people' });
  await t.store.subscribers.add({ ...base, email: 'nothing@example.com', follows: [], followsAll: false, unsubscribeToken: 'tok-nothing' });
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
  const clock = () => new Date();
  return {
    store: t.store, fetcher, now: clock, log: () => undefined,
    policyAlerts: { store: t.store, now: clock, from: 'gzwatch <gzwatch@example.com>', log: () => undefined, mailerFor: () => mailer, unsubscribeUrl: (s) => `https://gzwatch.example.com/u?t=${s.unsubscribeToken}`, retryBaseMs: 10 },
    alertChannels: { deliver: async (batch) => void batches.push(batch) },
  };
}

const recipients = () => smtp.received.map((m) => (m.to && 'text' in m.to ? m.to.text : ''));

test('a first run against documents months old (and one undated) stores and counts them but alerts nobody', async () => {
  const first = await collectSources(deps(), [source()]);
  expect(first.results[0]).toMatchObject({ ok: true, newArticles: 3, backfill: 3, alertsSent: 0 });
  expect(first.alerts).toEqual({ documents: 0, messages: 0, failed: 0 });
  expect(smtp.received).toHaveLength(0);
  expect(batches).toHaveLength(0);
  // Still matched and counted in mentions.
  expect((await t.store.mentions.listForEntity('policy-compute')).length).toBe(3);
});

test('the digest after that first run lists none of them, only a count of older documents', async () => {
  const compute = (await t.store.subscribers.get('compute@example.com'))!;
  await deliverDigests(
    { store: t.store, mailerFor: () => mailer, now: () => new Date(), from: 'gzwatch <gzwatch@example.com>', log: () => undefined, unsubscribeUrl: () => 'https://gzwatch.example.com/u', retryBaseMs: 10 },
    [{ ...compute, sendEmpty: true }],
    now().toISODate()!,
  );
  const mail = smtp.received.at(-1)!;
  expect(mail.subject).toBe(`gzwatch 日报 ${now().toISODate()}：暂无新动态`);
  expect(mail.text).toContain('另发现 3 份较早发布的文件（已收录，不作为新动态）。');
  expect(mail.text).not.toContain('广州市算力券管理办法');
  smtp.received.length = 0;
});

test('a second run with two new documents and a revision sends each follower exactly one message holding all three', async () => {
  docs.set(4, { id: 4, title: '广州市算力调度平台管理办法', published: now().minus({ hours: 2 }), status: '有效', clauses: compute(4) });
  docs.set(5, { id: 5, title: '广州市智算中心能效指引', published: now().minus({ hours: 1 }), status: '有效', clauses: ['新建智算中心的电能利用效率不高于1.25。', '既有数据中心应当在两年内完成节能改造，并按季度报送能耗数据。'] });
  // A months-old document changed: news whatever its age.
  docs.set(1, { ...docs.get(1)!, clauses: [...compute(1), '第三条 本办法有效期延长至2028年12月31日。'] });

  const second = await collectSources(deps(), [source()]);
  expect(second.results[0]).toMatchObject({ ok: true, newArticles: 2, backfill: 0, revised: 1, alertsSent: 2 });
  expect(second.alerts).toEqual({ documents: 3, messages: 2, failed: 0 });
  expect(recipients().sort()).toEqual(['compute@example.com', 'everything@example.com']);

  const zh = smtp.received.find((m) => recipients()[smtp.received.indexOf(m)] === 'compute@example.com')!;
  expect(zh.subject).toBe('gzwatch 政策提醒：3 份文件（新发布 2 · 修订 1）');
  const text = zh.text as string;
  // Grouped: new documents (newest first), then the revision with its diff.
  expect(text.indexOf('== 新发布（2） ==')).toBeLessThan(text.indexOf('广州市智算中心能效指引'));
  expect(text.indexOf('广州市智算中心能效指引')).toBeLessThan(text.indexOf('广州市算力调度平台管理办法'));
  expect(text.indexOf('== 已修订（1） ==')).toBeGreaterThan(text.indexOf('广州市算力调度平台管理办法'));
  expect(text).toContain('+ 第三条 本办法有效期延长至2028年12月31日。');
  // The policy facts and attachments of each document.
  expect(text).toContain('文号 穗工信规〔2026〕4号 · 发文机关 广州市工业和信息化局');
  expect(text).toContain('施行日期 2027年01月01日 · 有效性 有效');
  expect(text).toContain(`附件：申报表.pdf ${origin}/att/4.pdf`);
  expect(zh.html as string).toContain(`<a href="${origin}/att/5.ofd" style="color:#0b57d0">正式文本.ofd</a>`);

  const en = smtp.received.find((m) => recipients()[smtp.received.indexOf(m)] === 'everything@example.com')!;
  expect(en.subject).toBe('gzwatch policy alert: 3 documents (2 new · 1 revised)');
  expect(en.text).toContain('Document no. 穗工信规〔2026〕5号');

  // The same batch went to the chat channel hook, once.
  expect(batches).toHaveLength(1);
  expect(batches[0]!.events.map((e) => e.kind)).toEqual(['new', 'new', 'changed']);
  // One outbox record per (recipient, batch), under the batch's key.
  const sent = await t.store.outbox.get('compute@example.com', `ALERT#${batches[0]!.id}`);
  expect(sent).toMatchObject({ status: 'SENT', itemCount: 3 });

  // A rerun of the same batch (a retry after a crash) finds its records and sends nothing more.
  const count = smtp.received.length;
  const again = await sendAlertBatch(deps().policyAlerts!, alertBatch(batches[0]!.events, new Date().toISOString()));
  expect(again).toMatchObject({ sent: 0, failed: 0 });
  expect(smtp.received).toHaveLength(count);
});

test('a third run with nothing new sends nothing; the digest shows alerted documents as one compact line', async () => {
  const before = smtp.received.length;
  const third = await collectSources(deps(), [source()]);
  expect(third.alerts.documents).toBe(0);
  expect(smtp.received).toHaveLength(before);
  const compute = (await t.store.subscribers.get('compute@example.com'))!;
  await deliverDigests(
    { store: t.store, mailerFor: () => mailer, now: () => new Date(Date.now() + 1000), from: 'gzwatch <gzwatch@example.com>', log: () => undefined, unsubscribeUrl: () => 'https://gzwatch.example.com/u', retryBaseMs: 10 },
    [compute],
    now().plus({ days: 1 }).toISODate()!,
  );
  const digest = smtp.received.at(-1)!;
  expect(digest.text).toContain(`- [已提醒] 广州市智算中心能效指引 ${origin}/gfxwj/content/post_5.html`);
  expect(digest.text).toContain('政策文件 2 份 · 新闻 0 条（其中 2 份已提醒）');
});
