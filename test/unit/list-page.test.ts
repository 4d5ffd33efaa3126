import { ExtractionFailure } from '../../lambdas/core/errors';
import { LIST_READERS, parseListPage, readListPage } from '../../lambdas/core/extract';
import { SOURCE_TYPES, type SourceDefinition } from '../../lambdas/core/types';

const base = { name: '测试来源', kind: 'news' as const };
const html = (url: string, text: string) => ({ url, text, contentType: 'text/html; charset=utf-8' });

describe('parseListPage: html with list selectors', () => {
  const source: SourceDefinition = {
    ...base,
    id: 'gz-test',
    type: 'html',
    urls: ['https://www.gz.gov.cn/xw/gzyw/'],
    list: { item: '.news_list li', link: 'a', date: 'span' },
  };
  const page = html(
    'https://www.gz.gov.cn/xw/gzyw/index.html',
    `<ul class="news_list">
      <li><a href="./content/post_101.html" title="全市人工智能产业发展推进会召开，部署下一阶段重点任务">全市人工智能产业发展推进会召开…</a><span>2026-11-24</span></li>
      <li><a href="/xw/gzyw/content/post_102.html">冬季出行高峰将至</a><span>2026-11-23</span></li>
      <li><a href="https://www.gz.gov.cn/xw/gzyw/content/post_101.html#top">重复的链接</a><span>2026-11-24</span></li>
      <li>没有链接的一行</li>
    </ul>`,
  );

  it('lists absolute, unique URLs with the full title from the title attribute and the row date', async () => {
    expect(await parseListPage(source, page)).toEqual([
      { url: 'https://www.gz.gov.cn/xw/gzyw/content/post_101.html', title: '全市人工智能产业发展推进会召开，部署下一阶段重点任务', publishedAt: '2026-11-23T16:00:00.000Z' },
      { url: 'https://www.gz.gov.cn/xw/gzyw/content/post_102.html', title: '冬季出行高峰将至', publishedAt: '2026-11-22T16:00:00.000Z' },
    ]);
  });

  it('filters by match when given', async () => {
    const items = await parseListPage({ ...source, match: 'post_102' }, page);
    expect(items.map((i) => i.url)).toEqual(['https://www.gz.gov.cn/xw/gzyw/content/post_102.html']);
  });

  it('returns nothing when the selectors find nothing (the collector turns that into no-items)', async () => {
    expect(await parseListPage(source, html(page.url, '<div class="list"><a href="content/post_1.html">x</a></div>'))).toEqual([]);
  });
});

describe('parseListPage: html without selectors', () => {
  const source: SourceDefinition = {
    ...base,
    id: 'dayoo-test',
    type: 'html',
    urls: ['https://news.dayoo.com/guangzhou/'],
    match: '^https?://news\\.dayoo\\.com/guangzhou/\\d{6}/\\d{2}/139995_\\d+\\.htm$',
  };

  it('takes every link passing match, dating it from the URL; other sites and channels are left out', async () => {
    const items = await parseListPage(
      source,
      html(
        'https://news.dayoo.com/guangzhou/',
        `<div class="nav"><a href="https://www.dayoo.com/">大洋网</a></div>
         <div class="box"><a href="https://news.dayoo.com/guangzhou/202611/27/139995_53018842.htm"><img src="a.jpg"></a>
           <h2><a href="https://news.dayoo.com/guangzhou/202611/27/139995_53018842.htm?utm_source=home">琶洲“AI一条街”年内新增企业过百家</a></h2>
           <a href="//news.dayoo.com/guangzhou/202611/26/139995_53012210.htm">市人大代表调研人工智能赋能医疗</a>
           <a href="https://news.dayoo.com/china/202611/26/139997_53012999.htm">全国新闻一则</a>
           <a href="https://mirror.example.com/guangzhou/202611/26/139995_53012210.htm">镜像站</a></div>`,
      ),
    );
    expect(items).toEqual([
      { url: 'https://news.dayoo.com/guangzhou/202611/27/139995_53018842.htm', title: '琶洲“AI一条街”年内新增企业过百家', publishedAt: '2026-11-26T16:00:00.000Z' },
      { url: 'https://news.dayoo.com/guangzhou/202611/26/139995_53012210.htm', title: '市人大代表调研人工智能赋能医疗', publishedAt: '2026-11-25T16:00:00.000Z' },
    ]);
  });

  it('without match, keeps same-site article-like links and takes the date from their row, not from the title', async () => {
    const items = await parseListPage(
      { ...source, match: undefined, urls: ['https://gdii.gd.gov.cn/zwgk/tzgg1011/index.html'] },
      html(
        'https://gdii.gd.gov.cn/zwgk/tzgg1011/index.html',
        `<ul><li><span>2026-11-24</span><a href="content/post_4631205.html" title="关于公布2025年人工智能应用场景名单的通知">关于公布…</a></li>
         <li><a href="/zwgk/tzgg1011/index_2.html">下一页</a></li>
         <li><a href="https://www.gd.gov.cn/zwgk/content/post_9901.html">省政府的一篇文章</a> 2026-11-20</li>
         <li><a href="https://other.example.com/content/post_5.html">外站</a></li></ul>`,
      ),
    );
    expect(items).toEqual([
      { url: 'https://gdii.gd.gov.cn/zwgk/tzgg1011/content/post_4631205.html', title: '关于公布2025年人工智能应用场景名单的通知', publishedAt: '2026-11-23T16:00:00.000Z' },
      { url: 'https://www.gd.gov.cn/zwgk/content/post_9901.html', title: '省政府的一篇文章', publishedAt: '2026-11-19T16:00:00.000Z' },
    ]);
  });
});

