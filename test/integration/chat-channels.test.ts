import { createChatSender } from '../../lambdas/adapters/chat/chat-sender';
import { channelRecipient, type Channel, type ChannelItem, type ChannelMessage } from '../../lambdas/core/channels/channel';
import { deliverToChannels, type ChannelDeliveryDeps } from '../../lambdas/core/use-cases/deliver-to-channels';
import { startChatPlatforms, type ChatPlatforms } from '../helpers/chat-platforms';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';

// One clock for gzwatch and the stand-in platforms: 2026-12-01 10:00 in Guangzhou.
let clock = Date.parse('2026-12-01T02:00:00.000Z');
let t: TestStore;
let platforms: ChatPlatforms;
let deps: ChannelDeliveryDeps;
const logged: string[] = [];

beforeAll(async () => {
  t = await startTestStore();
  platforms = await startChatPlatforms(() => clock);
  deps = {
    store: t.store,
    sender: createChatSender({ now: () => new Date(clock) }),
    now: () => new Date(clock),
    sleep: async (ms) => void (clock += ms),
    log: (line) => logged.push(line),
  };
});

afterAll(async () => {
  await platforms.close();
  await t.close();
});

async function addChannel(channel: Partial<Channel> & Pick<Channel, 'id' | 'type' | 'url'>): Promise<Channel> {
  const full: Channel = { follows: [], allowPrivateNetwork: true, createdAt: new Date(clock).toISOString(), ...channel };
  expect(await t.store.channels.add(full)).toBe(true);
  return full;
}

const policy = { id: 'policy-compute', kind: 'policy', tags: ['算力'] };
const company = { id: 'company-cloudwalk', kind: 'company', tags: ['ai'] };

function item(n: number, summary = `第${n}条：广州市发布支持人工智能产业发展的措施。`, about = [policy]): ChannelItem {
  return { title: `广州市人工智能政策第${n}号`, url: `https://gz.example.cn/policy/${n}.html`, summary, about };
}

function batch(key: string, items: ChannelItem[], only?: string) {
  const message: ChannelMessage = { title: '政策提醒', markdown: `本轮发现 **${items.length}** 条与你关注的对象有关的更新。`, text: `本轮发现 ${items.length} 条与你关注的对象有关的更新。`, items };
  return { key, kind: 'alerts' as const, message, only };
}

const forRobot = (robot: string) => platforms.received.filter((r) => r.robot === robot);

test('each platform accepts the signed, well-formed message; a second run with the same batch posts nothing', async () => {
  await addChannel({ id: 'sign-wecom', type: 'wecom', url: platforms.robot('wecom', 'wk-sign') });
  await addChannel({ id: 'sign-ding', type: 'dingtalk', url: platforms.robot('dingtalk', 'dt-sign', 'SECding-secret-1'), secret: 'SECding-secret-1' });
  await addChannel({ id: 'sign-feishu', type: 'feishu', url: platforms.robot('feishu', 'fs-sign', 'feishu-secret-1'), secret: 'feishu-secret-1' });
  await addChannel({ id: 'sign-slack', type: 'slack', url: platforms.robot('slack', 'T01/B01/slacksecret') });
  await addChannel({ id: 'sign-hook', type: 'webhook', url: platforms.robot('webhook', 'hk-sign', 'hook-secret'), secret: 'hook-secret' });
  const ids = ['sign-wecom', 'sign-ding', 'sign-feishu', 'sign-slack', 'sign-hook'];
  const robots = ['wk-sign', 'dt-sign', 'fs-sign', 'T01/B01/slacksecret', 'hk-sign'];
  for (const id of ids) {
    const [result] = await deliverToChannels(deps, batch('ALERTS#run-1', [item(1), item(2)], id));
    expect(result).toMatchObject({ channelId: id, parts: 1, sent: 1, pending: 0, failed: 0 });
  }
  expect(robots.map((r) => forRobot(r).length)).toEqual([1, 1, 1, 1, 1]);
  expect((forRobot('wk-sign')[0]!.body.markdown as { content: string }).content).toContain('[广州市人工智能政策第1号](https://gz.example.cn/policy/1.html)');
  expect((forRobot('dt-sign')[0]!.body.markdown as { title: string }).title).toBe('政策提醒');
  expect(forRobot('dt-sign')[0]!.query).toMatchObject({ timestamp: String(clock) });
  expect((forRobot('fs-sign')[0]!.body.card as { header: { title: { content: string } } }).header.title.content).toBe('政策提醒');
  expect(JSON.stringify(forRobot('T01/B01/slacksecret')[0]!.body.blocks)).toContain('<https://gz.example.cn/policy/2.html|广州市人工智能政策第2号>');
  expect(forRobot('hk-sign')[0]!.body).toMatchObject({ title: '政策提醒', part: { index: 1, count: 1 }, items: [{ title: '广州市人工智能政策第1号' }, { title: '广州市人工智能政策第2号' }] });
  for (const id of ids) expect((await t.store.channels.get(id))!.last).toMatchObject({ status: 'SENT' });

  // The same batch again (a rerun of the same collection): every part is already SENT.
  clock += 120_000;
  const again = await deliverToChannels(deps, batch('ALERTS#run-1', [item(1), item(2)]));
  expect(again.filter((r) => ids.includes(r.channelId)).map((r) => r.sent)).toEqual([0, 0, 0, 0, 0]);
  expect(robots.map((r) => forRobot(r).length)).toEqual([1, 1, 1, 1, 1]);
});

