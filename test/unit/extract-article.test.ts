import { extractArticle } from '../../lambdas/core/extract';

/** A news page with everything a reader skips around the story. */
const NEWS_PAGE = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>琶洲新添三家大模型企业_示例新闻网</title></head>
<body>
  <div class="top-nav"><a href="/">首页</a><a href="/gz/">广州</a><a href="/tech/">科技</a></div>
  <header><h1 class="logo">示例新闻网</h1></header>
  <div class="wrap">
    <div class="main">
      <h1>琶洲新添三家大模型企业</h1>
      <div class="info">来源：示例新闻网\u3000发布时间：2026-11-20 09:15</div>
      <div class="share-bar">分享到：<a href="#">微信</a><a href="#">微博</a></div>
      <div class="text">
        <p>\u3000\u3000记者从海珠区获悉，本月又有三家大模型企业在琶洲落户，主要从事行业模型训练和推理服务。</p>
        <p>\u3000\u3000据介绍，这些企业将与区内的算力中心合作，为制造、零售和政务等场景提供模型服务。</p>
        <p>&nbsp;&nbsp;海珠区有关负责人表示，将继续完善人才、空间和算力等配套政策。</p>
      </div>
      <div class="related-news"><h3>相关新闻</h3><ul>
        <li><a href="/a/1.html">云从科技发布新一代多模态大模型，面向政务服务</a></li>
        <li><a href="/a/2.html">小马智行在南沙扩大自动驾驶测试范围</a></li>
      </ul></div>
      <div id="comment-box"><p>网友评论：希望文远知行也来琶洲，期待更多企业落户。</p></div>
    </div>
    <div class="side"><div class="rank-list"><h3>热门排行</h3><ol>
      <li><a href="/a/3.html">极飞科技发布新款农业无人机，续航提升明显</a></li>
      <li><a href="/a/4.html">广汽集团智能驾驶新车型上市，订单火爆</a></li>
    </ol></div></div>
  </div>
  <footer><p>版权所有 示例新闻网，未经授权不得转载，联系电话：020-00000000。</p></footer>
  <script>var trackers = "商汤科技";</script>
</body></html>`;

describe('extractArticle: generic extractor', () => {
  const article = extractArticle(NEWS_PAGE, 'https://news.example.cn/gz/a/9.html');

  it('reads the headline, not the logo, and drops the site suffix', () => {
    expect(article.title).toBe('琶洲新添三家大模型企业');
  });

  it('keeps the story as plain paragraphs with spaces collapsed', () => {
    expect(article.body).toBe(
      [
        '记者从海珠区获悉，本月又有三家大模型企业在琶洲落户，主要从事行业模型训练和推理服务。',
        '据介绍，这些企业将与区内的算力中心合作，为制造、零售和政务等场景提供模型服务。',
        '海珠区有关负责人表示，将继续完善人才、空间和算力等配套政策。',
      ].join('\n'),
    );
  });

  it.each(['云从科技', '小马智行', '文远知行', '极飞科技', '广汽集团', '商汤科技', '分享到', '版权所有', '首页'])(
    'leaves out %s from navigation, share bars, related lists, rankings, comments, footer and scripts',
    (text) => {
      expect(article.body).not.toContain(text);
    },
  );

  it('reads the labelled publication time as Beijing time', () => {
    expect(article.publishedAt).toBe('2026-11-20T01:15:00.000Z');
  });

  it('records the host as the source for ad-hoc extraction, or the given source id', () => {
    expect(article.source).toBe('news.example.cn');
    expect(extractArticle(NEWS_PAGE, 'https://news.example.cn/gz/a/9.html', { source: 'my-source' }).source).toBe('my-source');
  });
});

/** A Guangdong NFCMS page: standard meta tags, #zoomcon with a share bar inside. */
function nfcmsPage(extraHead = '', body = '<p>第一段正文，说明人工智能产业政策的主要内容和适用范围。</p><p>第二段正文。</p>'): string {
  return `<html><head>