describe('parseListPage: feeds', () => {
  const source: SourceDefinition = { ...base, id: 'feed-test', type: 'rss', urls: ['https://36kr.com/feed'] };

  it('reads RSS 2.0 items, keeps full text from content:encoded and drops ?f=rss', async () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>示例</title><link>https://36kr.com</link>
<item><title>钛动科技完成新一轮融资</title><link>https://36kr.com/p/3012345678901234?f=rss</link>
<pubDate>2026-11-27 10:05:33 +0800</pubDate><description>&lt;p&gt;总部位于广州的出海营销服务商完成融资。&lt;/p&gt;</description>
<content:encoded><![CDATA[<p>36氪获悉，钛动科技完成新一轮融资。</p><p>本轮资金将用于大模型营销工具研发。</p>]]></content:encoded></item>
<item><title>第二条</title><link>https://36kr.com/p/3012345678905678</link><pubDate>Thu, 26 Nov 2026 20:31:10 +0800</pubDate><description>只有摘要</description></item>
</channel></rss>`;
    expect(await parseListPage(source, { url: 'https://36kr.com/feed', text: xml, contentType: 'application/rss+xml' })).toEqual([
      {
        url: 'https://36kr.com/p/3012345678901234',
        title: '钛动科技完成新一轮融资',
        publishedAt: '2026-11-27T02:05:33.000Z',
        body: '36氪获悉，钛动科技完成新一轮融资。\n本轮资金将用于大模型营销工具研发。',
        summary: '总部位于广州的出海营销服务商完成融资。',
      },
      { url: 'https://36kr.com/p/3012345678905678', title: '第二条', publishedAt: '2026-11-26T12:31:10.000Z', summary: '只有摘要' },
    ]);
  });

  it('reads Atom entries', async () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>港科大（广州）新闻</title><id>urn:x</id><updated>2026-11-25T10:30:00+08:00</updated>
<entry><title>人工智能学域成立联合实验室</title><link href="https://www.hkust-gz.edu.cn/news/lab-2026/"/><id>urn:1</id>
<published>2026-11-25T10:30:00+08:00</published><updated>2026-11-25T10:30:00+08:00</updated>
<summary>学域与企业共建实验室。</summary><content type="html">&lt;p&gt;11月24日，学域与多家企业签约。&lt;/p&gt;</content></entry></feed>`;
    expect(await parseListPage(source, { url: 'https://www.hkust-gz.edu.cn/feed/', text: xml, contentType: 'application/atom+xml' })).toEqual([
      {
        url: 'https://www.hkust-gz.edu.cn/news/lab-2026/',
        title: '人工智能学域成立联合实验室',
        publishedAt: '2026-11-25T02:30:00.000Z',
        body: '11月24日，学域与多家企业签约。',
        summary: '学域与企业共建实验室。',
      },
    ]);
  });

  it('reports a page that is not a feed as an extraction failure', async () => {
    await expect(parseListPage(source, html('https://36kr.com/feed', '<html><body>请完成验证</body></html>'))).rejects.toMatchObject({ failureClass: 'extraction' });
  });
});

