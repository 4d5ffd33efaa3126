import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/run-cli';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { E2E_SITE_DAY, startStaticSite, type StaticSite } from '../helpers/static-site';

// Each step is a real `gzwatch` process (tsx start-up, dynalite on disk), so steps take about a second each.
jest.setTimeout(120_000);

const SITE_ROOT = path.resolve(__dirname, '../../fixtures/e2e-site');

let site: StaticSite;
let smtp: SmtpSink;
let home: string;
let sourcesFile: string;
let env: Record<string, string>;

beforeAll(async () => {
  site = await startStaticSite(SITE_ROOT, { writtenOn: E2E_SITE_DAY });
  smtp = await startSmtpSink();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-e2e-'));
  sourcesFile = path.join(home, 'sources.json');
  fs.writeFileSync(
    sourcesFile,
    JSON.stringify({
      sources: [
        { id: 'kechuang-news', name: '科创广州·要闻', kind: 'news', type: 'html', url: `${site.origin}/news/`, list: { item: 'ul.news-list li', link: 'a', date: 'span.date' } },
        { id: 'kechuang-policy', name: '科创广州·政策快讯', kind: 'policy', type: 'rss', url: `${site.origin}/feed.xml` },
      ],
    }),
  );
  env = { GZWATCH_HOME: home, SMTP_URL: smtp.url, GZWATCH_FROM: 'gzwatch <gzwatch@example.com>', GZWATCH_DIGEST_TO: 'reader@example.com' };
});

afterAll(async () => {
  await site.close();
  await smtp.close();
  fs.rmSync(home, { recursive: true, force: true });
});

test('local sites → run → digest: the mail names the right articles, and a second digest sends nothing', async () => {
  const run = await runCli(['run', '--sources', sourcesFile, '--allow-private-network'], env);
  expect(run.stderr).toContain('Seeded the default watchlist');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/kechuang-news\s*│\s*ok\s*│\s*3\s*│\s*3/);
  expect(run.stdout).toMatch(/kechuang-policy\s*│\s*ok\s*│\s*1\s*│\s*1/);
  expect(run.stdout).toContain('2 of 2 sources read; 4 new articles');

  const digest = await runCli(['digest'], env);
  expect(digest.code).toBe(0);
  expect(smtp.received).toHaveLength(1);
  const mail = smtp.received[0]!;
  expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('reader@example.com');
  expect(mail.subject).toMatch(/^gzwatch 日报 \d{4}-\d{2}-\d{2}：3 条新动态/);
  const html = mail.html as string;
  expect(html).toContain(`href="${site.origin}/content/1001.html"`);
  expect(html).toContain('云从科技在黄埔发布面向制造业的行业大模型');
  expect(html).toContain('港科大（广州）举办人工智能产学研对接会');
  expect(html).toContain('市工信局征集算力券申报项目');
  // Policy updates come first; the story with no watchlist mention is left out.
  expect(html.indexOf('市工信局征集算力券申报项目')).toBeLessThan(html.indexOf('云从科技在黄埔'));
  expect(html).not.toContain('珠江夜游');

  const again = await runCli(['digest'], env);
  expect(again.code).toBe(0);
  expect(again.stdout).toContain('already-sent');
  expect(smtp.received).toHaveLength(1);

  // A second pass finds nothing new and never refetches a known news article; the known policy
  // document is re-checked (conditionally) so that a revision would be noticed.
  const newsPages = () => site.requests.filter((p) => /^\/content\/100\d\.html$/.test(p)).length;
  const policyPage = () => site.requests.filter((p) => p === '/content/2001.html').length;
  const [newsBefore, policyBefore] = [newsPages(), policyPage()];
  const rerun = await runCli(['run', '--sources', sourcesFile, '--allow-private-network'], env);
  expect(rerun.stdout).toContain('2 of 2 sources read; 0 new articles');
  expect(newsPages()).toBe(newsBefore);
  expect(policyPage()).toBe(policyBefore + 1);
});

test('a local site is refused without --allow-private-network, and the pass still ends with its table', async () => {
  const run = await runCli(['run', '--sources', sourcesFile], { ...env, GZWATCH_HOME: path.join(home, 'policy') });
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/kechuang-news\s*│\s*FAILED: blocked/);
  expect(run.stdout).toContain('0 of 2 sources read');
});

test('a bad sources file exits 2 with a message naming the field, and stores nothing', async () => {
  const bad = path.join(home, 'bad-sources.json');
  fs.writeFileSync(bad, JSON.stringify({ sources: [{ id: 'x', name: 'X', kind: 'blog', type: 'html', url: 'http://127.0.0.1/' }] }));
  const run = await runCli(['run', '--sources', bad], env);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/bad-sources\.json: sources\[0\]\.kind/);
});

