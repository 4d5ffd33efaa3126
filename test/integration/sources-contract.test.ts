/**
 * The contract every built-in source keeps: collected over real HTTP (the project's fetcher against
 * the fixture sites on 127.0.0.1), it yields articles a reader can use — real absolute URLs, dates,
 * titles without site suffixes, bodies without share bars — in the site's own encoding.
 * Adding a source: write its fixtures, its module, one registry line; this file then covers it.
 */
import path from 'node:path';
import { createHttpFetcher, type HttpFetcher } from '../../lambdas/adapters/http-fetcher';
import { startFixtureSites, type FixtureSites } from '../../lambdas/demo/fixture-sites-server';
import { articleIdForUrl } from '../../lambdas/core/article-id';
import { collectSource, type CollectResult } from '../../lambdas/core/collect-source';
import { buildMatcher } from '../../lambdas/core/matcher';
import { defaultWatchlist } from '../../lambdas/default-watchlist';
import type { ExtractedArticle, SourceDefinition } from '../../lambdas/core/types';
import { builtInSources, findSource } from '../../lambdas/sources/registry';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'sites');

let sites: FixtureSites;
let fetcher: HttpFetcher;
const runs = new Map<string, Promise<CollectResult>>();

beforeAll(async () => {
  sites = await startFixtureSites({ root: FIXTURES });
  fetcher = createHttpFetcher({
    allowPrivateNetwork: true,
    rewriteUrl: sites.rewriteUrl,
    originalUrl: sites.originalUrl,
    perHostDelayMs: 0,
    requestTimeoutMs: 5000,
    retries: 0,
  });
});

afterAll(async () => {
  await fetcher?.close();
  await sites?.close();
});

/** Each source is collected once (first test that needs it); later tests read the same result. */
function collect(source: SourceDefinition): Promise<CollectResult> {
  let run = runs.get(source.id);
  if (!run) {
    run = collectSource(source, { fetcher, isKnown: async () => false, maxArticles: source.maxArticles ?? 20 });
    runs.set(source.id, run);
  }
  return run;
}

async function article(sourceId: string, url: string): Promise<ExtractedArticle> {
  const source = findSource(sourceId);
  if (!source) throw new Error(`no source ${sourceId}`);
  const found = (await collect(source)).articles.find((a) => a.url === url);
  if (!found) throw new Error(`${sourceId} did not yield ${url}`);
  return found;
}

