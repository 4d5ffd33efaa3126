/**
 * collectSource over real HTTP: the project's fetcher against the fixture-site server on
 * 127.0.0.1, serving small sites written into a temporary folder by each test.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHttpFetcher, type HttpFetcher } from '../../lambdas/adapters/http-fetcher';
import { startFixtureSites, type FixtureSites } from '../../lambdas/demo/fixture-sites-server';
import { collectSource } from '../../lambdas/core/collect-source';
import { SourceFailure } from '../../lambdas/core/errors';
import type { SourceDefinition } from '../../lambdas/core/types';

const HOST = 'news.example-gz.cn';
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

function articlePage(title: string, date: string, text: string): string {
  return `<html><head><meta name="PubDate" content="${date}"><title>${title}_示例新闻网</title></head>
<body><div class="nav"><a href="/">首页</a></div><h1>${title}</h1><div id="zoomcon"><p>${text}</p></div></body></html>`;
}

function listPage(links: string[]): string {
  return `<html><body><ul class="list">${links.map((l) => `<li>${l}</li>`).join('')}</ul></body></html>`;
}

const source: SourceDefinition = {
  id: 'example-news',
  name: '示例新闻',
  kind: 'news',
  type: 'html',
  urls: [`https://${HOST}/gz/`],
  match: '/gz/content/post_\\d+\\.html$',
};

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'gzwatch-collect-'));
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
      if (event.event === 'request' && !event.url.endsWith('/robots.txt')) requested.push(event.url);
    },
  });
});

afterEach(async () => {
  await fetcher.close();
  await sites.close();
  await fs.rm(root, { recursive: true, force: true });
});

describe('collectSource', () => {
  it('extracts new articles and never refetches a known one', async () => {
    await write({
      'gz/index.html': listPage([
        '<a href="content/post_1003.html">云从科技发布多模态大模型</a> 2026-11-27',
        '<a href="content/post_1002.html">琶洲新添三家大模型企业</a> 2026-11-26',
        '<a href="content/post_1001.html?utm_source=list">已入库的旧文章</a> 2026-11-25',
      ]),
      'gz/content/post_1003.html': articlePage('云从科技发布多模态大模型', '2026-11-27 10:15', '云从科技在广州发布新一代多模态大模型。'),
      'gz/content/post_1002.html': articlePage('琶洲新添三家大模型企业', '2026-11-26 09:00', '本月又有三家大模型企业在琶洲落户。'),
      'gz/content/post_1001.html': articlePage('已入库的旧文章', '2026-11-25 09:00', '这篇文章已经入库。'),
    });
    const known = new Set([`https://${HOST}/gz/content/post_1001.html`]);

    const result = await collectSource(source, { fetcher, isKnown: async (url) => known.has(url) });

    expect(result.listed).toHaveLength(3);
    expect(result.skippedKnown).toBe(1);
    expect(result.failedArticles).toEqual([]);
    expect(result.articles).toEqual([
      { url: `https://${HOST}/gz/content/post_1003.html`, title: '云从科技发布多模态大模型', publishedAt: '2026-11-27T02:15:00.000Z', body: '云从科技在广州发布新一代多模态大模型。', source: 'example-news' },
      { url: `https://${HOST}/gz/content/post_1002.html`, title: '琶洲新添三家大模型企业', publishedAt: '2026-11-26T01:00:00.000Z', body: '本月又有三家大模型企业在琶洲落户。', source: 'example-news' },
    ]);
    expect(requested).not.toContain(`https://${HOST}/gz/content/post_1001.html`);
    expect(requested).toEqual([`https://${HOST}/gz/`, `https://${HOST}/gz/content/post_1003.html`, `https://${HOST}/gz/content/post_1002.html`]);
  });

  it('fetches at most maxArticles, newest first', async () => {
    await write({
      'gz/index.html': listPage(['<a href="content/post_1.html">旧的</a> 2026-11-01', '<a href="content/post_2.html">新的</a> 2026-11-20']),
      'gz/content/post_1.html': articlePage('旧的', '2026-11-01 08:00', '旧文章正文。'),
      'gz/content/post_2.html': articlePage('新的', '2026-11-20 08:00', '新文章正文。'),
    });
    const result = await collectSource(source, { fetcher, isKnown: async () => false, maxArticles: 1 });
    expect(result.articles.map((a) => a.title)).toEqual(['新的']);
  });

  it('fails with no-items when the list yields nothing', async () => {
    await write({ 'gz/index.html': '<html><frameset><frame src="/main.html"></frameset></html>' });
    const failure = await collectSource(source, { fetcher, isKnown: async () => false }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SourceFailure);
    expect(failure).toMatchObject({ failureClass: 'no-items' });
    expect((failure as Error).message).toContain(`https://${HOST}/gz/`);
  });

  it('fails with the fetcher\'s class when the list cannot be fetched', async () => {
    const failure = await collectSource(source, { fetcher, isKnown: async () => false }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ failureClass: 'http' });
  });

  it('records one broken article and keeps the others', async () => {
    await write({
      'gz/index.html': listPage([
        '<a href="content/post_11.html">正常的文章</a> 2026-11-27',
        '<a href="content/post_12.html">页面不存在</a> 2026-11-26',
        '<a href="content/post_13.html">空白页面</a> 2026-11-25',
      ]),
      'gz/content/post_11.html': articlePage('正常的文章', '2026-11-27 08:00', '小马智行在南沙扩大测试范围。'),
      'gz/content/post_13.html': '<html><head></head><body><script>location.href="/"</script></body></html>',
    });
    const result = await collectSource(source, { fetcher, isKnown: async () => false });
    expect(result.articles.map((a) => a.title)).toEqual(['正常的文章']);
    expect(result.failedArticles.map((f) => f.url)).toEqual([`https://${HOST}/gz/content/post_12.html`, `https://${HOST}/gz/content/post_13.html`]);
    expect(result.failedArticles[0]!.error).toMatch(/404/);
  });

  it('fails with extraction when every new article fails', async () => {
    await write({ 'gz/index.html': listPage(['<a href="content/post_21.html">不存在</a>']) });
    await expect(collectSource(source, { fetcher, isKnown: async () => false })).rejects.toMatchObject({ failureClass: 'extraction' });
  });

  it('uses the list title and date when the page lacks them', async () => {
    await write({
      'gz/index.html': listPage(['<a href="content/post_31.html" title="广州发布算力券申报通知">广州发布算力券…</a><span>2026-11-26</span>']),
      'gz/content/post_31.html': '<html><body><div id="zoomcon"><p>各有关单位：现组织开展算力券申报工作，请按要求提交材料。</p></div></body></html>',
    });
    const result = await collectSource(source, { fetcher, isKnown: async () => false });
    expect(result.articles).toEqual([
      { url: `https://${HOST}/gz/content/post_31.html`, title: '广州发布算力券申报通知', publishedAt: '2026-11-25T16:00:00.000Z', body: '各有关单位：现组织开展算力券申报工作，请按要求提交材料。', source: 'example-news' },
    ]);
  });

  it('takes full text from a feed without fetching the article pages', async () => {
    await write({
      'feed.xml': `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>
<item><title>钛动科技完成融资</title><link>https://${HOST}/p/41?f=rss</link><pubDate>Fri, 27 Nov 2026 10:05:33 +0800</pubDate>
<content:encoded><![CDATA[<p>总部位于广州的钛动科技完成新一轮融资。</p>]]></content:encoded></item></channel></rss>`,
    });
    const feed: SourceDefinition = { id: 'example-feed', name: '示例订阅', kind: 'news', type: 'rss', urls: [`https://${HOST}/feed.xml`] };
    const result = await collectSource(feed, { fetcher, isKnown: async () => false });
    expect(result.articles).toEqual([
      { url: `https://${HOST}/p/41`, title: '钛动科技完成融资', publishedAt: '2026-11-27T02:05:33.000Z', body: '总部位于广州的钛动科技完成新一轮融资。', source: 'example-feed' },
    ]);
    expect(requested).toEqual([`https://${HOST}/feed.xml`]);
  });
});