test('bad dates and addresses exit 2 naming the option', async () => {
  const date = await runCli(['digest', '--date', '2026-13-01'], env);
  expect(date.code).toBe(2);
  expect(date.stderr).toContain('--date: "2026-13-01" is not a calendar date');
  const email = await runCli(['subscribers', 'add', 'not-an-address'], env);
  expect(email.code).toBe(2);
  expect(email.stderr).toContain('EMAIL: "not-an-address" is not an email address');
});

test('subscribers can be added, listed as JSON and removed', async () => {
  const h = { ...env, GZWATCH_HOME: path.join(home, 'subs') };
  expect((await runCli(['subscribers', 'add', 'a@example.com', '--follow', 'policy'], h)).code).toBe(0);
  const list = await runCli(['subscribers', 'list', '--json'], h);
  expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ email: 'a@example.com', follows: ['policy'], status: 'active' })]);
  expect((await runCli(['subscribers', 'remove', 'a@example.com'], h)).stdout).toContain('Removed a@example.com.');
  expect(JSON.parse((await runCli(['subscribers', 'list', '--json'], h)).stdout)).toEqual([]);
});

test('unreachable sources fail fast with a one-line reason, and the local digest still says why it is empty', async () => {
  const offline = path.join(home, 'offline-sources.json');
  // .invalid never resolves (RFC 2606), like every live site on a machine without internet.
  fs.writeFileSync(
    offline,
    JSON.stringify({
      sources: [
        { id: 'offline-news', name: '离线新闻', kind: 'news', type: 'html', url: 'https://news.gzwatch-test.invalid/' },
        { id: 'offline-feed', name: '离线快讯', kind: 'policy', type: 'rss', url: 'https://feed.gzwatch-test.invalid/feed.xml' },
      ],
    }),
  );
  const local = { GZWATCH_HOME: path.join(home, 'offline') };
  const run = await runCli(['run', '--sources', offline], local);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/offline-news\s*│\s*FAILED: network/);
  expect(run.stdout).toMatch(/offline-feed: .*cannot reach host feed\.gzwatch-test\.invalid/);
  expect(run.stdout).toContain('0 of 2 sources read');
  expect(run.stdout).toContain('this machine looks offline');

  const digest = await runCli(['digest'], local);
  expect(digest.code).toBe(0);
  const preview = /Digest preview for you@gzwatch\.invalid: (\S+\.html)/.exec(digest.stdout)?.[1];
  expect(preview).toBeDefined();
  const html = fs.readFileSync(preview!, 'utf8');
  expect(html).toContain('异常来源（2）');
  expect(html).toContain('离线新闻');
  expect(fs.existsSync(preview!.replace(/\.html$/, '.eml'))).toBe(true);
});

test('the demo runs offline against the fixture sites and its digest names at least five watchlist entities', async () => {
  const demo = await runCli(['demo'], { GZWATCH_HOME: path.join(home, 'demo-home') });
  expect(demo.code).toBe(0);
  expect(demo.stdout).toMatch(/(\d+) of \1 sources read/);
  const preview = /Open the demo digest in a browser: (\S+\.html)/.exec(demo.stdout)?.[1];
  expect(preview).toBeDefined();
  const html = fs.readFileSync(preview!, 'utf8');
  // A chip reads "name · kind" (a followed one "★ name · kind · 关注").
  const chips = new Set([...html.matchAll(/<span style="display:inline-block;background:#(?:eef2ff|1e3a8a)[^"]*">(?:★ )?([^<]+?) · [^<]+<\/span>/g)].map((m) => m[1]));
  const seed = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../lambdas/data/watchlist-seed.json'), 'utf8')) as { entities: { name: string }[] };
  const named = seed.entities.map((e) => e.name).filter((name) => chips.has(name.replace(/&/g, '&amp;')));
  expect(named.length).toBeGreaterThanOrEqual(5);
  expect(html).toMatch(/政策文件（\d+）/);
  // Documents published long before the demo's day are counted, not listed.
  expect(html).toMatch(/另发现 \d+ 份较早发布的文件/);
});

test('sources list shows the health of sources from a sources file beside the built-in ones', async () => {
  const out = await runCli(['sources', '--json'], env);
  const rows = JSON.parse(out.stdout) as { id: string; kind: string; health: { consecutiveFailures: number; lastSuccessAt?: string } | null }[];
  expect(rows.find((r) => r.id === 'kechuang-news')).toMatchObject({ kind: 'sources file', health: { consecutiveFailures: 0 } });
  expect(rows.find((r) => r.id === 'dayoo-guangzhou')).toMatchObject({ kind: 'news', health: null });
});
