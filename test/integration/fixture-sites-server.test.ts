import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startFixtureSites, type FixtureSites } from '../../lambdas/demo/fixture-sites-server';

let root: string;
let sites: FixtureSites;

async function write(name: string, content: string | Buffer): Promise<void> {
  const file = path.join(root, name);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content);
}

async function get(url: string): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(sites.rewriteUrl(url));
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'gzwatch-fixture-sites-'));
  await write('news.dayoo.com/guangzhou/index.html', '<html>广州频道</html>');
  await write('6api.ycwb.com/app_if/jy/getArticles__nodeid=18&pagesize=15', '{"artiles":[]}');
  await write('www.gz.gov.cn/gkmlpt/api/all/0', '{"articles":["any page"]}');
  await write('www.gz.gov.cn/gkmlpt/api/all/0__page=1&sid=200001', '{"articles":["page 1"]}');
  await write('36kr.com/feed', '<?xml version="1.0"?><rss version="2.0"></rss>');
  await write('www.gd.chinanews.com.cn/index/yw.html', Buffer.from([0xd2, 0xaa, 0xce, 0xc5])); // 要闻 in GB2312
  await write('www.gd.chinanews.com.cn/index/yw.html.headers.json', '{"Content-Type": "text/html; charset=gb2312"}');
  await write('www.example.cn/bare.html', '<html></html>');
  await write('www.example.cn/bare.html.headers.json', '{}');
  await write('www.example.cn/blocked.html', '<html>blocked</html>');
  await write('www.example.cn/blocked.html.headers.json', '{":status": 403, "Content-Type": "text/html"}');
  await write('www.example.cn/data.json', '[]');
  await write('www.example.cn/api.json', '{"ok":true}');
  await write('www.example.cn/api.json.headers.json', '{"Content-Type": "application/json", ":require-headers": {"referer": "https://www.example.cn/search/"}}');
  await write('www.example.cn/tagged.html', '<html>v1</html>');
  await write('www.example.cn/tagged.html.headers.json', '{"Content-Type": "text/html; charset=utf-8", "ETag": "\\"v1\\""}');
  sites = await startFixtureSites({ root, delayMs: 5 });
});

afterAll(async () => {
  await sites.close();
  await fs.rm(root, { recursive: true, force: true });
});

describe('fixture sites server', () => {
  it('refuses a page whose sidecar requires a header the request lacks', async () => {
    expect((await get('https://www.example.cn/api.json')).status).toBe(403);
    const res = await fetch(sites.rewriteUrl('https://www.example.cn/api.json'), { headers: { Referer: 'https://www.example.cn/search/zcwjk.html' } });
    expect({ status: res.status, text: await res.text() }).toEqual({ status: 200, text: '{"ok":true}' });
  });

  it('answers a conditional GET with 304 when the sidecar ETag matches', async () => {
    const url = sites.rewriteUrl('https://www.example.cn/tagged.html');
    expect((await fetch(url, { headers: { 'If-None-Match': '"v1"' } })).status).toBe(304);
    const changed = await fetch(url, { headers: { 'If-None-Match': '"v0"' } });
    expect({ status: changed.status, etag: changed.headers.get('etag'), text: await changed.text() }).toEqual({ status: 200, etag: '"v1"', text: '<html>v1</html>' });
  });

  it('rewrites real URLs onto the local origin, host first, and back', () => {
    expect(sites.rewriteUrl('https://news.dayoo.com/guangzhou/?a=1#x')).toBe(`${sites.origin}/news.dayoo.com/guangzhou/?a=1`);
    expect(sites.rewriteUrl('mailto:someone@example.cn')).toBe('mailto:someone@example.cn');
    expect(sites.originalUrl(`${sites.origin}/news.dayoo.com/guangzhou/`)).toBe('https://news.dayoo.com/guangzhou/');
  });

  it('serves index.html for a path ending in /', async () => {
    expect(await get('https://news.dayoo.com/guangzhou/')).toEqual({ status: 200, type: 'text/html; charset=utf-8', text: '<html>广州频道</html>' });
  });

  it('maps a query string to <path>__<query>, sniffing JSON', async () => {
    expect(await get('https://6api.ycwb.com/app_if/jy/getArticles?nodeid=18&pagesize=15')).toEqual({ status: 200, type: 'application/json; charset=utf-8', text: '{"artiles":[]}' });
  });

  it('prefers the query file and falls back to the path without the query', async () => {
    expect((await get('https://www.gz.gov.cn/gkmlpt/api/all/0?page=1&sid=200001')).text).toBe('{"articles":["page 1"]}');
    expect((await get('https://www.gz.gov.cn/gkmlpt/api/all/0?page=2&sid=200001')).text).toBe('{"articles":["any page"]}');
  });

  it('types by extension or by sniffing', async () => {
    expect((await get('https://www.example.cn/data.json')).type).toBe('application/json; charset=utf-8');
    expect((await get('https://36kr.com/feed')).type).toBe('application/xml; charset=utf-8');
  });

  it('sends the exact headers and status of a sidecar', async () => {
    const gb = await fetch(sites.rewriteUrl('https://www.gd.chinanews.com.cn/index/yw.html'));
    expect(gb.headers.get('content-type')).toBe('text/html; charset=gb2312');
    expect(new TextDecoder('gb18030').decode(await gb.arrayBuffer())).toBe('要闻');
    expect((await get('https://www.example.cn/bare.html')).type).toBeNull();
    expect((await get('https://www.example.cn/blocked.html')).status).toBe(403);
  });

  it('answers 404 for missing files, sidecars and paths outside the root', async () => {
    expect((await get('https://www.example.cn/missing.html')).status).toBe(404);
    expect((await get('https://www.example.cn/bare.html.headers.json')).status).toBe(404);
    const res = await fetch(`${sites.origin}/www.example.cn/%2e%2e/%2e%2e/etc/passwd`);
    expect(res.status).toBe(404);
  });
});