describe('parseListPage: JSON APIs', () => {
  it('follows JsonListSpec paths and copies meta fields', async () => {
    const source: SourceDefinition = {
      ...base,
      id: 'ycwb-test',
      type: 'json',
      urls: ['https://6api.ycwb.com/app_if/jy/getArticles?nodeid=18&pagesize=15'],
      json: { items: 'data.artiles', url: 'PUBURL', title: 'TITLE', date: 'PUBTIME', summary: 'ABSTRACT', meta: { 栏目: 'NODENAME' } },
    };
    const body = JSON.stringify({
      data: {
        artiles: [
          { TITLE: '云从科技发布多模态大模型', PUBTIME: '2026-11-27 10:15:00', PUBURL: 'https://news.ycwb.com/2026-11/27/content_53201184.htm', ABSTRACT: '面向政务服务。', NODENAME: '广州' },
          { TITLE: '没有链接的条目', PUBTIME: '2026-11-27 09:00:00' },
          { TITLE: '毫秒时间戳', PUBTIME: 1795600000000, PUBURL: '/2026-11/26/content_1.htm' },
        ],
      },
    });
    expect(await parseListPage(source, { url: source.urls[0]!, text: body, contentType: 'application/json' })).toEqual([
      { url: 'https://news.ycwb.com/2026-11/27/content_53201184.htm', title: '云从科技发布多模态大模型', publishedAt: '2026-11-27T02:15:00.000Z', summary: '面向政务服务。', meta: { 栏目: '广州' } },
      { url: 'https://6api.ycwb.com/2026-11/26/content_1.htm', title: '毫秒时间戳', publishedAt: new Date(1795600000000).toISOString() },
    ]);
  });

  it('reads a bare array with an empty items path', async () => {
    const source: SourceDefinition = { ...base, id: 'govcn-test', type: 'json', urls: ['https://www.gov.cn/zhengce/zuixin/ZUIXINZHENGCE.json'], json: { items: '', url: 'URL', title: 'TITLE', date: 'DOCRELPUBTIME' } };
    const body = '\ufeff[{"URL":"https://www.gov.cn/zhengce/content/202611/content_7046152.htm","TITLE":"国务院办公厅关于推进算力基础设施建设的意见","DOCRELPUBTIME":"2026-11-23"}]';
    expect(await parseListPage(source, { url: source.urls[0]!, text: body, contentType: 'application/json' })).toEqual([
      { url: 'https://www.gov.cn/zhengce/content/202611/content_7046152.htm', title: '国务院办公厅关于推进算力基础设施建设的意见', publishedAt: '2026-11-22T16:00:00.000Z' },
    ]);
  });

  it('fails clearly when the answer is not JSON or the path holds no list', async () => {
    const source: SourceDefinition = { ...base, id: 'j', type: 'json', urls: ['https://a.cn/api'], json: { items: 'list', url: 'u', title: 't' } };
    await expect(parseListPage(source, { url: 'https://a.cn/api', text: '<html>blocked</html>', contentType: 'text/html' })).rejects.toThrow(ExtractionFailure);
    await expect(parseListPage(source, { url: 'https://a.cn/api', text: '{"data":[]}', contentType: 'application/json' })).rejects.toThrow(/no array at "list"/);
  });

  it('reads the gkmlpt catalogue API with 文号 and 索引号', async () => {
    const source: SourceDefinition = { ...base, kind: 'policy', id: 'gkmlpt-test', type: 'gkmlpt', urls: ['https://www.gz.gov.cn/gkmlpt/api/all/0?page=1&sid=200001'] };
    const body = JSON.stringify({
      classify: { id: 0, post_count: 1 },
      articles: [
        {
          id: 10574321,
          title: '关于公布大模型应用示范项目名单的通知',
          document_number: '穗工信函〔2026〕88号',
          identifier: '007482532/2026-00934',
          created_at: '2026-11-26 16:20:11',
          display_publish_time: 1795681211,
          abstract: '公布示范项目名单。',
          url: 'https://www.gz.gov.cn/gkmlpt/content/10/10574/post_10574321.html',
          post_url: 'https://www.gz.gov.cn/zwgk/fggw/content/post_10574321.html',
          is_expired: false,
          is_abolished: true,
        },
      ],
    });
    expect(await parseListPage(source, { url: source.urls[0]!, text: body, contentType: 'application/json' })).toEqual([
      {
        url: 'https://www.gz.gov.cn/gkmlpt/content/10/10574/post_10574321.html',
        title: '关于公布大模型应用示范项目名单的通知',
        publishedAt: '2026-11-26T08:20:11.000Z',
        summary: '公布示范项目名单。',
        meta: {
          文号: '穗工信函〔2026〕88号',
          索引号: '007482532/2026-00934',
          is_expired: 'false',
          is_abolished: 'true',
          post_url: 'https://www.gz.gov.cn/zwgk/fggw/content/post_10574321.html',
        },
      },
    ]);
  });
});

describe('one list reader per source type', () => {
  it('the registry has a reader for every type a source can have, and nothing else', () => {
    expect(Object.keys(LIST_READERS).sort()).toEqual([...SOURCE_TYPES].sort());
  });

  it('a definition that bypassed the types is refused by name', async () => {
    const bogus = { ...base, id: 'xml-test', type: 'xml', urls: ['https://example.cn/'] } as unknown as SourceDefinition;
    await expect(parseListPage(bogus, html('https://example.cn/', '<p></p>'))).rejects.toThrow('source xml-test has unknown type xml');
  });
});