/** Last two host labels (three for .com.cn/.gov.cn/.edu.cn): the site, whatever the subdomain. */
function siteOf(host: string): string {
  const labels = host.split('.');
  const n = /\.(com|gov|edu|org)\.cn$/.test(host) ? 3 : 2;
  return labels.slice(-n).join('.');
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
// Every fixture is dated in November 2026, Beijing time.
const NOV_2026_START = Date.parse('2026-11-01T00:00:00+08:00');
const NOV_2026_END = Date.parse('2026-12-01T00:00:00+08:00');
// Suffixes the sites append to <title>; a reader should never see them in a digest.
const SITE_SUFFIX = /(门户网站|人民政府网站|中国政府网|大洋网|金羊网|36氪|中新网广东|南方网|香港科技大学\(广州\)|工业和信息化厅|工业和信息化局|科学技术局)$/;

describe('the registry', () => {
  test('ships at least 30 sources with unique ids, each findable by id', () => {
    const ids = builtInSources.map((s) => s.id);
    expect(ids.length).toBeGreaterThanOrEqual(30);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(findSource(id)?.id).toBe(id);
    expect(findSource('no-such-source')).toBeUndefined();
  });

  test('covers news and policy, and every source type', () => {
    expect(new Set(builtInSources.map((s) => s.kind))).toEqual(new Set(['news', 'policy']));
    expect(new Set(builtInSources.map((s) => s.type))).toEqual(new Set(['html', 'rss', 'json', 'gkmlpt']));
  });

  test('every source says what it was checked against, and asks for its sites over https', () => {
    for (const source of builtInSources) {
      expect({ id: source.id, reference: (source.reference ?? '').length > 10 }).toEqual({ id: source.id, reference: true });
      for (const url of source.urls) expect({ id: source.id, url: new URL(url).protocol }).toEqual({ id: source.id, url: 'https:' });
    }
  });
});

describe.each(builtInSources.map((s) => [s.id, s] as const))('source %s over HTTP', (_id, source) => {
  test('lists items and turns every one into an article', async () => {
    const result = await collect(source);
    expect(result.failedArticles).toEqual([]);
    expect(result.listed.length).toBeGreaterThanOrEqual(1);
    expect(result.articles.length).toBe(result.listed.length);
  });

  test('articles carry real absolute URLs from the source site, each once', async () => {
    const { articles } = await collect(source);
    const entrySites = new Set(source.urls.map((u) => siteOf(new URL(u).hostname)));
    const match = source.match ? new RegExp(source.match) : null;
    for (const a of articles) {
      const url = new URL(a.url);
      expect(['http:', 'https:']).toContain(url.protocol);
      expect(url.hostname).not.toBe('127.0.0.1');
      expect(entrySites).toContain(siteOf(url.hostname));
      expect(a.url).not.toMatch(/[?&]f=rss/);
      if (match) expect(a.url).toMatch(match);
      expect(a.source).toBe(source.id);
    }
    expect(new Set(articles.map((a) => a.url)).size).toBe(articles.length);
  });

  test('articles have a title without site suffix, a November 2026 date and body text', async () => {
    const { articles } = await collect(source);
    for (const a of articles) {
      expect(a.title.trim().length).toBeGreaterThan(4);
      expect(a.title).not.toMatch(SITE_SUFFIX);
      expect(a.publishedAt).toMatch(ISO_UTC);
      const at = Date.parse(a.publishedAt!);
      expect(at).toBeGreaterThanOrEqual(NOV_2026_START);
      expect(at).toBeLessThan(NOV_2026_END);
      expect(a.body.replace(/\s/g, '').length).toBeGreaterThan(40);
      expect(a.body).not.toContain('\uFFFD');
    }
  });

  test('the fixture layout is the one the source expects: no layout-changed warning', async () => {
    expect((await collect(source)).warnings).toEqual([]);
  });

  test('share bars, footers and related lists stay out of the body', async () => {
    const { articles } = await collect(source);
    for (const a of articles) {
      // Every fixture has 微信 in its share bar or footer and never in the article itself.
      expect({ url: a.url, wechat: a.body.includes('微信') }).toEqual({ url: a.url, wechat: false });
      expect(a.body).not.toMatch(/相关(新闻|阅读|文件|信息)|推荐阅读|【打印】|版权所有/);
    }
  });
});

describe('across sources', () => {
  test('article ids are unique over every built-in source', async () => {
    const urls: string[] = [];
    for (const source of builtInSources) urls.push(...(await collect(source)).articles.map((a) => a.url));
    const ids = urls.map(articleIdForUrl);
    expect(new Set(ids).size).toBe(urls.length);
    expect(urls.length).toBeGreaterThanOrEqual(2 * builtInSources.length);
  });
});

describe('site particulars', () => {
  test('中新网广东: GB2312 pages are decoded into readable Chinese', async () => {
    const a = await article('chinanews-gd', 'https://www.gd.chinanews.com.cn/2026/2026-11-26/445812.shtml');
    expect(a.title).toBe('粤港澳大湾区人工智能创新论坛在广州南沙举行');
    expect(a.body).toContain('香港科技大学（广州）协理副校长熊辉');
    // 10:23 Beijing, from the page's .left_time line (the URL alone gives only the day).
    expect(a.publishedAt).toMatch(/^2026-11-26T02:23:00/);
  });

  test('大洋网: CRLF page, dates from the URL, other channels and rankings left out', async () => {
    const { articles } = await collect(findSource('dayoo-guangzhou')!);
    expect(articles.map((a) => a.url).sort()).toEqual([
      'https://news.dayoo.com/guangzhou/202611/25/139995_53008765.htm',
      'https://news.dayoo.com/guangzhou/202611/26/139995_53012210.htm',
      'https://news.dayoo.com/guangzhou/202611/27/139995_53018842.htm',
    ]);
    const a = await article('dayoo-guangzhou', 'https://news.dayoo.com/guangzhou/202611/27/139995_53018842.htm');
    expect(a.title).toBe('琶洲“AI一条街”年内新增企业过百家 数说故事钛动科技扩大研发团队');
    expect(a.publishedAt).toMatch(/^2026-11-26T23:46:00/);
    expect(a.body).toContain('数说故事创始人、CEO徐亚波');
    expect(a.body).not.toContain('商汤科技华南总部项目在琶洲动工');
  });

  test('gz.gov.cn 政策文件: a list without dates gets the date from the page, 文号 stays in the body', async () => {
    const a = await article('gz-gov-szfwj', 'https://www.gz.gov.cn/zwgk/fggw/szfwj/content/post_10566102.html');
    expect(a.publishedAt).toMatch(/^2026-11-18T08:00:00/);
    expect(a.title).toBe('广州市人民政府关于印发广州市加快推进人工智能产业高质量发展若干措施的通知');
    expect(a.body.split('\n')[0]).toBe('穗府〔2026〕19号');
  });

  test('gkmlpt: the body comes from window._CONFIG.DETAIL and 文号 is kept', async () => {
    const a = await article('gz-gov-gkmlpt', 'https://www.gz.gov.cn/gkmlpt/content/10/10574/post_10574321.html');
    expect(a.title).toBe('广州市工业和信息化局关于公布2026年广州市人工智能大模型应用示范项目名单的通知');
    expect(a.body).toContain('广州像素数据技术股份有限公司');
    expect(a.publishedAt).toMatch(/^2026-11-26T08:20/);
    expect(a.meta?.['文号']).toBe('穗工信函〔2026〕88号');
  });

  test('黄埔: a page without the ArticleTitle meta takes its title from h1.barrier-free', async () => {
    const a = await article('hp-kjj', 'https://www.hp.gov.cn/gzjg/qzfgwhgzbm/qkxjsj/tzgg/content/post_10572210.html');
    expect(a.title).toBe('关于举办“黄埔创新讲堂”具身智能专场活动的通知');
    expect(a.body).toContain('广东人工智能与先进计算研究院院长梁俊');
  });

  test('中国政府网: both page templates read from the JSON feed', async () => {
    const doc = await article('govcn-zuixin', 'https://www.gov.cn/zhengce/content/202611/content_7046152.htm');
    expect(doc.title).toBe('国务院办公厅关于加快推进算力基础设施高质量发展的意见');
    expect(doc.body).toContain('国办发〔2026〕37号');
    expect(doc.publishedAt).toMatch(/^2026-11-23T09:00:08/);
    const qa = await article('govcn-zuixin', 'https://www.gov.cn/zhengce/202611/content_7046300.htm');
    expect(qa.title).toBe('国家发展改革委有关负责同志就《关于加快推进算力基础设施高质量发展的意见》答记者问');
    expect(qa.body).toContain('让更多企业用得上、用得起算力');
  });

  test('36氪 and 羊城晚报: feed and API items keep their own titles and times', async () => {
    const kr = await article('36kr', 'https://36kr.com/p/3563108871234567');
    expect(kr.title).toBe('36氪首发｜出海营销服务商钛动科技完成新一轮融资');
    expect(kr.publishedAt).toMatch(/^2026-11-27T02:05:33/);
    const yc = await article('ycwb-guangzhou', 'https://news.ycwb.com/2026-11/27/content_53201184.htm');
    expect(yc.title).toBe('云从科技发布面向政务服务的新一代多模态大模型');
    expect(yc.publishedAt).toMatch(/^2026-11-27T02:15:00/);
    expect(yc.body).toContain('云从科技联合创始人姚志强');
  });
});

describe('fixes from independent references', () => {
  test('羊城晚报: both link forms are listed; a JS-challenge page falls back to the API title, time and abstract', async () => {
    const { articles } = await collect(findSource('ycwb-guangzhou')!);
    expect(articles.map((a) => a.url)).toEqual(
      expect.arrayContaining([
        'https://news.ycwb.com/2026-11/27/content_53201184.htm',
        'https://news.ycwb.com/qzgzxwzbnj/content_53206731.htm',
        'https://news.ycwb.com/gzjjrdyxpt/content_53205518.htm',
      ]),
    );
    const readable = await article('ycwb-guangzhou', 'https://news.ycwb.com/qzgzxwzbnj/content_53206731.htm');
    expect(readable.body).toContain('数说故事相关负责人表示');
    const challenged = await article('ycwb-guangzhou', 'https://news.ycwb.com/gzjjrdyxpt/content_53205518.htm');
    expect(challenged.title).toBe('广州人工智能产业规模三年翻番 大模型备案数居全国前列');
    expect(challenged.publishedAt).toBe('2026-11-27T13:40:00.000Z');
    expect(challenged.body).toMatch(/^市统计部门数据显示/);
    expect(challenged.body).not.toMatch(/cookie|_0x/);
  });

  test('市政府文件 and 市府办文件 are read from ul.wjbh_list', async () => {
    const { articles, warnings } = await collect(findSource('gz-gov-szfwj')!);
    expect(warnings).toEqual([]);
    expect(articles.map((a) => new URL(a.url).pathname).sort()).toEqual(['/zwgk/fggw/sfbgtwj/content/post_10571450.html', '/zwgk/fggw/szfwj/content/post_10566102.html']);
  });

  test('mirrored posts (mpost_) are collected on NFCMS columns and in gkmlpt', async () => {
    const mirrored = await article('gz-gov-gzyw', 'https://www.gz.gov.cn/xw/gzyw/content/mpost_10581002.html');
    expect(mirrored.title).toBe('广州发布人工智能赋能千行百业首批100个应用场景清单');
    expect((await collect(findSource('haizhu-rgzn')!)).articles.map((a) => a.url)).toContain('https://www.haizhu.gov.cn/gzhzrgzn/gzdt/content/mpost_10575120.html');
    const gk = await article('gz-gxj-gkmlpt', 'https://gxj.gz.gov.cn/gkmlpt/content/10/10571/mpost_10571240.html');
    expect(gk.meta?.['文号']).toBe('穗工信函〔2026〕79号');
  });

  test('a gkmlpt catalogue page names its SID and the API beside it is read', async () => {
    const a = await article('hp-kjj-gkmlpt', 'https://www.hp.gov.cn/gzhpkj/gkmlpt/content/10/10578/post_10578012.html');
    expect(a.meta?.['文号']).toBe('穗埔科〔2026〕133号');
    expect(a.body).toContain('揭榜挂帅');
    expect((await collect(findSource('gd-gdii-gkmlpt')!)).listed).toHaveLength(2);
  });

  test('a site that insists on headers gets them from the source module, and refuses a request without them', async () => {
    const miit = findSource('miit-zcwj')!;
    const gd = findSource('gd-gov-gkmlpt')!;
    expect((await collect(miit)).articles).toHaveLength(2);
    expect((await collect(gd)).articles).toHaveLength(2);
    for (const source of [miit, gd]) {
      const bare = { ...source, headers: undefined, id: `${source.id}-bare` };
      await expect(collectSource(bare, { fetcher, isKnown: async () => false })).rejects.toMatchObject({ failureClass: 'http', message: expect.stringContaining('403') });
    }
  });

  test('广州日报客户端: 专题 items are dropped and page 2 is read while every item is new', async () => {
    const { articles } = await collect(findSource('gzdaily-app')!);
    expect(articles.map((a) => a.title)).toEqual([
      '广州发布首批人工智能应用场景清单 百个场景向企业开放',
      '天河智慧城新增三家大模型企业区域总部',
      '广州地铁启用人工智能客服 高峰时段排队时间缩短一半',
    ]);
    expect(articles[0]!.meta?.['作者']).toBe('何颖思');
  });

  test('南方+: only articleType 0, read from pc.nfapp pages without the share bar and copyright line', async () => {
    const { articles } = await collect(findSource('nfapp-column')!);
    expect(articles.map((a) => a.url)).toEqual(['http://pc.nfapp.southcn.com/38/10348812.html', 'http://pc.nfapp.southcn.com/38/10345290.html']);
    expect(articles[0]!.body).toContain('香港科技大学（广州）将牵头建设联合创新中心');
    expect(articles[0]!.body).not.toContain('未经授权');
  });
});

describe('what the default watchlist finds in the fixtures', () => {
  async function mentionedIn(sourceId: string, url: string): Promise<string[]> {
    const matcher = buildMatcher(defaultWatchlist());
    return [...new Set(matcher.matchDocument(await article(sourceId, url)).map((m) => m.name))];
  }

  test('the fixtures name at least 12 distinct watchlist entities, and 微信 only in page furniture', async () => {
    const matcher = buildMatcher(defaultWatchlist());
    const found = new Set<string>();
    for (const source of builtInSources) {
      for (const a of (await collect(source)).articles) for (const m of matcher.matchDocument(a)) found.add(m.name);
    }
    expect(found.size).toBeGreaterThanOrEqual(12);
    expect(found).not.toContain('微信');
  });

  test('articles with no mention stay empty', async () => {
    expect(await mentionedIn('gz-gov-gzyw', 'https://www.gz.gov.cn/xw/gzyw/content/post_10579876.html')).toEqual([]);
    expect(await mentionedIn('chinanews-gd', 'https://www.gd.chinanews.com.cn/2026/2026-11-24/445377.shtml')).toEqual([]);
  });

  test('a related-article list does not lend its names to the article', async () => {
    // The page's 相关新闻 list names 香港科技大学（广州）; the article itself does not.
    const names = await mentionedIn('gz-gov-gzyw', 'https://www.gz.gov.cn/xw/gzyw/content/post_10580231.html');
    expect(names).toEqual(expect.arrayContaining(['广州市工业和信息化局', '黄星耀', '云从科技', '数说故事']));
    expect(names).not.toContain('香港科技大学(广州)');
  });

  test('plain phrases are not companies: pixel data and the far side of the Moon', async () => {
    expect(await mentionedIn('hkust-gz', 'https://www.hkust-gz.edu.cn/news/campus-life/winter-open-day-2026/')).not.toContain('像素数据');
    expect(await mentionedIn('36kr', 'https://36kr.com/p/3562990012345678')).toContain('月之暗面');
    expect(await mentionedIn('dayoo-guangzhou', 'https://news.dayoo.com/guangzhou/202611/26/139995_53012210.htm')).not.toContain('月之暗面');
  });
});
