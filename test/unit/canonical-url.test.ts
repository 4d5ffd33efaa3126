import { canonicalUrl } from '../../lambdas/core/canonical-url';

describe('canonicalUrl gives one spelling per article', () => {
  it.each([
    ['https://36kr.com/p/3012345678901234?f=rss', 'https://36kr.com/p/3012345678901234'],
    ['https://news.dayoo.com/guangzhou/202611/27/139995_1.htm#comments', 'https://news.dayoo.com/guangzhou/202611/27/139995_1.htm'],
    ['https://www.example.cn/a.html?utm_source=wechat&utm_medium=share&id=7', 'https://www.example.cn/a.html?id=7'],
    ['https://www.example.cn/a.html?spm=1.2.3&from=timeline&isappinstalled=0', 'https://www.example.cn/a.html'],
    ['HTTPS://WWW.GZ.GOV.CN:443/xw/content/post_1.html', 'https://www.gz.gov.cn/xw/content/post_1.html'],
    ['http://gxj.gz.gov.cn:80/yw/tzgg/content/post_2.html', 'http://gxj.gz.gov.cn/yw/tzgg/content/post_2.html'],
    ['https://a.cn/getArticles?page=1&columnId=371', 'https://a.cn/getArticles?columnId=371&page=1'],
    ['https://a.cn/search?q=%E5%A4%A7%E6%A8%A1%E5%9E%8B%20AI', 'https://a.cn/search?q=%E5%A4%A7%E6%A8%A1%E5%9E%8B%20AI'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it('keeps meaningful parameters that merely resemble tracking ones', () => {
    expect(canonicalUrl('https://www.xkb.com.cn/detail?id=881&f=2')).toBe('https://www.xkb.com.cn/detail?f=2&id=881');
  });

  it('keeps the scheme: some government sites answer over http only', () => {
    expect(canonicalUrl('http://www.gzns.gov.cn/zwgk/tzgg/content/post_3.html')).toMatch(/^http:\/\//);
  });

  it('is idempotent', () => {
    const once = canonicalUrl('https://a.cn/x?b=2&utm_campaign=z&a=1#top');
    expect(canonicalUrl(once)).toBe(once);
  });
});
