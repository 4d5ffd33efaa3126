import { dateFromUrl, parseChineseDate } from '../../lambdas/core/dates';

describe('parseChineseDate reads Beijing time and answers in UTC', () => {
  it.each([
    ['2024-01-05', '2024-01-04T16:00:00.000Z'],
    ['2024-01-05 10:30', '2024-01-05T02:30:00.000Z'],
    ['2024-01-05 10:30:15', '2024-01-05T02:30:15.000Z'],
    ['2024/1/5', '2024-01-04T16:00:00.000Z'],
    ['2024年1月5日', '2024-01-04T16:00:00.000Z'],
    ['2024年01月05日 08:05', '2024-01-05T00:05:00.000Z'],
    ['2024-01-05-10:00:00', '2024-01-05T02:00:00.000Z'],
    ['1704420000', '2024-01-05T02:00:00.000Z'],
    ['1704420000000', '2024-01-05T02:00:00.000Z'],
    ['发布时间：2024-03-01 09:30', '2024-03-01T01:30:00.000Z'],
    ['２０２４年３月１日', '2024-02-29T16:00:00.000Z'],
    ['Fri, 05 Jan 2024 10:00:00 +0800', '2024-01-05T02:00:00.000Z'],
    ['2024-01-05T10:00:00Z', '2024-01-05T10:00:00.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(parseChineseDate(text)).toBe(iso);
  });

  it.each(['2024-02-30', '2023年2月29日', '2024-13-01', '2024-01-05 25:00', '', '明天上午', '0', '12345'])('rejects %p', (text) => {
    expect(parseChineseDate(text)).toBeNull();
  });

  it('accepts 29 February in a leap year', () => {
    expect(parseChineseDate('2024年2月29日')).toBe('2024-02-28T16:00:00.000Z');
  });
});

describe('dateFromUrl', () => {
  it.each([
    ['https://news.dayoo.com/guangzhou/202611/27/139995_53018842.htm', '2026-11-26T16:00:00.000Z'],
    ['https://static.nfapp.southcn.com/content/202611/05/c1234567.html', '2026-11-04T16:00:00.000Z'],
    ['https://news.ycwb.com/2026-11/25/content_53194420.htm', '2026-11-24T16:00:00.000Z'],
    ['https://www.gd.chinanews.com.cn/2026/2026-11-26/445812.shtml', '2026-11-25T16:00:00.000Z'],
    ['https://www.21jingji.com/article/20261126/herald/0f1e2d3c4b5a69788796a5b4c3d2e1f0.html', '2026-11-25T16:00:00.000Z'],
    ['https://www.cnr.cn/gd/gdkx/20261126/t20261126_527001234.shtml', '2026-11-25T16:00:00.000Z'],
  ])('%s', (url, iso) => {
    expect(dateFromUrl(url)).toBe(iso);
  });

  it.each([
    'https://www.gz.gov.cn/xw/gzyw/content/post_10574321.html',
    'https://news.dayoo.com/guangzhou/202613/01/139995_1.htm',
    'https://news.dayoo.com/guangzhou/202402/30/139995_1.htm',
    'https://www.gov.cn/zhengce/content/202611/content_7046152.htm',
    'https://example.cn/list?date=20240105/',
  ])('finds no date in %s', (url) => {
    expect(dateFromUrl(url)).toBeNull();
  });
});

describe('parseChineseDate: dates as Chinese lists write them, read against the moment of reading', () => {
  // 04:00 on 1 December 2026 in Beijing, still 30 November in UTC: "yesterday" is Beijing's.
  const now = new Date('2026-11-30T20:00:00Z');

  it.each([
    ['刚刚', '2026-11-30T20:00:00.000Z'],
    ['3小时前', '2026-11-30T17:00:00.000Z'],
    ['25分钟前', '2026-11-30T19:35:00.000Z'],
    ['2天前', '2026-11-28T20:00:00.000Z'],
    ['昨天 10:20', '2026-11-30T02:20:00.000Z'],
    ['发布时间：昨天10:20', '2026-11-30T02:20:00.000Z'],
    ['前天', '2026-11-28T16:00:00.000Z'],
    ['今天 03:15', '2026-11-30T19:15:00.000Z'],
    ['11月26日', '2026-11-25T16:00:00.000Z'],
    ['11月26日 10:05', '2026-11-26T02:05:00.000Z'],
    ['11-26 10:05', '2026-11-26T02:05:00.000Z'],
    // No year, later in the calendar than today: last year's.
    ['12月5日', '2025-12-04T16:00:00.000Z'],
    ['12-05 09:00', '2025-12-05T01:00:00.000Z'],
    ['十一月二十六日', '2026-11-25T16:00:00.000Z'],
    ['二〇二六年十一月二十六日', '2026-11-25T16:00:00.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(parseChineseDate(text, now)).toBe(iso);
  });

  it('a date written in full does not depend on now', () => {
    expect(parseChineseDate('2024-01-05 10:30', now)).toBe('2024-01-05T02:30:00.000Z');
    expect(parseChineseDate('二〇二四年一月五日')).toBe('2024-01-04T16:00:00.000Z');
    expect(parseChineseDate('二〇二六年十一月二十六日')).toBe('2026-11-25T16:00:00.000Z');
  });

  it.each(['刚刚', '3小时前', '昨天 10:20', '前天', '11月26日', '11-26 10:05', '十一月二十六日'])('without now, %p is not guessed', (text) => {
    expect(parseChineseDate(text)).toBeNull();
  });

  it.each(['明天上午', '第3-5条', '2-3 人', '3月', '共11页'])('does not take %p for a date', (text) => {
    expect(parseChineseDate(text, now)).toBeNull();
  });

  it('reads a year-less 29 February only from a leap year', () => {
    expect(parseChineseDate('2月29日', new Date('2029-03-10T00:00:00Z'))).toBe('2028-02-28T16:00:00.000Z');
  });
});
