/**
 * How collectSource reads its lists, over real HTTP (the project's fetcher against the
 * fixture-site server): conditional GETs, next pages after a busy day, loud layout drift,
 * dates relative to the moment of reading, and pages that cannot be read.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHttpFetcher, type HttpFetcher } from '../../lambdas/adapters/http-fetcher';
import { startFixtureSites, type FixtureSites } from '../../lambdas/demo/fixture-sites-server';
import { collectSource, type ListValidators } from '../../lambdas/core/collect-source';
import { SourceFailure } from '../../lambdas/core/errors';
import type { HtmlSourceDefinition, JsonSourceDefinition } from '../../lambdas/core/types';

const HOST = 'www.example-gz.gov.cn';
let root: string;
let sites: FixtureSites;
let fetcher: HttpFetcher;
let requested: string[];

async function write(files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, HOST, name);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, text);
  }
}

const article = (title: string, date: string) =>
  `<html><head><meta name="ArticleTitle" content="${title}"><meta name="PubDate" content="${date}"></head>
<body><h1>${title}</h1><div id="zoomcon"><p>${title}。本市将继续支持人工智能企业在广州落地发展，相关部门负责解释。</p></div></body></html>`;

const row = (id: number, title: string, date: string) => `<li><a href="content/post_${id}.html" title="${title}">${title}</a><span>${date}</span></li>`;
const list = (rows: string[], cls = 'news_list') => `<html><body><ul class="${cls}">${rows.join('')}</ul></body></html>`;

/** Page 1 with two notices, page 2 with two older ones, page 3 with one more. */
async function writePagedColumn(): Promise<void> {
  await write({
    'tzgg/index.html': list([row(105, '关于征集人工智能应用场景的通知', '2026-11-27'), row(104, '关于开展算力券申领工作的通知', '2026-11-26')]),
    'tzgg/index_2.html': list([row(103, '关于公布大模型示范项目名单的通知', '2026-11-25'), row(102, '关于举办人工智能专场招聘会的通知', '2026-11-24')]),
    'tzgg/index_3.html': list([row(101, '关于数据要素市场建设的通知', '2026-11-23')]),
  });
  const pages: Record<string, string> = {};
  for (const [id, title, date] of [
    [105, '关于征集人工智能应用场景的通知', '2026-11-27 10:00'],
    [104, '关于开展算力券申领工作的通知', '2026-11-26 10:00'],
    [103, '关于公布大模型示范项目名单的通知', '2026-11-25 10:00'],
    [102, '关于举办人工智能专场招聘会的通知', '2026-11-24 10:00'],
    [101, '关于数据要素市场建设的通知', '2026-11-23 10:00'],
  ] as const) {
    pages[`tzgg/content/post_${id}.html`] = article(title, date);
  }
  await write(pages);
}

const column: HtmlSourceDefinition = {
  id: 'example-tzgg',
  name: '示例区 · 通知公告',
  kind: 'policy',
  type: 'html',
  urls: [`https://${HOST}/tzgg/`],
  list: { item: '.news_list li', link: 'a', date: 'span' },
  match: '/content/post_\\d+\\.html$',
  nextPage: { url: 'index_{n}.html', first: 2, maxPages: 2 },
};

const listRequests = () => requested.filter((u) => !u.includes('/content/')).map((u) => new URL(u).pathname);

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'gzwatch-lists-'));
  sites = await startFixtureSites({ root });
  requested = [];
  fetcher = createHttpFetcher({
    allowPrivateNetwork: true,
    rewriteUrl: sites.rewriteUrl,
    originalUrl: sites.originalUrl,
    perHostDelayMs: 0,
    retries: 0,
    requestTimeoutMs: 5000,
    log: (event) => {
      if (event.event === 'request' && !event.url.endsWith('/robots.txt')) requested.push(sites.originalUrl(event.url));
    },
  });
});

afterEach(async () => {
  await fetcher.close();
  await sites.close();
  await fs.rm(root, { recursive: true, force: true });
});