test('a wrong secret is refused by the platform: the part is FAILED with the platform’s reason, and the channel shows it', async () => {
  await addChannel({ id: 'bad-ding', type: 'dingtalk', url: platforms.robot('dingtalk', 'dt-bad', 'SECright'), secret: 'SECwrong' });
  await addChannel({ id: 'bad-feishu', type: 'feishu', url: platforms.robot('feishu', 'fs-bad', 'right'), secret: 'wrong' });
  const [ding] = await deliverToChannels(deps, batch('ALERTS#run-2', [item(3)], 'bad-ding'));
  const [feishu] = await deliverToChannels(deps, batch('ALERTS#run-2', [item(3)], 'bad-feishu'));
  expect(ding).toMatchObject({ sent: 0, failed: 1, pending: 0 });
  expect(feishu).toMatchObject({ sent: 0, failed: 1, pending: 0 });
  expect(forRobot('dt-bad')).toHaveLength(0);
  const record = await t.store.outbox.get(channelRecipient('bad-ding'), 'ALERTS#run-2#001');
  expect(record).toMatchObject({ status: 'FAILED' });
  expect(record!.lastError).toContain('310000');
  expect((await t.store.channels.get('bad-ding'))!.last).toMatchObject({ status: 'FAILED', error: expect.stringContaining('310000') });
  expect((await t.store.channels.get('bad-feishu'))!.last).toMatchObject({ status: 'FAILED', error: expect.stringContaining('19021') });
  // FAILED is final: the next run does not post it again.
  clock += 120_000;
  await deliverToChannels(deps, batch('ALERTS#none', [], 'bad-ding'));
  expect(platforms.refusals.filter(([robot]) => robot === 'dt-bad')).toHaveLength(1);
});

test('a robot at its limit answers its rate-limit code: the part stays PENDING and goes out on the next run', async () => {
  await addChannel({ id: 'busy-ding', type: 'dingtalk', url: platforms.robot('dingtalk', 'dt-busy', 'SECbusy'), secret: 'SECbusy' });
  // Another system posted 20 messages to the same robot within the last minute.
  platforms.prefill('dt-busy', 20, clock - 10_000);
  const [first] = await deliverToChannels(deps, batch('ALERTS#run-3', [item(4)], 'busy-ding'));
  expect(first).toMatchObject({ sent: 0, pending: 1, failed: 0 });
  expect(platforms.refusals.filter(([robot]) => robot === 'dt-busy').map(([, a]) => JSON.parse(a).errcode)).toEqual([130101]);
  expect(await t.store.outbox.get(channelRecipient('busy-ding'), 'ALERTS#run-3#001')).toMatchObject({ status: 'PENDING', lastError: expect.stringContaining('130101') });
  expect((await t.store.channels.get('busy-ding'))!.last).toMatchObject({ status: 'PENDING', error: expect.stringContaining('rate limited') });

  clock += 61_000;
  // The next run has nothing new for this channel; it still posts what was held back.
  const [second] = await deliverToChannels(deps, batch('ALERTS#run-4', [], 'busy-ding'));
  expect(second).toMatchObject({ sent: 1, pending: 0 });
  expect(forRobot('dt-busy')).toHaveLength(1);
  expect((forRobot('dt-busy')[0]!.body.markdown as { text: string }).text).toContain('政策第4号');
  expect(await t.store.outbox.get(channelRecipient('busy-ding'), 'ALERTS#run-3#001')).toMatchObject({ status: 'SENT' });
});

