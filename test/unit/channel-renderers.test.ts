import { CHANNEL_TYPES, redactUrl, type ChannelMessage } from '../../lambdas/core/channels/channel';
import { renderChannelParts } from '../../lambdas/core/channels/renderers';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function message(count: number, summary: string): ChannelMessage {
  return {
    title: '政策提醒',
    markdown: '本轮发现新的政策文件。',
    text: '本轮发现新的政策文件。',
    items: Array.from({ length: count }, (_, i) => ({ title: `文件[${i + 1}]`, url: `https://gz.example.cn/${i + 1}.html`, summary })),
  };
}

/** What each platform's limit is measured on, in bytes. */
function measured(type: string, body: string): number {
  const json = JSON.parse(body) as { markdown?: { content?: string } };
  return type === 'wecom' ? bytes(json.markdown!.content!) : bytes(body);
}

const LIMIT: Record<string, number> = { wecom: 4096, dingtalk: 20_000, feishu: 20 * 1024 - 256, slack: 40_000, webhook: 256 * 1024 };

test.each(CHANNEL_TYPES)('%s: a long batch splits into parts within the limit, every item once and in order', (type) => {
  const m = message(400, '市工业和信息化局印发算力券实施细则，面向中小企业。'.repeat(10));
  const parts = renderChannelParts(type, m);
  expect(parts.length).toBeGreaterThan(1);
  for (const p of parts) expect(measured(type, p)).toBeLessThanOrEqual(LIMIT[type]!);
  const order = parts.flatMap((p) => [...p.matchAll(/https:\/\/gz\.example\.cn\/(\d+)\.html/g)].map((x) => Number(x[1])));
  expect(order).toEqual(m.items.map((_, i) => i + 1));
  if (type === 'slack') for (const p of parts) expect((JSON.parse(p) as { blocks: unknown[] }).blocks.length).toBeLessThanOrEqual(50);
});

test('a single item too long for one message is shortened, not dropped', () => {
  const parts = renderChannelParts('wecom', message(1, '很长的摘要'.repeat(2000)));
  expect(parts).toHaveLength(1);
  const content = (JSON.parse(parts[0]!) as { markdown: { content: string } }).markdown.content;
  expect(bytes(content)).toBeLessThanOrEqual(4096);
  expect(content).toContain('[文件［1］](https://gz.example.cn/1.html)');
  expect(content).toContain('…');
});

test('a short message is one part without a part label', () => {
  const [body] = renderChannelParts('dingtalk', message(2, '短摘要'));
  const parsed = JSON.parse(body!) as { msgtype: string; markdown: { title: string; text: string } };
  expect(parsed.msgtype).toBe('markdown');
  expect(parsed.markdown.title).toBe('政策提醒');
  expect(parsed.markdown.text).toContain('- [文件［2］](https://gz.example.cn/2.html)');
});

test('URLs are shown with their robot token masked', () => {
  expect(redactUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa')).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a***');
  expect(redactUrl('https://open.feishu.cn/open-apis/bot/v2/hook/0f5c6f3e-1234-4a8b-9c3d-aabbccddeeff')).toBe('https://open.feishu.cn/open-apis/bot/v2/hook/0f5c***');
  expect(redactUrl('https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX')).toBe('https://hooks.slack.com/services/T000/B000/XXXX***');
});