describe('next pages after a busy day', () => {
  it('reads page 2 when every item on page 1 is new, and stops at maxPages', async () => {
    await writePagedColumn();
    const result = await collectSource(column, { fetcher, isKnown: async () => false });
    expect(result.articles.map((a) => a.url.match(/post_(\d+)/)![1])).toEqual(['105', '104', '103', '102']);
    // maxPages 2: index_3.html is never asked for.
    expect(listRequests()).toEqual(['/tzgg/', '/tzgg/index_2.html']);
  });

  it('does not read page 2 when page 1 already holds a known item', async () => {
    await writePagedColumn();
    const known = new Set([`https://${HOST}/tzgg/content/post_104.html`]);
    const result = await collectSource(column, { fetcher, isKnown: async (url) => known.has(url) });
    expect(result.articles.map((a) => a.url.match(/post_(\d+)/)![1])).toEqual(['105']);
    expect(listRequests()).toEqual(['/tzgg/']);
  });

  it('numbers page 2 as the site does (index_1.html on gzns) and survives a missing page', async () => {
    await write({
      'tzgg/index.html': list([row(105, '关于征集人工智能应用场景的通知', '2026-11-27')]),
      'tzgg/content/post_105.html': article('关于征集人工智能应用场景的通知', '2026-11-27 10:00'),
    });
    const result = await collectSource({ ...column, nextPage: { url: 'index_{n}.html', first: 1, maxPages: 3 } }, { fetcher, isKnown: async () => false });
    expect(result.articles).toHaveLength(1);
    // index_1.html answers 404: paging ends there, the source still succeeds.
    expect(listRequests()).toEqual(['/tzgg/', '/tzgg/index_1.html']);
  });

  it('pages an API by its page-number parameter', async () => {
    await write({
      'api/list__page=1': JSON.stringify({ list: [{ url: `https://${HOST}/tzgg/content/post_105.html`, title: '关于征集人工智能应用场景的通知', time: '2026-11-27 10:00' }] }),
      'api/list__page=2': JSON.stringify({ list: [{ url: `https://${HOST}/tzgg/content/post_104.html`, title: '关于开展算力券申领工作的通知', time: '2026-11-26 10:00' }] }),
      'api/list__page=3': JSON.stringify({ list: [] }),
      'tzgg/content/post_105.html': article('关于征集人工智能应用场景的通知', '2026-11-27 10:00'),
      'tzgg/content/post_104.html': article('关于开展算力券申领工作的通知', '2026-11-26 10:00'),
    });
    const api: JsonSourceDefinition = {
      id: 'example-api',
      name: '示例接口',
      kind: 'news',
      type: 'json',
      urls: [`https://${HOST}/api/list?page=1`],
      json: { items: 'list', url: 'url', title: 'title', date: 'time' },
      nextPage: { param: 'page', first: 2, maxPages: 5 },
    };
    const result = await collectSource(api, { fetcher, isKnown: async () => false });
    expect(result.articles.map((a) => a.title)).toEqual(['关于征集人工智能应用场景的通知', '关于开展算力券申领工作的通知']);
    // Page 3 is empty: no page 4.
    expect(requested.filter((u) => u.includes('/api/'))).toEqual([1, 2, 3].map((n) => `https://${HOST}/api/list?page=${n}`));
  });
});

