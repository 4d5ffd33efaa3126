import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, type CliResult } from '../helpers/run-cli';
import { startChatPlatforms, type ChatPlatforms } from '../helpers/chat-platforms';

// Each step is a real `gzwatch` process on one store, posting to stand-in robots in this process.
jest.setTimeout(120_000);

let home: string;
let env: Record<string, string>;
let platforms: ChatPlatforms;
const SECRET = 'SECc1f0a9e4b2d877f63e5a01d9bb24c6e1';
const outputs: CliResult[] = [];

async function gz(...args: string[]): Promise<CliResult> {
  const result = await runCli(['channels', ...args], env);
  outputs.push(result);
  return result;
}

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-channels-'));
  env = { GZWATCH_HOME: home };
  platforms = await startChatPlatforms();
});
afterAll(async () => {
  await platforms.close();
  fs.rmSync(home, { recursive: true, force: true });
});

test('bad input exits 2 naming the field, and nothing is stored', async () => {
  const url = platforms.robot('dingtalk', 'cli-refused', SECRET);
  const badType = await gz('add', 'ops', '--type', 'teams', '--url', url);
  expect(badType.code).toBe(2);
  expect(badType.stderr).toContain('--type: "teams" is not one of wecom, dingtalk, feishu, slack, webhook');
  const badUrl = await gz('add', 'ops', '--type', 'dingtalk', '--url', 'oapi.dingtalk.com/robot/send');
  expect(badUrl.code).toBe(2);
  expect(badUrl.stderr).toContain('--url: "oapi.dingtalk.com/robot/send" is not an absolute URL');
  const privateUrl = await gz('add', 'ops', '--type', 'dingtalk', '--url', url, '--secret', SECRET);
  expect(privateUrl.code).toBe(2);
  expect(privateUrl.stderr).toContain('--url: 127.0.0.1 is a loopback address; pass --allow-private-network to allow it');
  const noToken = await gz('add', 'ops', '--type', 'wecom', '--url', `${platforms.origin}/cgi-bin/webhook/send`, '--allow-private-network');
  expect(noToken.code).toBe(2);
  expect(noToken.stderr).toContain('--url: a wecom robot URL carries its key=… query parameter');
  const badHour = await gz('add', 'ops', '--type', 'dingtalk', '--url', url, '--allow-private-network', '--digest-hour', '24');
  expect(badHour.code).toBe(2);
  expect(badHour.stderr).toContain('--digest-hour: "24" is not an hour of the day');
  const badFollow = await gz('add', 'ops', '--type', 'dingtalk', '--url', url, '--allow-private-network', '--follow', 'no-such-name');
  expect(badFollow.code).toBe(2);
  expect(badFollow.stderr).toContain('--follow: no-such-name is not an entity id, kind or tag');
  const badId = await gz('add', 'Ops Room', '--type', 'dingtalk', '--url', url, '--allow-private-network');
  expect(badId.code).toBe(2);
  expect(badId.stderr).toContain('ID: "Ops Room" must be lower-case letters');
  expect(JSON.parse((await gz('list', '--json')).stdout)).toEqual([]);
});

test('add, list, test, remove: the test message arrives signed, a wrong secret shows FAILED, secrets are never printed', async () => {
  const url = platforms.robot('dingtalk', 'cli-ding', SECRET);
  const added = await gz('add', 'ops-ding', '--type', 'dingtalk', '--url', url, '--secret', SECRET, '--follow', 'policy', 'company-cloudwalk', '--digest-hour', '9', '--allow-private-network');
  expect(added.code).toBe(0);
  expect(added.stdout).toContain('Added channel ops-ding (dingtalk, follows policy, company-cloudwalk, digest at 9:00)');
  expect((await gz('add', 'ops-ding', '--type', 'webhook', '--url', url, '--allow-private-network')).stderr).toContain('ID: "ops-ding" already exists');

  const tested = await gz('test', 'ops-ding');
  expect(tested.code).toBe(0);
  expect(tested.stdout).toContain('Sent a test message to ops-ding.');
  expect(platforms.received.filter((r) => r.robot === 'cli-ding')).toHaveLength(1);
  expect((platforms.received[0]!.body.markdown as { text: string }).text).toContain('这是 gzwatch 的测试消息');

  const feishuUrl = platforms.robot('feishu', 'cli-feishu', 'the-right-secret');
  expect((await gz('add', 'ops-feishu', '--type', 'feishu', '--url', feishuUrl, '--secret', 'a-wrong-secret', '--allow-private-network')).code).toBe(0);
  const refused = await gz('test', 'ops-feishu');
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('ops-feishu: FAILED: Feishu\'s signature check failed');
  expect(refused.stderr).toContain('19021');

  const listed = JSON.parse((await gz('list', '--json')).stdout) as Record<string, unknown>[];
  expect(listed.map((c) => c.id)).toEqual(['ops-ding', 'ops-feishu']);
  expect(listed[0]).toEqual({
    id: 'ops-ding',
    type: 'dingtalk',
    url: `${platforms.origin}/robot/send?access_token=cli-***`,
    follows: ['policy', 'company-cloudwalk'],
    digestHour: 9,
    allowPrivateNetwork: true,
    hasSecret: true,
    status: 'SENT',
    lastError: null,
    lastAttemptAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
  });
  expect(listed[1]).toMatchObject({ status: 'FAILED', hasSecret: true, lastError: expect.stringContaining('19021') });

  const table = await gz('list');
  expect(table.code).toBe(0);
  expect(table.stdout).toMatch(/ops-feishu\s*│\s*feishu\s*│\s*everything\s*│\s*-\s*│\s*FAILED/);
  for (const line of table.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);

  expect((await gz('remove', 'ops-feishu')).stdout).toContain('Removed channel ops-feishu.');
  expect((JSON.parse((await gz('list', '--json')).stdout) as { id: string }[]).map((c) => c.id)).toEqual(['ops-ding']);
  const unknown = await gz('remove', 'ops-feishu');
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('ID: "ops-feishu" is not a channel');
  expect((await gz('test', 'nope')).code).toBe(2);

  // Whatever a command printed, the secrets and the robot's token never appeared.
  for (const out of outputs) {
    for (const secret of [SECRET, 'a-wrong-secret', 'cli-ding']) {
      expect(out.stdout).not.toContain(secret);
      expect(out.stderr).not.toContain(secret);
    }
  }
});
