import { SourceFailure } from '../../lambdas/core/errors';
import { resolveRsshub } from '../../lambdas/core/rsshub';
import { parseSourcesFile } from '../../lambdas/core/sources-file';

const [route] = parseSourcesFile({ sources: [{ id: 'gz-zcjd', name: '政策解读', kind: 'policy', type: 'rss', rsshub: '/gov/gz/zwgk/zcjd' }] }, 'f.json');

test('a route becomes the feed URL on the instance, with or without a trailing slash', () => {
  expect(route!.urls).toEqual([]);
  expect(resolveRsshub(route!, 'http://127.0.0.1:1200').urls).toEqual(['http://127.0.0.1:1200/gov/gz/zwgk/zcjd']);
  expect(resolveRsshub(route!, 'https://rsshub.example.cn/base/').urls).toEqual(['https://rsshub.example.cn/base/gov/gz/zwgk/zcjd']);
});

test('without an instance the source fails as a site failure naming GZWATCH_RSSHUB_URL', () => {
  let thrown: unknown;
  try {
    resolveRsshub(route!, undefined);
  } catch (error) {
    thrown = error;
  }
  expect(thrown instanceof SourceFailure).toBe(true);
  expect(() => resolveRsshub(route!, undefined)).toThrow(/GZWATCH_RSSHUB_URL/);
});

test('other sources pass unchanged', () => {
  const [feed] = parseSourcesFile({ sources: [{ id: 'feed', name: 'f', kind: 'news', type: 'rss', url: 'https://a.example.cn/feed.xml' }] }, 'f.json');
  expect(resolveRsshub(feed!, undefined)).toBe(feed);
});

test('rsshub is for rss sources only, starts with "/", and excludes url', () => {
  const parse = (extra: Record<string, unknown>) => () => parseSourcesFile({ sources: [{ id: 'x', name: 'x', kind: 'news', type: 'rss', ...extra }] }, 'f.json');
  expect(parse({ rsshub: '//evil.example/feed' })).toThrow('f.json: sources[0].rsshub must be an RSSHub route starting with "/"');
  expect(parse({ rsshub: '/a', urls: ['https://a.example.cn/'] })).toThrow('sources[0].rsshub and .urls are both given');
  expect(parse({})).toThrow('sources[0].url is missing');
  expect(() => parseSourcesFile({ sources: [{ id: 'x', name: 'x', kind: 'news', type: 'html', rsshub: '/a' }] }, 'f.json')).toThrow('unknown field(s) rsshub');
});
