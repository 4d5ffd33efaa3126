import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/run-cli';

// Each step is a real `gzwatch` process on its own store, as a user would run it.
jest.setTimeout(120_000);

let home: string;
let env: Record<string, string>;

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-cli-'));
  env = { GZWATCH_HOME: home };
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

test('watchlist import is all or nothing, names the bad entry and field, and export round-trips', async () => {
  const bad = path.join(home, 'bad.csv');
  fs.writeFileSync(bad, 'id,kind,name,aliases,context,exclude,tags,enabled\ncompany-ok,company,好公司,,,,,true\ncompany-bad,startup,坏公司,,,,,true\n');
  const refused = await runCli(['watchlist', 'import', bad], env);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/bad\.csv: .*company-bad.*kind/);
  const listed = JSON.parse((await runCli(['watchlist', 'list', '--json'], env)).stdout) as { id: string }[];
  expect(listed.map((e) => e.id)).not.toContain('company-ok');

  const good = path.join(home, 'good.json');
  fs.writeFileSync(good, JSON.stringify([{ id: 'company-xiaopeng', kind: 'company', name: '小鹏汽车', aliases: ['XPeng'], tags: ['ev'] }]));
  expect((await runCli(['watchlist', 'import', good], env)).stdout).toContain('Imported 1 entities');
  const csv = (await runCli(['watchlist', 'export', '--format', 'csv'], env)).stdout;
  expect(csv).toMatch(/^company-xiaopeng,company,小鹏汽车,XPeng,,,,,,ev,true$/m);
  expect((await runCli(['watchlist', 'export', '--format', 'xml'], env)).stderr).toContain('--format: "xml" is not json or csv');
});

test('match reads lines from standard input and prints one JSON mention per line', async () => {
  const input = '云从科技发布新模型\n今天天气很好\n港科大（广州）的熊辉教授在论坛上发言\n';
  const out = await runCli(['match', '-', '--lines', '--json'], env, input);
  expect(out.code).toBe(0);
  const mentions = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as { entityId: string; line: number; text: string; start: number });
  expect(mentions.map((m) => [m.line, m.entityId, m.text])).toEqual([
    [1, 'company-cloudwalk', '云从科技'],
    [3, 'institution-hkust-gz', '港科大（广州）'],
    [3, 'person-xiong-hui', '熊辉'],
  ]);
  expect(mentions[2]!.start).toBe(input.split('\n')[2]!.indexOf('熊辉'));
});

test('watchlist import takes weak names, case-sensitive acronyms, negative terms and {n} patterns, and refuses a bad one whole', async () => {
  const bad = path.join(home, 'bad-new.json');
  fs.writeFileSync(bad, JSON.stringify([
    { id: 'company-fine', kind: 'company', name: '好公司' },
    { id: 'company-acme', kind: 'company', name: '艾克米科技', weak: ['艾克米'], caseSensitive: ['ACME'] },
  ]));
  const refused = await runCli(['watchlist', 'import', bad], env);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/company-acme.*caseSensitive\[0\].*"ACME" is not one of the name, aliases or weak/);
  const listed = JSON.parse((await runCli(['watchlist', 'list', '--json'], env)).stdout) as { id: string }[];
  expect(listed.map((e) => e.id)).not.toContain('company-fine');

  const good = path.join(home, 'good-new.json');
  fs.writeFileSync(good, JSON.stringify([
    { id: 'company-acme', kind: 'company', name: '艾克米科技', aliases: ['ACME Robotics'], weak: ['艾克米', 'ACME'], caseSensitive: ['ACME'],
      context: ['机器人'], negative: ['卡通'] },
    { id: 'institution-panyu-congress', kind: 'institution', name: '番禺区人大', aliases: ['番禺区第{n}届人民代表大会'] },
  ]));
  expect((await runCli(['watchlist', 'import', good], env)).stdout).toContain('Imported 2 entities');
  const input = '番禺区第十八届人民代表大会开幕。\n艾克米发布新一代机器人。\n卡通片里的艾克米发布了新武器。\nacme corporation\n';
  const out = await runCli(['match', '-', '--lines', '--json'], env, input);
  const mentions = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as { entityId: string; line: number; text: string; reason: string });
  expect(mentions.filter((m) => m.entityId !== 'policy-intelligent-equipment-robotics').map((m) => [m.line, m.entityId, m.text, m.reason])).toEqual([
    [1, 'institution-panyu-congress', '番禺区第十八届人民代表大会', '强名称 (strong alias)'],
    [2, 'company-acme', '艾克米', '上下文「机器人」 (context term 机器人)'],
  ]);
});

test('watchlist add takes --weak, --case-sensitive and --negative, and refuses a case-sensitive name that is not a name', async () => {
  const added = await runCli(['watchlist', 'add', '--id', 'company-beta', '--kind', 'company', '--name', '贝塔科技', '--weak', '贝塔', 'BETA', '--case-sensitive', 'BETA', '--negative', '希腊字母', '--context', '芯片'], env);
  expect(added.code).toBe(0);
  const listed = JSON.parse((await runCli(['watchlist', 'list', '--json'], env)).stdout) as Array<{ id: string }>;
  expect(listed.find((e) => e.id === 'company-beta')).toMatchObject({ weak: ['贝塔', 'BETA'], caseSensitive: ['BETA'], negative: ['希腊字母'] });
  const refused = await runCli(['watchlist', 'add', '--id', 'company-gamma', '--kind', 'company', '--name', '伽马', '--case-sensitive', 'GM'], env);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('caseSensitive[0] "GM" is not one of the name, aliases or weak');
});