describe('conditional GET of list pages', () => {
  async function writeTaggedList(etag: string): Promise<void> {
    await write({
      'tzgg/index.html': list([row(105, '关于征集人工智能应用场景的通知', '2026-11-27')]),
      'tzgg/index.html.headers.json': JSON.stringify({ 'Content-Type': 'text/html; charset=utf-8', ETag: etag }),
      'tzgg/content/post_105.html': article('关于征集人工智能应用场景的通知', '2026-11-27 10:00'),
    });
  }

  it('sends the stored validators; a 304 means nothing new, not a failure', async () => {
    await writeTaggedList('"v1"');
    const stored = new Map<string, ListValidators>();
    const deps = {
      fetcher,
      isKnown: async () => false,
      listValidators: async (url: string) => stored.get(url),
      saveListValidators: async (url: string, v: ListValidators) => void stored.set(url, v),
    };
    const source = { ...column, nextPage: undefined };
    const first = await collectSource(source, deps);
    expect(first.articles).toHaveLength(1);
    expect(stored.get(`https://${HOST}/tzgg/`)).toEqual({ etag: '"v1"', lastModified: undefined });

    const second = await collectSource(source, deps);
    expect(second).toMatchObject({ listed: [], articles: [], unchangedLists: 1, warnings: [] });

    await writeTaggedList('"v2"');
    const third = await collectSource(source, deps);
    expect(third.unchangedLists).toBe(0);
    expect(third.listed).toHaveLength(1);
    expect(stored.get(`https://${HOST}/tzgg/`)?.etag).toBe('"v2"');
  });

  it('keeps the old validators while items are left for a later run, so the next run re-reads the list', async () => {
    await writePagedColumn();
    await write({ 'tzgg/index.html.headers.json': JSON.stringify({ 'Content-Type': 'text/html; charset=utf-8', ETag: '"busy"' }) });
    const saved: string[] = [];
    await collectSource(column, { fetcher, isKnown: async () => false, maxArticles: 2, listValidators: async () => undefined, saveListValidators: async (url) => void saved.push(url) });
    expect(saved).toEqual([]);
  });
});

describe('conditional GET and gkmlpt catalogues', () => {
  it('stores validators for the API a catalogue page names, never for the catalogue page itself', async () => {
    await write({
      'gkmlpt/index': "<html><body><div id=\"app\"></div><script>window._CONFIG = { SID: '200099' };</script></body></html>",
      'gkmlpt/index.headers.json': JSON.stringify({ 'Content-Type': 'text/html; charset=utf-8', ETag: '"catalogue"' }),
      'gkmlpt/api/all/0__page=1&sid=200099': JSON.stringify({ articles: [{ id: 105, title: '关于征集人工智能应用场景的通知', created_at: '2026-11-27 10:00:00', url: `https://${HOST}/gkmlpt/content/10/105/post_105.html` }] }),
      'gkmlpt/api/all/0__page=1&sid=200099.headers.json': JSON.stringify({ 'Content-Type': 'application/json; charset=utf-8', ETag: '"api-1"' }),
      'gkmlpt/content/10/105/post_105.html': article('关于征集人工智能应用场景的通知', '2026-11-27 10:00'),
    });
    const stored = new Map<string, ListValidators>();
    const result = await collectSource(
      { id: 'example-gk', name: '示例目录', kind: 'policy', type: 'gkmlpt', urls: [`https://${HOST}/gkmlpt/index`] },
      { fetcher, isKnown: async () => false, listValidators: async (url) => stored.get(url), saveListValidators: async (url, v) => void stored.set(url, v) },
    );
    expect(result.articles.map((a) => a.title)).toEqual(['关于征集人工智能应用场景的通知']);
    expect([...stored.keys()]).toEqual([`https://${HOST}/gkmlpt/api/all/0?page=1&sid=200099`]);
  });
});

describe('layout drift is loud', () => {
  it('collects the links passing match when the list selector finds nothing, and warns', async () => {
    await writePagedColumn();
    // The site renamed its list: .news_list is gone, the rows now sit in ul.wjbh_list.
    await write({ 'tzgg/index.html': list([row(105, '关于征集人工智能应用场景的通知', '2026-11-27')], 'wjbh_list') });
    const result = await collectSource({ ...column, nextPage: undefined }, { fetcher, isKnown: async () => false });
    expect(result.articles.map((a) => a.title)).toEqual(['关于征集人工智能应用场景的通知']);
    expect(result.warnings).toEqual([{ kind: 'layout-changed', url: `https://${HOST}/tzgg/`, message: expect.stringContaining('.news_list li') }]);
    expect(result.warnings[0]!.message).toMatch(/^页面可能已改版/);
  });

  it('stays a no-items failure when no link passes match either', async () => {
    await write({ 'tzgg/index.html': '<html><body><div class="nav"><a href="/about/">关于我们</a></div></body></html>' });
    const failure = await collectSource({ ...column, nextPage: undefined }, { fetcher, isKnown: async () => false }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SourceFailure);
    expect((failure as SourceFailure).failureClass).toBe('no-items');
  });

  it('does not warn when the selectors work', async () => {
    await writePagedColumn();
    const result = await collectSource({ ...column, nextPage: undefined }, { fetcher, isKnown: async () => false });
    expect(result.warnings).toEqual([]);
  });
});