test.each([
  ['wecom', 'wk-busy', 20, '45009'],
  ['feishu', 'fs-busy', 100, '11232'],
  ['slack', 'T03/B03/busyslack', 2, '429'],
] as const)('%s: the platform’s rate-limit answer leaves the part PENDING until the next run', async (type, robot, prefill, code) => {
  const id = `busy-${type}`;
  await addChannel({ id, type, url: platforms.robot(type, robot, type === 'feishu' ? 'busy-secret' : undefined), ...(type === 'feishu' ? { secret: 'busy-secret' } : {}) });
  platforms.prefill(robot, prefill, clock - 500);
  const [first] = await deliverToChannels(deps, batch(`ALERTS#busy-${type}`, [item(5)], id));
  expect(first).toMatchObject({ sent: 0, pending: 1, failed: 0, error: expect.stringContaining(code) });
  expect(forRobot(robot)).toHaveLength(0);
  clock += 61_000;
  const [second] = await deliverToChannels(deps, batch('ALERTS#none', [], id));
  expect(second).toMatchObject({ sent: 1, pending: 0 });
  expect(JSON.stringify(forRobot(robot)[0]!.body)).toContain('政策第5号');
});

test('a long batch is split into parts within 4096 bytes, posted in order; past 20 a minute the rest waits for the next run', async () => {
  await addChannel({ id: 'long-wecom', type: 'wecom', url: platforms.robot('wecom', 'wk-long') });
  const summary = '广州市人工智能产业链高质量发展的若干措施提出，支持企业建设算力中心、开放应用场景、培育大模型。'.repeat(12);
  const items = Array.from({ length: 60 }, (_, i) => item(i + 1, summary));
  const [first] = await deliverToChannels(deps, batch('ALERTS#run-5', items, 'long-wecom'));
  expect(first!.parts).toBeGreaterThan(20);
  expect(first).toMatchObject({ sent: 20, pending: first!.parts - 20, failed: 0 });
  expect(first!.error).toContain('20 messages posted in the last minute');
  // gzwatch held back itself: the robot never had to refuse anything.
  expect(platforms.refusals.filter(([robot]) => robot === 'wk-long')).toEqual([]);

  clock += 61_000;
  const [second] = await deliverToChannels(deps, batch('ALERTS#run-6', [], 'long-wecom'));
  expect(second).toMatchObject({ sent: first!.parts - 20, pending: 0 });
  const contents = forRobot('wk-long').map((r) => (r.body.markdown as { content: string }).content);
  expect(contents).toHaveLength(first!.parts);
  for (const c of contents) expect(Buffer.byteLength(c)).toBeLessThanOrEqual(4096);
  expect(contents.map((c) => /（(\d+)\/(\d+)）/.exec(c)!.slice(1).map(Number))).toEqual(contents.map((_, i) => [i + 1, first!.parts]));
  const numbers = contents.flatMap((c) => [...c.matchAll(/政策第(\d+)号\]/g)].map((m) => Number(m[1])));
  expect(numbers).toEqual(items.map((_, i) => i + 1));
});

test('Feishu parts stay under 20 KB and 5 a second; Slack parts under 50 blocks, one a second', async () => {
  await addChannel({ id: 'long-feishu', type: 'feishu', url: platforms.robot('feishu', 'fs-long', 'fs-secret'), secret: 'fs-secret' });
  await addChannel({ id: 'long-slack', type: 'slack', url: platforms.robot('slack', 'T02/B02/longslack') });
  const items = Array.from({ length: 150 }, (_, i) => item(i + 1, '支持企业建设算力中心，开放应用场景。'.repeat(12)));
  const [feishu] = await deliverToChannels(deps, batch('ALERTS#run-7', items, 'long-feishu'));
  const [slack] = await deliverToChannels(deps, batch('ALERTS#run-7', items, 'long-slack'));
  expect(feishu!.parts).toBeGreaterThan(5);
  for (const r of forRobot('fs-long')) expect(Buffer.byteLength(JSON.stringify(r.body))).toBeLessThanOrEqual(20 * 1024);
  expect(feishu).toMatchObject({ sent: feishu!.parts, pending: 0, failed: 0 });
  expect(slack!.parts).toBeGreaterThan(2);
  expect(slack).toMatchObject({ sent: slack!.parts, pending: 0, failed: 0 });
  expect(platforms.refusals.filter(([robot]) => robot === 'fs-long' || robot === 'T02/B02/longslack')).toEqual([]);
  const slackNumbers = forRobot('T02/B02/longslack').flatMap((r) => [...JSON.stringify(r.body).matchAll(/政策第(\d+)号>/g)].map((m) => Number(m[1])));
  expect(slackNumbers).toEqual(items.map((_, i) => i + 1));
});