test('match --html takes a body fragment without <title>: the first heading is its title, and later sentences are confirmed by earlier ones', async () => {
  const page = path.join(home, 'fragment.html');
  fs.writeFileSync(page, '<div><h2>暗物智能发布推理模型</h2><p>研发团队在广州介绍了新产品。</p><p>苏江表示，模型将用于课堂。</p></div>');
  const out = await runCli(['match', '--html', page, '--json'], env);
  expect(out.code).toBe(0);
  const mentions = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as { entityId: string; field: string; text: string; reason: string });
  expect(mentions.filter((m) => m.field === 'title').map((m) => m.entityId)).toEqual(['company-dmai']);
  expect(mentions.find((m) => m.entityId === 'person-su-jiang')).toMatchObject({ field: 'body', text: '苏江' });
  const table = await runCli(['match', '--html', page], env);
  expect(table.stdout).toContain('强名称');
  for (const line of table.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
});

test('extract prints the article of a saved page as JSON, dates in ISO 8601', async () => {
  const page = path.resolve(__dirname, '../../fixtures/e2e-site/content/1001.html');
  const out = await runCli(['extract', page, '--json'], env);
  expect(out.code).toBe(0);
  const article = JSON.parse(out.stdout) as { title: string; publishedAt: string; body: string };
  expect(article.title).toBe('云从科技在黄埔发布面向制造业的行业大模型');
  expect(article.publishedAt).toBe('2026-11-27T01:30:00.000Z');
  expect(article.body.split('\n')).toHaveLength(2);
  expect(article.body).not.toContain('分享到');
});

test('subscribers follow and unfollow names on the watchlist, and unknown names are refused', async () => {
  expect((await runCli(['subscribers', 'add', 'f@example.com'], env)).code).toBe(0);
  expect((await runCli(['subscribers', 'follow', 'f@example.com', 'policy', 'company-cloudwalk'], env)).stdout).toContain('f@example.com follows policy, company-cloudwalk.');
  const refused = await runCli(['subscribers', 'follow', 'f@example.com', 'no-such-thing'], env);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('NAMES: no-such-thing is not an entity id, kind or tag');
  // Unfollowing the last name leaves nothing followed, and says how to follow everything again.
  const none = await runCli(['subscribers', 'unfollow', 'f@example.com', 'policy', 'company-cloudwalk'], env);
  expect(none.stdout).toContain('f@example.com follows nothing (no alerts; digests only when --send-empty).');
  expect(none.stdout).toContain('gzwatch subscribers set f@example.com --follow-everything');
  expect(JSON.parse((await runCli(['subscribers', 'list', '--json'], env)).stdout)).toContainEqual(expect.objectContaining({ email: 'f@example.com', follows: [], followsAll: false }));
  expect((await runCli(['subscribers', 'set', 'f@example.com', '--follow-everything'], env)).stdout).toContain('follows everything.');
});

test('subscribers set changes hour, language, frequency and send-empty in place, and refuses bad values naming the field', async () => {
  expect((await runCli(['subscribers', 'add', 's@example.com', '--follow', 'policy'], env)).code).toBe(0);
  const set = await runCli(['subscribers', 'set', 's@example.com', '--hour', '18', '--lang', 'en', '--frequency', 'weekly', '--send-empty', 'yes'], env);
  expect(set.code).toBe(0);
  expect(set.stdout).toContain('s@example.com: digest weekly at 18:00 Asia/Shanghai on Mondays, language en, also when empty; follows policy.');
  const stored = (JSON.parse((await runCli(['subscribers', 'list', '--json'], env)).stdout) as { email: string }[]).find((x) => x.email === 's@example.com');
  expect(stored).toMatchObject({ digestHour: 18, lang: 'en', frequency: 'weekly', sendEmpty: true, follows: ['policy'] });
  for (const [args, field] of [
    [['--hour', '25'], '--hour'],
    [['--lang', 'fr'], '--lang'],
    [['--frequency', 'monthly'], '--frequency'],
    [['--send-empty', 'maybe'], '--send-empty'],
  ] as const) {
    const bad = await runCli(['subscribers', 'set', 's@example.com', ...args], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${field}:`);
  }
  const missing = await runCli(['subscribers', 'set', 'nobody@example.com', '--hour', '7'], env);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('EMAIL: nobody@example.com is not subscribed');
  // Nothing half-written: the refused changes left the settings as they were.
  expect((JSON.parse((await runCli(['subscribers', 'list', '--json'], env)).stdout) as { email: string }[]).find((x) => x.email === 's@example.com')).toMatchObject({ digestHour: 18, lang: 'en' });
});

test('sources list shows every built-in source with its health as JSON', async () => {
  const out = await runCli(['sources', 'list', '--json'], env);
  const sources = JSON.parse(out.stdout) as { id: string; kind: string; health: unknown }[];
  expect(sources.length).toBeGreaterThanOrEqual(14);
  expect(sources.find((s) => s.id === 'gz-gov-gkmlpt')).toMatchObject({ kind: 'policy', health: null });
});
