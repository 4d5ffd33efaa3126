import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/run-cli';
import { startStaticSite, type StaticSite } from '../helpers/static-site';

// `gzwatch sources try` against a local district site: a list among navigation, a pager and a footer.
jest.setTimeout(120_000);

let home: string;
let site: StaticSite;
const TITLES = ['区人工智能产业园新一批企业入驻', '关于申报算力补贴项目的通知', '智能网联汽车示范区扩容方案解读', '区政府与高校共建机器人实验室'];

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-try-'));
  const root = path.join(home, 'site');
  fs.mkdirSync(path.join(root, 'tzgg', 'content'), { recursive: true });
  const nav = '<div class="nav"><a href="/">首页</a><a href="/tzgg/">通知公告栏目首页</a><a href="/zwgk/">政务公开信息专栏</a></div>';
  const rows = TITLES.map((t, i) => `<li><a href="content/post_${1000 + i}.html" title="${t}">${t}</a><span class="date">2026-11-2${i}</span></li>`).join('');
  fs.writeFileSync(
    path.join(root, 'tzgg', 'index.html'),
    `<!doctype html><html><head><meta charset="utf-8"><title>通知公告 - 示例区人民政府</title></head><body>${nav}<div class="main"><ul class="list">${rows}</ul><div class="pager"><a href="index_2.html">下一页</a></div></div><div class="footer"><a href="/about/">关于我们网站地图说明</a></div></body></html>`,
  );
  TITLES.forEach((t, i) =>
    fs.writeFileSync(
      path.join(root, 'tzgg', 'content', `post_${1000 + i}.html`),
      `<!doctype html><html><head><meta charset="utf-8"><title>${t}_示例区人民政府</title></head><body>${nav}<div class="article"><h1 class="art-title">${t}</h1><div class="info">发布时间：2026-11-2${i} 09:30</div><div id="zoom"><p>第${i + 1}篇：本区持续推动人工智能与实体经济深度融合，今年已有多家企业落户。</p><p>相关部门表示，将继续完善算力、数据和人才等方面的配套政策。</p></div></div><div class="footer">版权所有</div></body></html>`,
    ),
  );
  fs.writeFileSync(path.join(root, 'empty.html'), `<!doctype html><html><head><meta charset="utf-8"><title>空页面</title></head><body>${nav}<p>暂无内容</p></body></html>`);
  site = await startStaticSite(root);
});
afterAll(async () => {
  await site.close();
  fs.rmSync(home, { recursive: true, force: true });
});

test('try prints three samples and the definition; --save stores it; sources list shows it', async () => {
  const env = { GZWATCH_HOME: path.join(home, 'store') };
  const url = `${site.origin}/tzgg/index.html`;
  const tried = await runCli(['sources', 'try', url, '--allow-private-network', '--id', 'demo-district-tzgg', '--kind', 'policy'], env);
  expect(tried.code).toBe(0);
  const samples = tried.stdout.split('\n').filter((l) => l.startsWith('• '));
  expect(samples).toEqual(TITLES.slice(0, 3).map((t) => `• ${t}`));
  expect(tried.stdout).toContain('2026-11-20 09:30');
  expect(tried.stdout).toContain('第1篇：本区持续推动人工智能');
  const json = JSON.parse(tried.stdout.slice(tried.stdout.indexOf('{'))) as { sources: { list: { item: string }; match: string; article: Record<string, string> }[] };
  expect(json.sources[0]!.list.item).toBe('ul.list > li');
  expect(json.sources[0]!.match).toBe(`^https?://127\\.0\\.0\\.1:${new URL(site.origin).port}/tzgg/content/post_\\d+\\.html$`);
  expect(json.sources[0]!.article).toEqual({ title: 'h1.art-title', date: 'div.info', body: 'div#zoom' });
  // Nothing stored without --save.
  const before = JSON.parse((await runCli(['sources', 'list', '--json'], env)).stdout) as { id: string }[];
  expect(before.map((s) => s.id)).not.toContain('demo-district-tzgg');

  const saved = await runCli(['sources', 'try', url, '--allow-private-network', '--id', 'demo-district-tzgg', '--kind', 'policy', '--save', '--json'], env);
  expect(saved.code).toBe(0);
  expect(saved.stderr).toContain('Saved demo-district-tzgg');
  const listed = await runCli(['sources', 'list'], env);
  expect(listed.stdout).toMatch(/demo-district-tzgg\s*│\s*policy/);

  const again = await runCli(['sources', 'try', url, '--allow-private-network', '--id', 'demo-district-tzgg', '--save'], env);
  expect(again.code).toBe(2);
  expect(again.stderr).toContain('"demo-district-tzgg" already stored');
});

test('a bad --id or --kind exits 2 naming the field; a page without a list exits 1 with the reason', async () => {
  const env = { GZWATCH_HOME: path.join(home, 'other') };
  const badId = await runCli(['sources', 'try', `${site.origin}/tzgg/index.html`, '--allow-private-network', '--id', 'Bad Id'], env);
  expect(badId.code).toBe(2);
  expect(badId.stderr).toContain('sources[0].id must be lowercase');
  const badKind = await runCli(['sources', 'try', `${site.origin}/tzgg/index.html`, '--allow-private-network', '--kind', 'blog'], env);
  expect(badKind.code).toBe(2);
  expect(badKind.stderr).toContain('sources[0].kind must be "news" or "policy"');
  const empty = await runCli(['sources', 'try', `${site.origin}/empty.html`, '--allow-private-network'], env);
  expect(empty.code).toBe(1);
  expect(empty.stderr.trim().split('\n')).toHaveLength(1);
  expect(empty.stderr).toContain('no list found');
});