describe('readListPage: layout drift', () => {
  const source: SourceDefinition = {
    ...base,
    id: 'szfwj-test',
    type: 'html',
    urls: ['https://www.gz.gov.cn/zwgk/fggw/szfwj/'],
    list: { item: '.news_list li', link: 'a' },
    match: '/content/m?post_\\d+\\.html$',
  };

  it('takes the links passing match when the selector finds no row, and says so', async () => {
    const read = await readListPage(
      source,
      html(
        'https://www.gz.gov.cn/zwgk/fggw/szfwj/',
        `<div class="side"><a href="/zwgk/fggw/sfbgtwj/">市府办文件</a></div>
         <ul class="wjbh_list"><li><a href="content/post_10566102.html" title="关于印发人工智能产业若干措施的通知">关于印发…</a></li>
         <li><a href="content/mpost_10566110.html">关于数据要素的通知</a></li></ul>`,
      ),
    );
    expect(read.items.map((i) => i.url)).toEqual(['https://www.gz.gov.cn/zwgk/fggw/szfwj/content/post_10566102.html', 'https://www.gz.gov.cn/zwgk/fggw/szfwj/content/mpost_10566110.html']);
    expect(read.items[0]!.title).toBe('关于印发人工智能产业若干措施的通知');
    expect(read.warnings).toEqual([{ kind: 'layout-changed', url: 'https://www.gz.gov.cn/zwgk/fggw/szfwj/', message: expect.stringContaining('"' + '.news_list li' + '"') }]);
  });

  it('rows dated 昨天 resolve against the page\'s reading time', async () => {
    const read = await readListPage(
      { ...source, list: { item: 'ul.wjbh_list li', link: 'a', date: 'span' } },
      { ...html('https://www.gz.gov.cn/zwgk/fggw/szfwj/', '<ul class="wjbh_list"><li><a href="content/post_1.html">通知</a><span>昨天 10:20</span></li></ul>'), now: new Date('2026-12-01T01:00:00Z') },
    );
    expect(read.items[0]!.publishedAt).toBe('2026-11-30T02:20:00.000Z');
  });
});

describe('readListPage: json specs', () => {
  const source: SourceDefinition = {
    ...base,
    id: 'nfapp-test',
    type: 'json',
    urls: ['https://api.nfapp.southcn.com/nfplus-manuscript-web/article/list?columnId=38'],
    json: { items: 'data.list', url: 'http://pc.nfapp.southcn.com/{columnId}/{articleId}.html', title: 'title', date: 'updateTime', body: 'content', where: { articleType: 0 } },
  };
  const body = JSON.stringify({
    data: {
      list: [
        { articleId: 101, columnId: 38, title: '南沙发布人工智能行动计划', updateTime: '2026-11-27 08:45:12', articleType: 0 },
        { articleId: 102, columnId: 38, title: '专题', updateTime: '2026-11-27 08:00:00', articleType: 3 },
        { articleId: 103, columnId: 38, title: '全文随列表下发', updateTime: '2026-11-26 10:00:00', articleType: '0', content: '<p>第一段。</p><p>第二段。</p>' },
        { columnId: 38, title: '缺少编号的条目', updateTime: '2026-11-26 09:00:00', articleType: 0 },
      ],
    },
  });

  it('builds links from item fields, keeps only the wanted type, and takes a full text when the API sends one', async () => {
    expect(await parseListPage(source, { url: source.urls[0]!, text: body, contentType: 'application/json' })).toEqual([
      { url: 'http://pc.nfapp.southcn.com/38/101.html', title: '南沙发布人工智能行动计划', publishedAt: '2026-11-27T00:45:12.000Z' },
      { url: 'http://pc.nfapp.southcn.com/38/103.html', title: '全文随列表下发', publishedAt: '2026-11-26T02:00:00.000Z', body: '第一段。\n第二段。' },
    ]);
  });
});

describe('readListPage: gkmlpt catalogue pages', () => {
  const source: SourceDefinition = { ...base, id: 'gdii-gk', type: 'gkmlpt', urls: ['https://www.hp.gov.cn/gzhpkj/gkmlpt/index'] };

  it('a catalogue page points to its API by the SID in window._CONFIG', async () => {
    const read = await readListPage(source, html('https://www.hp.gov.cn/gzhpkj/gkmlpt/index', "<script>window._CONFIG = { SID: '755102', TREE: [] };</script>"));
    expect(read).toEqual({ items: [], warnings: [], follow: ['https://www.hp.gov.cn/gzhpkj/gkmlpt/api/all/0?page=1&sid=755102'] });
  });

  it('a page that is neither the API nor a catalogue is an extraction failure', async () => {
    await expect(readListPage(source, html('https://www.hp.gov.cn/gzhpkj/gkmlpt/index', '<html><body>维护中</body></html>'))).rejects.toThrow(ExtractionFailure);
  });
});