test('a channel gets only the items about what it follows, and nothing when none are', async () => {
  await addChannel({ id: 'follow-people', type: 'webhook', url: platforms.robot('webhook', 'hk-people'), follows: ['person'] });
  await addChannel({ id: 'follow-ai', type: 'webhook', url: platforms.robot('webhook', 'hk-ai'), follows: ['ai'] });
  const items = [item(1), { ...item(2), about: [company] }];
  const results = await deliverToChannels(deps, batch('ALERTS#run-8', items));
  expect(results.find((r) => r.channelId === 'follow-people')).toMatchObject({ parts: 0, sent: 0 });
  expect(forRobot('hk-people')).toHaveLength(0);
  expect((forRobot('hk-ai')[0]!.body.items as { title: string }[]).map((i) => i.title)).toEqual(['广州市人工智能政策第2号']);
});

test('the digest summary goes only to channels with a digest hour, once that hour has come, once a day', async () => {
  await addChannel({ id: 'digest-eight', type: 'webhook', url: platforms.robot('webhook', 'hk-d8'), digestHour: 8 });
  await addChannel({ id: 'digest-late', type: 'webhook', url: platforms.robot('webhook', 'hk-d23'), digestHour: 23 });
  const message: ChannelMessage = { title: '每日摘要 12月1日', markdown: '今日 3 条新闻提及你关注的公司。', text: '今日 3 条新闻提及你关注的公司。', url: 'https://gzwatch.example.org/digest/2026-12-01', items: [] };
  const digest = { key: 'DIGEST#2026-12-01', kind: 'digest' as const, message, digestDate: '2026-12-01' };
  await deliverToChannels(deps, digest);
  await deliverToChannels(deps, digest);
  expect(forRobot('hk-d8').map((r) => r.body.title)).toEqual(['每日摘要 12月1日']);
  expect(forRobot('hk-d8')[0]!.body.url).toBe('https://gzwatch.example.org/digest/2026-12-01');
  expect(forRobot('hk-d23')).toHaveLength(0);
  // Channels without a digest hour never get it.
  expect(platforms.received.filter((r) => r.body.title === '每日摘要 12月1日').map((r) => r.robot)).toEqual(['hk-d8']);
});

test('a URL on a private address is refused at send time unless the channel allows it', async () => {
  await addChannel({ id: 'private-hook', type: 'webhook', url: platforms.robot('webhook', 'hk-private'), allowPrivateNetwork: false });
  const [result] = await deliverToChannels(deps, batch('ALERTS#run-9', [item(9)], 'private-hook'));
  expect(result).toMatchObject({ failed: 1, error: expect.stringContaining('127.0.0.1 is a loopback address') });
  expect(forRobot('hk-private')).toHaveLength(0);
  // The reason is shown by `channels list`: the robot's token is masked in it.
  expect((await t.store.channels.get('private-hook'))!.last!.error).toContain('/hooks/hk-p***');
  expect((await t.store.channels.get('private-hook'))!.last!.error).not.toContain('hk-private');
});

test('two runs delivering the same batch at once post each part exactly once, in order', async () => {
  await addChannel({ id: 'race-wecom', type: 'wecom', url: platforms.robot('wecom', 'wk-race') });
  const summary = '南沙区发布人工智能产业扶持办法，鼓励企业落地大模型应用。'.repeat(10);
  const items = Array.from({ length: 12 }, (_, i) => item(i + 1, summary));
  const [a, b] = await Promise.all([deliverToChannels(deps, batch('ALERTS#run-10', items, 'race-wecom')), deliverToChannels(deps, batch('ALERTS#run-10', items, 'race-wecom'))]);
  const parts = Math.max(a![0]!.parts, b![0]!.parts);
  expect(parts).toBeGreaterThan(2);
  // Whatever one run left to the other, a third run finishes it; nothing is posted twice.
  await deliverToChannels(deps, batch('ALERTS#none', [], 'race-wecom'));
  const labels = forRobot('wk-race').map((r) => /（(\d+)\/\d+）/.exec((r.body.markdown as { content: string }).content)![1]);
  expect(labels).toEqual(Array.from({ length: parts }, (_, i) => String(i + 1)));
});