describe('dates relative to the moment of reading', () => {
  it('reads 昨天 and 3小时前 on a list against the caller\'s clock, in Beijing time', async () => {
    await write({
      'tzgg/index.html': list([row(105, '关于征集人工智能应用场景的通知', '昨天 10:20'), row(104, '关于开展算力券申领工作的通知', '3小时前')]),
      // Pages without a date of their own: the list's date stands.
      'tzgg/content/post_105.html': '<html><body><h1>关于征集人工智能应用场景的通知</h1><div id="zoomcon"><p>本市征集人工智能应用场景，面向企业、高校和科研机构开放，欢迎积极申报。</p></div></body></html>',
      'tzgg/content/post_104.html': '<html><body><h1>关于开展算力券申领工作的通知</h1><div id="zoomcon"><p>本市开展算力券申领工作，中小企业可按采购的智能算力服务费用申请补贴。</p></div></body></html>',
    });
    // 09:00 on 1 December in Beijing.
    const now = () => new Date('2026-12-01T01:00:00Z');
    const result = await collectSource({ ...column, nextPage: undefined }, { fetcher, isKnown: async () => false, now });
    const byTitle = Object.fromEntries(result.articles.map((a) => [a.title, a.publishedAt]));
    expect(byTitle['关于征集人工智能应用场景的通知']).toBe('2026-11-30T02:20:00.000Z');
    expect(byTitle['关于开展算力券申领工作的通知']).toBe('2026-11-30T22:00:00.000Z');
  });
});

describe('pages that cannot be read', () => {
  it('uses the API title, time and abstract when the article page is a JS challenge', async () => {
    const challenge = `<html><head><meta charset="utf-8"></head><body><script>var _0xa1=['${'x'.repeat(2000)}'];document.cookie='__jsl='+_0xa1[0].slice(3,9);location.reload();</script></body></html>`;
    await write({
      'api/articles': JSON.stringify({ items: [{ TITLE: '广州人工智能产业规模三年翻番', PUBTIME: '2026-11-27 21:40:00', PUBURL: `https://${HOST}/gzjjrdyxpt/content_53205518.htm`, ABSTRACT: '市统计部门数据显示，广州人工智能核心产业规模三年实现翻番。' }] }),
      'gzjjrdyxpt/content_53205518.htm': challenge,
    });
    const api: JsonSourceDefinition = {
      id: 'example-app',
      name: '示例客户端',
      kind: 'news',
      type: 'json',
      urls: [`https://${HOST}/api/articles`],
      json: { items: 'items', url: 'PUBURL', title: 'TITLE', date: 'PUBTIME', summary: 'ABSTRACT' },
      article: { body: '.main_article' },
    };
    let result = await collectSource(api, { fetcher, isKnown: async () => false });
    expect(result.failedArticles).toEqual([]);
    expect(result.articles).toEqual([
      { url: `https://${HOST}/gzjjrdyxpt/content_53205518.htm`, title: '广州人工智能产业规模三年翻番', publishedAt: '2026-11-27T13:40:00.000Z', body: '市统计部门数据显示，广州人工智能核心产业规模三年实现翻番。', source: 'example-app' },
    ]);

    // A challenge that shows a line of text and a title of its own is no article either.
    await write({ 'gzjjrdyxpt/content_53205518.htm': `<html><head><title>安全验证</title></head><body><div class="tip">正在验证您的浏览器…</div>${challenge.slice(challenge.indexOf('<script'))}` });
    result = await collectSource(api, { fetcher, isKnown: async () => false });
    expect(result.articles.map((a) => [a.title, a.body])).toEqual([['广州人工智能产业规模三年翻番', '市统计部门数据显示，广州人工智能核心产业规模三年实现翻番。']]);
  });
});
