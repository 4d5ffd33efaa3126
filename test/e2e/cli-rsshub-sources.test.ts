import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/run-cli';

// A local server that answers like a self-hosted RSSHub instance: RSS at the route's path, and the
// article pages the feed links to.
jest.setTimeout(120_000);

const ROUTE = '/gov/gz/zwgk/zcjd';
let server: Server;
let origin: string;
let home: string;
const requests: string[] = [];

function feed(): string {
  const items = [1, 2]
    .map(
      (n) => `<item><title>广州市人工智能产业政策解读第${n}篇</title><link>${origin}/zcjd/content/post_${n}.html</link><pubDate>${new Date(Date.now() - n * 3600_000).toUTCString()}</pubDate></item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>广州市人民政府 - 政策解读</title><link>https://www.gz.gov.cn/zwgk/zcjd/</link>${items}</channel></rss>`;
}

function article(n: number): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>广州市人工智能产业政策解读第${n}篇</title></head><body><h1>广州市人工智能产业政策解读第${n}篇</h1><div class="content">${'<p>本市支持人工智能企业在南沙、海珠建设算力中心，对符合条件的项目给予资金扶持。</p>'.repeat(3)}</div></body></html>`;
}

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-rsshub-'));
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname);
    if (url.pathname === ROUTE) return void res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' }).end(feed());
    const m = /^\/zcjd\/content\/post_(\d)\.html$/.exec(url.pathname);
    if (m) return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(article(Number(m[1])));
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fs.writeFileSync(path.join(home, 'rsshub.json'), JSON.stringify({ sources: [{ id: 'gz-zcjd-rsshub', name: '广州市政策解读 (RSSHub)', kind: 'policy', type: 'rss', rsshub: ROUTE }] }));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(home, { recursive: true, force: true });
});

test('an rss source with an RSSHub route reads the feed from GZWATCH_RSSHUB_URL and its articles', async () => {
  const out = await runCli(['run', '--sources', path.join(home, 'rsshub.json'), '--allow-private-network', '--json'], { GZWATCH_HOME: path.join(home, 'with'), GZWATCH_RSSHUB_URL: `${origin}/` });
  expect(out.code).toBe(0);
  const report = JSON.parse(out.stdout) as { results: { sourceId: string; ok: boolean; listed: number; newArticles: number }[] };
  expect(report.results).toEqual([expect.objectContaining({ sourceId: 'gz-zcjd-rsshub', ok: true, listed: 2, newArticles: 2 })]);
  expect(requests).toContain(ROUTE);
  expect(requests).toContain('/zcjd/content/post_1.html');
});

test('without GZWATCH_RSSHUB_URL the source fails on its own, naming the variable', async () => {
  const env = { GZWATCH_HOME: path.join(home, 'without') };
  const out = await runCli(['run', '--sources', path.join(home, 'rsshub.json'), '--allow-private-network'], env);
  expect(out.code).toBe(0); // a site failure is recorded, not a crash of the pass
  expect(out.stdout).toMatch(/gz-zcjd-rsshub\s*│\s*FAILED/);
  expect(out.stdout).not.toContain('offline');
  const listed = JSON.parse((await runCli(['sources', 'list', '--json'], env)).stdout) as { id: string; health: { lastError?: string } | null }[];
  expect(listed.find((s) => s.id === 'gz-zcjd-rsshub')?.health?.lastError).toContain('GZWATCH_RSSHUB_URL');
});

test('a route must start with "/" and cannot be given with url: exit 2 naming the field', async () => {
  const bad = path.join(home, 'bad.json');
  fs.writeFileSync(bad, JSON.stringify({ sources: [{ id: 'bad-route', name: 'x', kind: 'policy', type: 'rss', rsshub: 'gov/gz/zwgk/zcjd' }] }));
  const refused = await runCli(['sources', 'add', bad], { GZWATCH_HOME: path.join(home, 'bad') });
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/sources\[0\]\.rsshub must be an RSSHub route starting with "\/"/);
  fs.writeFileSync(bad, JSON.stringify({ sources: [{ id: 'bad-route', name: 'x', kind: 'policy', type: 'rss', rsshub: ROUTE, url: `${origin}/feed.xml` }] }));
  const both = await runCli(['sources', 'add', bad], { GZWATCH_HOME: path.join(home, 'bad') });
  expect(both.code).toBe(2);
  expect(both.stderr).toContain('sources[0].rsshub and .url are both given');
});

test('a stored RSSHub source exports as its route and imports back', async () => {
  const env = { GZWATCH_HOME: path.join(home, 'stored') };
  expect((await runCli(['sources', 'add', path.join(home, 'rsshub.json')], env)).code).toBe(0);
  const exported = JSON.parse((await runCli(['sources', 'export'], env)).stdout) as { sources: Record<string, unknown>[] };
  const mine = exported.sources.find((s) => s.id === 'gz-zcjd-rsshub');
  expect(mine).toEqual({ id: 'gz-zcjd-rsshub', name: '广州市政策解读 (RSSHub)', kind: 'policy', type: 'rss', rsshub: ROUTE });
  const listed = JSON.parse((await runCli(['sources', 'list', '--json'], env)).stdout) as { id: string; url: string }[];
  expect(listed.find((s) => s.id === 'gz-zcjd-rsshub')?.url).toBe(`rsshub:${ROUTE}`);
});

test('a GZWATCH_RSSHUB_URL that is not a URL is refused, naming the variable', async () => {
  const out = await runCli(['sources', 'list'], { GZWATCH_HOME: path.join(home, 'badenv'), GZWATCH_RSSHUB_URL: 'localhost:1200' });
  expect(out.code).toBe(2);
  expect(out.stderr).toContain('GZWATCH_RSSHUB_URL');
});