<meta name="ArticleTitle" content="广州市关于支持人工智能企业发展的通知">
<meta name="PubDate" content="2026-11-18 16:00">
<meta name="ContentSource" content="广州市工业和信息化局">
${extraHead}
<title>广州市关于支持人工智能企业发展的通知 - 广州市人民政府门户网站</title></head>
<body><div class="curmb"><a href="/">首页</a> &gt; <a href="/xw/">新闻</a></div>
<h1 class="content_title">广州市关于支持人工智能企业发展的通知</h1>
<div class="content_attr">时间：2026-11-18 16:00 来源：广州市工业和信息化局</div>
<div id="zoomcon" class="content_article">${body}
<div class="bdsharebuttonbox"><a class="bds_weixin">微信</a></div><p>【打印】 【关闭】</p></div>
</body></html>`;
}

describe('extractArticle: government pages', () => {
  it('reads title and date from the standard meta tags and the body from #zoomcon without controls', () => {
    const a = extractArticle(nfcmsPage(), 'https://www.gz.gov.cn/zwgk/content/post_1.html');
    expect(a).toMatchObject({
      title: '广州市关于支持人工智能企业发展的通知',
      publishedAt: '2026-11-18T08:00:00.000Z',
      body: '第一段正文，说明人工智能产业政策的主要内容和适用范围。\n第二段正文。',
      meta: { 来源: '广州市工业和信息化局' },
    });
  });

  it('reads the 规范性文件 metadata block into meta', () => {
    const block = `<div id="zoomsubtitl"><ul>
      <li><span>统一编号：</span>HP0120260031</li>
      <li><span>文\u3000\u3000号：</span>穗埔府规〔2026〕9号</li>
      <li><span>实施日期：</span>2026年12月01日</li>
      <li><span>失效日期：</span>2031年11月30日</li>
      <li><span>发布机关：</span>广州市黄埔区人民政府</li>
      <li><span>文件状态：</span>有效</li></ul></div>`;
    const html = nfcmsPage().replace('<h1 class="content_title">', `${block}<h1 class="content_title">`);
    const a = extractArticle(html, 'https://www.gz.gov.cn/gfxwj/qjgfxwj/hpq/qf/content/post_2.html');
    expect(a.meta).toMatchObject({
      统一编号: 'HP0120260031',
      文号: '穗埔府规〔2026〕9号',
      实施日期: '2026年12月01日',
      失效日期: '2031年11月30日',
      发布机关: '广州市黄埔区人民政府',
      文件状态: '有效',
    });
  });

  it('reads a gkmlpt detail page whose body only exists in window._CONFIG.DETAIL', () => {
    const detail = {
      id: 10574321,
      title: '广州市工业和信息化局关于公布大模型应用示范项目名单的通知',
      document_number: '穗工信函〔2026〕88号',
      identifier: '007482532/2026-00934',
      publisher: '广州市工业和信息化局',
      created_at: '2026-11-26 16:20:11',
      content: '<p style="text-align:center">穗工信函〔2026〕88号</p><p>各有关单位：</p><p>现将示范项目名单予以公布，其中包括云从科技等企业的项目。</p>',
    };
    const html = `<html><head><title>广州市工业和信息化局关于公布大模型应用示范项目名单的通知</title>
      <script>window._CONFIG = { SID: '200001' };
      window._CONFIG.DETAIL = ${JSON.stringify(detail)};</script></head>
      <body><div class="header">政府信息公开</div><div id="zoomcon"></div></body></html>`;
    const a = extractArticle(html, 'https://www.gz.gov.cn/gkmlpt/content/10/10574/post_10574321.html');
    expect(a.title).toBe('广州市工业和信息化局关于公布大模型应用示范项目名单的通知');
    expect(a.body).toBe('穗工信函〔2026〕88号\n各有关单位：\n现将示范项目名单予以公布，其中包括云从科技等企业的项目。');
    expect(a.publishedAt).toBe('2026-11-26T08:20:11.000Z');
    expect(a.meta).toMatchObject({ 文号: '穗工信函〔2026〕88号', 索引号: '007482532/2026-00934', 发布机构: '广州市工业和信息化局' });
  });

  it('reads gov.cn table.bd1 label cells padded with full-width spaces', () => {
    const html = `<html><head>
      <meta name="firstpublishedtime" content="2026-11-23-17:00:08">
      <meta name="manuscriptId" content="7046152">
      <title>国务院办公厅关于推进算力基础设施建设的意见_国务院文件_中国政府网</title></head><body>
      <table class="bd1"><tbody>
        <tr><td><b>索\u3000引\u3000号：</b></td><td>000014349/2026-00118</td><td><b>主题分类：</b></td><td>工业、交通</td></tr>
        <tr><td><b>发文机关：</b></td><td>国务院办公厅</td><td><b>成文日期：</b></td><td>2026年11月18日</td></tr>
        <tr><td><b>标\u3000\u3000题：</b></td><td colspan="3">国务院办公厅关于推进算力基础设施建设的意见</td></tr>
        <tr><td><b>发文字号：</b></td><td>国办发〔2026〕37号</td><td><b>发布日期：</b></td><td>2026年11月23日</td></tr>
      </tbody></table>
      <div id="UCAP-CONTENT"><p>各省、自治区、直辖市人民政府，国务院各部委、各直属机构：</p><p>算力是数字经济的重要基础。</p></div>
      </body></html>`;
    const a = extractArticle(html, 'https://www.gov.cn/zhengce/content/202611/content_7046152.htm');
    expect(a.title).toBe('国务院办公厅关于推进算力基础设施建设的意见');
    expect(a.publishedAt).toBe('2026-11-23T09:00:08.000Z');
    expect(a.body).toBe('各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n算力是数字经济的重要基础。');
    expect(a.meta).toMatchObject({
      索引号: '000014349/2026-00118',
      主题分类: '工业、交通',
      发文机关: '国务院办公厅',
      成文日期: '2026年11月18日',
      发文字号: '国办发〔2026〕37号',
      发布日期: '2026年11月23日',
      manuscriptId: '7046152',
    });
  });
});

describe('extractArticle: titles', () => {
  const page = (title: string, extra = ''): string => `<html><head>${extra}<title>${title}</title></head><body><div class="article"><p>正文内容足够长，用来确认正文能被找到并且不会为空。</p></div></body></html>`;

  it.each([
    ['市领导调研琶洲人工智能企业 - 广州市人民政府门户网站', '市领导调研琶洲人工智能企业'],
    ['市领导调研琶洲人工智能企业_广州市人民政府门户网站', '市领导调研琶洲人工智能企业'],
    ['天河区发布数字经济措施 - 广州市天河区人民政府门户网站', '天河区发布数字经济措施'],
    ['关于算力券的政策解读_政策解读_中国政府网', '关于算力券的政策解读'],
    ['南沙举办人工智能论坛_南方网', '南沙举办人工智能论坛'],
    ['广州：人工智能与实体经济深度融合 - 大湾区 - 示例新闻网', '广州：人工智能与实体经济深度融合'],
  ])('strips the site suffix of %s', (title, expected) => {
    expect(extractArticle(page(title), 'https://x.example.cn/1.html').title).toBe(expected);
  });

  it('keeps a hyphen that belongs to the title', () => {
    expect(extractArticle(page('GPT-5 与国产大模型对比评测'), 'https://x.example.cn/1.html').title).toBe('GPT-5 与国产大模型对比评测');
  });

  it('prefers og:title over <title>', () => {
    const html = page('某页面 - 示例网', '<meta property="og:title" content="文远知行获得新牌照">');
    expect(extractArticle(html, 'https://x.example.cn/1.html').title).toBe('文远知行获得新牌照');
  });

  it('uses the source title selector first, also on a <meta> tag', () => {
    const html = page('无关标题 - 示例网', '<meta name="ArticleTitle" content="真正的标题">');
    expect(extractArticle(html, 'https://x.example.cn/1.html', { selectors: { title: 'meta[name="ArticleTitle"]' } }).title).toBe('真正的标题');
  });
});

describe('extractArticle: dates', () => {
  const page = (head: string, body: string): string =>
    `<html><head>${head}<title>关于2025年人工智能工作要点的通知</title></head><body><h1>关于2025年人工智能工作要点的通知</h1><div class="article"><p>正文内容足够长，用来确认正文能被找到并且不会为空。</p>${body}</div></body></html>`;

  it('never takes the date from the title', () => {
    expect(extractArticle(page('', ''), 'https://x.example.cn/1.html').publishedAt).toBeNull();
  });

  it('reads article:published_time', () => {
    const html = page('<meta property="article:published_time" content="2026-11-02T08:00:00+08:00">', '');
    expect(extractArticle(html, 'https://x.example.cn/1.html').publishedAt).toBe('2026-11-02T00:00:00.000Z');
  });

  it('reads 发布日期 in Chinese form', () => {
    const html = page('', '<p>发布日期：2026年11月3日</p>');
    expect(extractArticle(html, 'https://x.example.cn/1.html').publishedAt).toBe('2026-11-02T16:00:00.000Z');
  });

  it('takes the day from the URL path over a page date on another day, and the time from a page date on the same day', () => {
    const other = page('<meta name="PubDate" content="2026-10-01 08:00">', '');
    expect(extractArticle(other, 'https://news.dayoo.com/guangzhou/202611/05/139995_1.htm').publishedAt).toBe('2026-11-04T16:00:00.000Z');
    const same = page('<meta name="PubDate" content="2026-11-05 08:00">', '');
    expect(extractArticle(same, 'https://news.dayoo.com/guangzhou/202611/05/139995_1.htm').publishedAt).toBe('2026-11-05T00:00:00.000Z');
  });

  it('uses the source date selector, reading the date out of a labelled line', () => {
    const html = page('', '<div class="info_fbt">信息来源：市工信局 时间：2026-11-06</div>');
    expect(extractArticle(html, 'https://gxj.gz.gov.cn/x/content/post_1.html', { selectors: { date: '.info_fbt' } }).publishedAt).toBe('2026-11-05T16:00:00.000Z');
  });
});

describe('extractArticle: per-source selectors and failures', () => {
  it('reads the body from the source selector and drops its `remove` elements', () => {
    const html = `<html><head><title>标题甲</title></head><body>
      <div class="content"><p>小马智行在南沙开展自动驾驶测试。</p><div class="editor">责任编辑：某某</div></div>
      <div id="zoom"><p>这里是另一块较长的文字，不应被当作正文读取，因为来源指定了正文选择器。</p></div></body></html>`;
    const a = extractArticle(html, 'https://x.example.cn/1.html', { selectors: { body: 'div.content', remove: ['.editor'] } });
    expect(a.body).toBe('小马智行在南沙开展自动驾驶测试。');
  });

  it('keeps a body fragment without any title: untitled, or titled by its first heading', () => {
    const html = '<html><head></head><body><div id="zoomcon"><p>一段没有标题的正文，长度足够被当作正文。</p></div></body></html>';
    const article = extractArticle(html, 'https://x.example.cn/1.html');
    expect(article.title).toBe('');
    expect(article.body).toContain('一段没有标题的正文');
    // RSS full content: a fragment, no <html>, no <title>, a heading inside.
    const fragment = '<div><h3>暗物智能发布推理模型</h3><p>研发团队在广州介绍了新产品，模型将用于课堂教学和考试辅导。</p></div>';
    expect(extractArticle(fragment, 'https://x.example.cn/2.html')).toMatchObject({ title: '暗物智能发布推理模型' });
  });

  it('throws an extraction failure when there is no body', () => {
    const html = '<html><head><title>只有标题</title></head><body><script>document.write("x")</script></body></html>';
    expect(() => extractArticle(html, 'https://x.example.cn/1.html')).toThrow(/no article text/);
  });
});
