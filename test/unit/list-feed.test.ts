/**
 * Feed variants the list-page tests do not reach: escaping styles in descriptions, Atom's link
 * and content rules, RSS 1.0, Beijing dates, and feeds that are not well-formed XML.
 */
import { parseFeed } from '../../lambdas/core/extract/list-feed';

const rss = (items: string, ns = '') =>
  `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"${ns}><channel><title>示例频道</title><link>https://news.example.cn/</link>${items}</channel></rss>`;
const atom = (entries: string) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>示例</title><id>urn:feed</id><updated>2026-11-27T08:00:00Z</updated>${entries}</feed>`;

describe('RSS descriptions', () => {
  test('HTML inside CDATA becomes plain text, one paragraph per line', () => {
    const [item] = parseFeed(
      rss(`<item><title>黄埔区发布算力券细则</title><link>https://news.example.cn/a/1.html</link>
        <description><![CDATA[<p>算力券面向区内<b>人工智能</b>企业。</p><p>单家企业每年最高 500 万元 &amp; 可叠加。</p><script>track()</script>]]></description></item>`),
      'https://news.example.cn/rss.xml',
    );
    expect(item).toEqual({
      url: 'https://news.example.cn/a/1.html',
      title: '黄埔区发布算力券细则',
      summary: '算力券面向区内人工智能企业。\n单家企业每年最高 500 万元 & 可叠加。',
    });
  });

  test('entity-escaped HTML is unescaped once, then read as HTML (double escapes stay text)', () => {
    const [item] = parseFeed(
      rss(`<item><title>南沙 &amp; 琶洲：两地联动</title><link>https://news.example.cn/a/2.html</link>
        <description>&lt;p&gt;首段&amp;nbsp;文字&lt;/p&gt;&lt;p&gt;写作 &amp;amp;lt;b&amp;amp;gt; 的标签&lt;/p&gt;</description></item>`),
      'https://news.example.cn/rss.xml',
    );
    expect(item?.title).toBe('南沙 & 琶洲：两地联动');
    expect(item?.summary).toBe('首段 文字\n写作 &lt;b&gt; 的标签');
  });

  test('content:encoded is the body; a description equal to it is not repeated as summary', () => {
    const [item] = parseFeed(
      rss(
        `<item><title>t</title><link>https://news.example.cn/a/3.html</link><description><![CDATA[<p>同一段文字。</p>]]></description>
         <content:encoded><![CDATA[<p>同一段文字。</p>]]></content:encoded></item>`,
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"',
      ),
      'https://news.example.cn/rss.xml',
    );
    expect(item).toEqual({ url: 'https://news.example.cn/a/3.html', title: 't', body: '同一段文字。' });
  });

  test('an HTML entity that XML does not define (&nbsp;) does not sink the whole feed', () => {
    const items = parseFeed(
      rss(`<item><title>第一条&nbsp;标题</title><link>https://news.example.cn/a/4.html?id=1&from=rss</link><description>摘要&nbsp;一</description></item>
           <item><title>第二条</title><link>https://news.example.cn/a/5.html</link></item>`),
      'https://news.example.cn/rss.xml',
    );
    expect(items.map((i) => i.url)).toEqual(['https://news.example.cn/a/4.html?id=1&from=rss', 'https://news.example.cn/a/5.html']);
    expect(items[0]?.title).toBe('第一条 标题');
    expect(items[0]?.summary).toBe('摘要 一');
  });
});

