import { InputError } from '../../lambdas/core/errors';
import { parseSourcesFile } from '../../lambdas/core/sources-file';

const good = {
  id: 'tianhe-news',
  name: '天河区 · 通知公告',
  kind: 'policy',
  type: 'html',
  url: 'https://www.thnet.gov.cn/zwgk/tzgg/',
  list: { item: '.news_list li', link: 'a', date: 'span' },
  match: '/content/post_\\d+\\.html$',
  article: { body: '#zoomcon' },
};

function errorOf(input: unknown): string {
  try {
    parseSourcesFile(input, 'sources.json');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('parseSourcesFile', () => {
  it('turns valid entries into source definitions', () => {
    expect(parseSourcesFile({ sources: [good, { id: 'feed', name: '某订阅', kind: 'news', type: 'rss', url: 'http://example.cn/feed/' }] }, 'sources.json')).toEqual([
      {
        id: 'tianhe-news',
        name: '天河区 · 通知公告',
        kind: 'policy',
        type: 'html',
        urls: ['https://www.thnet.gov.cn/zwgk/tzgg/'],
        list: { item: '.news_list li', link: 'a', date: 'span' },
        match: '/content/post_\\d+\\.html$',
        article: { body: '#zoomcon' },
      },
      { id: 'feed', name: '某订阅', kind: 'news', type: 'rss', urls: ['http://example.cn/feed/'] },
    ]);
  });

  it('reads a JSON API source with its spec, headers and next pages', () => {
    const api = {
      id: 'district-api',
      name: '某区 · 接口',
      kind: 'news',
      type: 'json',
      url: 'https://api.example.cn/list?page=1',
      json: { items: 'data.list', url: 'shareUrl', title: 'title', date: 'publishTime', where: { type: 0 } },
      headers: { Referer: 'https://www.example.cn/' },
      nextPage: { url: '?page={n}', maxPages: 3 },
    };
    expect(parseSourcesFile({ sources: [api] }, 'sources.json')).toEqual([
      { id: 'district-api', name: '某区 · 接口', kind: 'news', type: 'json', urls: ['https://api.example.cn/list?page=1'], json: api.json, headers: api.headers, nextPage: api.nextPage },
    ]);
  });

  it.each([
    [{ sources: [good, { ...good, id: 'b' }, { ...good, id: 'c', url: 'ftp://example.cn/' }] }, 'sources.json: sources[2].url must be an http(s) URL'],
    [{ sources: [{ ...good, url: 'not a url' }] }, 'sources.json: sources[0].url must be an http(s) URL'],
    [{ sources: [good, good] }, 'sources.json: sources[1].id "tianhe-news" repeats sources[0].id'],
    [{ sources: [{ ...good, match: '(unclosed' }] }, 'sources.json: sources[0].match must be a valid regular expression'],
    [{ sources: [{ ...good, type: 'xml' }] }, 'sources.json: sources[0].type must be "html", "rss", "json" or "gkmlpt"'],
    [{ sources: [{ ...good, type: 'json', list: undefined }] }, 'sources.json: sources[0].json is missing'],
    [{ sources: [{ ...good, type: 'rss' }] }, 'sources.json: sources[0] has unknown field(s) list'],
    [{ sources: [{ ...good, type: 'json', list: undefined, json: { items: 'data.list', title: 'title' } }] }, 'sources.json: sources[0].json.url is missing'],
    [{ sources: [{ ...good, nextPage: { url: 'index_2.html', maxPages: 3 } }] }, 'sources.json: sources[0].nextPage.url must contain {n}, the page number'],
    [{ sources: [{ ...good, headers: { Referer: 3 } }] }, 'sources.json: sources[0].headers.Referer must be text'],
    [{ sources: [{ ...good, kind: 'blog' }] }, 'sources.json: sources[0].kind must be "news" or "policy"'],
    [{ sources: [{ ...good, name: '' }] }, 'sources.json: sources[0].name must not be empty'],
    [{ sources: [{ ...good, id: 'Tian He' }] }, 'sources.json: sources[0].id must be lowercase ascii words joined by "-" (e.g. my-district-news)'],
    [{ sources: [{ ...good, id: undefined }] }, 'sources.json: sources[0].id is missing'],
    [{ sources: [{ ...good, list: { item: 'li' } }] }, 'sources.json: sources[0].list.link is missing'],
    [{ sources: [{ ...good, list: { item: 'li', link: 'a[[' } }] }, 'sources.json: sources[0].list.link must be a valid CSS selector'],
    [{ sources: [{ ...good, selector: 'li' }] }, 'sources.json: sources[0] has unknown field(s) selector'],
    [{ sources: [] }, 'sources.json: sources must list at least one source'],
    [{ feeds: [] }, 'sources.json: sources is missing'],
    [[good], 'sources.json: the file must be an object {"sources": [...]}'],
  ])('rejects %j', (input, message) => {
    expect(errorOf(input)).toBe(message);
  });
});
