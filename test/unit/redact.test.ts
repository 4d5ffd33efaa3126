import { redactText, redactUrl } from '../../lambdas/core/redact';

describe('secrets in URLs are never shown', () => {
  test.each([
    ['https://alice:s3cret@news.example.cn/list/', 'https://news.example.cn/list/'],
    ['https://api.example.cn/articles?column=371&apiKey=abcd1234', 'https://api.example.cn/articles?column=371&apiKey=***'],
    ['https://api.example.cn/a?access_token=xyz&page=2', 'https://api.example.cn/a?access_token=***&page=2'],
    ['https://oapi.dingtalk.com/robot/send?access_token=t0k&timestamp=1&sign=abc', 'https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=1&sign=***'],
    ['https://www.gz.gov.cn/zwgk/?page=2&keyword=人工智能', 'https://www.gz.gov.cn/zwgk/?page=2&keyword=人工智能'],
  ])('%s → %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  test('inside a message, every URL is redacted and the words stay', () => {
    expect(redactText('HTTP 403 Forbidden from https://u:p@site.example.cn/list/?token=abc (blocked)')).toBe('HTTP 403 Forbidden from https://site.example.cn/list/?token=*** (blocked)');
    expect(redactText('no items found at https://a.example.cn/x, https://b:c@b.example.cn/y')).toBe('no items found at https://a.example.cn/x, https://b.example.cn/y');
  });
});