describe('RSS links and dates', () => {
  test('relative links resolve against the feed URL; a permalink guid stands in for a missing link; items with neither are skipped', () => {
    const items = parseFeed(
      rss(`<item><title>相对链接</title><link>/a/6.html</link></item>
           <item><title>只有 guid</title><guid isPermaLink="true">https://news.example.cn/a/7.html</guid></item>
           <item><title>guid 不是网址</title><guid isPermaLink="false">post-8</guid></item>`),
      'https://news.example.cn/feeds/rss.xml',
    );
    expect(items.map((i) => [i.title, i.url])).toEqual([
      ['相对链接', 'https://news.example.cn/a/6.html'],
      ['只有 guid', 'https://news.example.cn/a/7.html'],
    ]);
  });

  test('a pubDate without a zone is Beijing time; dc:date is read when pubDate is absent', () => {
    const items = parseFeed(
      rss(
        `<item><title>a</title><link>https://news.example.cn/a/9.html</link><pubDate>2026-11-27 10:05:33</pubDate></item>
         <item><title>b</title><link>https://news.example.cn/a/10.html</link><dc:date>2026-11-26T09:00:00+08:00</dc:date></item>
         <item><title>c</title><link>https://news.example.cn/a/11.html</link><pubDate>不是日期</pubDate></item>`,
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
      ),
      'https://news.example.cn/rss.xml',
    );
    expect(items.map((i) => i.publishedAt)).toEqual(['2026-11-27T02:05:33.000Z', '2026-11-26T01:00:00.000Z', undefined]);
  });

  test('RSS 1.0 (RDF): items beside the channel, dated by dc:date', () => {
    const xml = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://news.example.cn/"><title>旧式订阅</title><link>https://news.example.cn/</link></channel>
<item rdf:about="https://news.example.cn/a/12.html"><title>天河区人工智能产业园揭牌</title><link>https://news.example.cn/a/12.html</link>
<dc:date>2026-11-25T15:00:00+08:00</dc:date><description>园区首批入驻企业二十家。</description></item></rdf:RDF>`;
    expect(parseFeed(xml, 'https://news.example.cn/index.rdf')).toEqual([
      { url: 'https://news.example.cn/a/12.html', title: '天河区人工智能产业园揭牌', publishedAt: '2026-11-25T07:00:00.000Z', summary: '园区首批入驻企业二十家。' },
    ]);
  });
});

describe('Atom', () => {
  test('the rel="alternate" link wins over self/edit links listed before it', () => {
    const [item] = parseFeed(
      atom(`<entry><title>条目</title><id>urn:1</id>
        <link rel="edit" href="https://www.example.edu.cn/wp-admin/post/1"/><link rel="self" href="https://www.example.edu.cn/feed/1"/>
        <link rel="alternate" type="text/html" href="https://www.example.edu.cn/news/one/"/></entry>`),
      'https://www.example.edu.cn/feed/',
    );
    expect(item?.url).toBe('https://www.example.edu.cn/news/one/');
  });

  test('a link without rel counts as alternate; with none of those the first link is used; then an http id', () => {
    const items = parseFeed(
      atom(`<entry><title>无 rel</title><id>urn:2</id><link rel="related" href="https://other.example.com/x"/><link href="/news/two/"/></entry>
            <entry><title>只有 related</title><id>urn:3</id><link rel="related" href="https://www.example.edu.cn/news/three/"/></entry>
            <entry><title>只有 id</title><id>https://www.example.edu.cn/news/four/</id></entry>
            <entry><title>什么都没有</title><id>urn:5</id></entry>`),
      'https://www.example.edu.cn/feed/',
    );
    expect(items.map((i) => i.url)).toEqual([
      'https://www.example.edu.cn/news/two/',
      'https://www.example.edu.cn/news/three/',
      'https://www.example.edu.cn/news/four/',
    ]);
  });

  test('xhtml content and an html-typed title are read as text; published beats updated; updated alone dates the entry', () => {
    const items = parseFeed(
      atom(`<entry><title type="html">&lt;em&gt;港科大（广州）&lt;/em&gt;发布具身智能平台</title><id>urn:6</id><link href="https://www.example.edu.cn/news/six/"/>
              <updated>2026-11-27T12:00:00+08:00</updated><published>2026-11-26T09:30:00+08:00</published>
              <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>平台面向机器人企业开放。</p><p>首批合作方<b>三家</b>。</p></div></content></entry>
            <entry><title>只有更新时间</title><id>urn:7</id><link href="https://www.example.edu.cn/news/seven/"/><updated>2026-11-20T08:00:00Z</updated>
              <summary type="html"><![CDATA[<p>摘要在 CDATA 里。</p>]]></summary></entry>`),
      'https://www.example.edu.cn/feed/',
    );
    expect(items).toEqual([
      {
        url: 'https://www.example.edu.cn/news/six/',
        title: '港科大（广州）发布具身智能平台',
        publishedAt: '2026-11-26T01:30:00.000Z',
        body: '平台面向机器人企业开放。\n首批合作方三家。',
      },
      { url: 'https://www.example.edu.cn/news/seven/', title: '只有更新时间', publishedAt: '2026-11-20T08:00:00.000Z', summary: '摘要在 CDATA 里。' },
    ]);
  });
});

describe('not a feed', () => {
  test.each([
    ['an HTML challenge page', '<!DOCTYPE html><html><head><title>验证</title></head><body>请完成安全验证</body></html>', 'the root element is <html>'],
    ['an empty answer', '  ', 'no root element'],
    ['a JSON error', '{"code":403}', 'no root element'],
  ])('%s is an extraction failure saying why', (_name, text, why) => {
    expect(() => parseFeed(text, 'https://news.example.cn/rss.xml')).toThrow(
      expect.objectContaining({ failureClass: 'extraction', message: expect.stringContaining(`feed at https://news.example.cn/rss.xml could not be read: ${why}`) }),
    );
  });

  test('a feed with a BOM and no items is an empty list, not a failure', () => {
    expect(parseFeed('\ufeff' + rss(''), 'https://news.example.cn/rss.xml')).toEqual([]);
  });
});
