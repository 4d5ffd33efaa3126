/**
 * One renderer per platform, from the same ChannelMessage to the JSON body that platform's robot
 * takes (without the signature: the sender adds timestamp and sign when it posts). Each returns
 * the bodies of all parts, in order, each within that platform's size limits.
 */
import { PLATFORM_LIMITS, type ChannelMessage, type ChannelType } from './channel';
import { shorten, splitMessage, type MessagePart, type PartFormat } from './split-message';

const bytes = (value: string) => Buffer.byteLength(value, 'utf8');
const json = (value: unknown) => JSON.stringify(value);

function partTitle(part: MessagePart): string {
  return part.count > 1 ? `${part.title}（${part.index}/${part.count}）` : part.title;
}

/** Brackets inside link text would end the link early in Markdown. */
function linkText(value: string): string {
  return value.replace(/\[/g, '［').replace(/\]/g, '］').replace(/\s+/g, ' ');
}

/** The body shared by the Markdown platforms: lead, then one linked title and summary per item. */
function markdownBody(part: MessagePart, item: (title: string, url: string, summary: string) => string): string {
  const lines: string[] = [];
  if (part.markdown) lines.push(part.markdown, '');
  for (const i of part.items) lines.push(item(linkText(i.title), i.url, i.summary.replace(/\n+/g, ' ')));
  if (part.url && part.index === part.count) lines.push(`[查看全文](${part.url})`);
  return lines.join('\n').trim();
}

// WeCom group robot: msgtype markdown; the limit is on markdown.content.
const wecom: PartFormat<{ msgtype: 'markdown'; markdown: { content: string } }> = {
  render: (part) => ({
    msgtype: 'markdown',
    markdown: { content: `### ${partTitle(part)}\n${markdownBody(part, (t, u, s) => `**[${t}](${u})**${s ? `\n> ${s}` : ''}\n`)}` },
  }),
  fits: (body) => bytes(body.markdown.content) <= PLATFORM_LIMITS.wecom.maxBytes,
};

// DingTalk custom robot: msgtype markdown with a title (the notification preview) and text.
const dingtalk: PartFormat<{ msgtype: 'markdown'; markdown: { title: string; text: string } }> = {
  render: (part) => ({
    msgtype: 'markdown',
    markdown: { title: partTitle(part), text: `#### ${partTitle(part)}\n\n${markdownBody(part, (t, u, s) => `- [${t}](${u})${s ? `\n\n  > ${s}` : ''}\n`)}` },
  }),
  fits: (body) => bytes(json(body)) <= PLATFORM_LIMITS.dingtalk.maxBytes,
};

// Feishu/Lark custom bot: an interactive card, header plus one lark_md block per item.
type FeishuCard = { msg_type: 'interactive'; card: { config: { wide_screen_mode: boolean }; header: { title: { tag: 'plain_text'; content: string }; template: string }; elements: unknown[] } };
const feishu: PartFormat<FeishuCard> = {
  render: (part) => {
    const elements: unknown[] = [];
    if (part.markdown) elements.push({ tag: 'div', text: { tag: 'lark_md', content: part.markdown } });
    for (const i of part.items) elements.push({ tag: 'div', text: { tag: 'lark_md', content: `**[${linkText(i.title)}](${i.url})**${i.summary ? `\n${i.summary}` : ''}` } });
    if (part.url && part.index === part.count) elements.push({ tag: 'action', actions: [{ tag: 'button', text: { tag: 'plain_text', content: '查看全文' }, type: 'primary', url: part.url }] });
    return { msg_type: 'interactive', card: { config: { wide_screen_mode: true }, header: { title: { tag: 'plain_text', content: partTitle(part) }, template: 'blue' }, elements } };
  },
  fits: (body) => bytes(json(body)) <= PLATFORM_LIMITS.feishu.maxBytes,
};

// Slack incoming webhook: Block Kit. At most 50 blocks, a header of 150 characters, sections of 3000.
const slackEscape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
type SlackBody = { text: string; blocks: { type: string; text?: { type: string; text: string } ; elements?: unknown[] }[] };
const slack: PartFormat<SlackBody> = {
  render: (part) => {
    const blocks: SlackBody['blocks'] = [{ type: 'header', text: { type: 'plain_text', text: shorten(partTitle(part), 150) } }];
    if (part.text) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: slackEscape(part.text) } });
    for (const i of part.items) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*<${i.url}|${slackEscape(i.title.replace(/\|/g, '¦'))}>*${i.summary ? `\n${slackEscape(i.summary)}` : ''}` } });
    if (part.url && part.index === part.count) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${part.url}|查看全文>` }] });
    return { text: partTitle(part), blocks };
  },
  fits: (body) => body.blocks.length <= 50 && body.blocks.every((b) => !b.text || b.text.text.length <= 3000) && bytes(json(body)) <= PLATFORM_LIMITS.slack.maxBytes,
};

// A generic JSON webhook: the message itself, with where this part stands.
const webhook: PartFormat<Record<string, unknown>> = {
  render: (part) => ({
    title: partTitle(part),
    markdown: part.markdown,
    text: part.text,
    ...(part.url ? { url: part.url } : {}),
    items: part.items.map(({ title, url, summary }) => ({ title, url, summary })),
    part: { index: part.index, count: part.count },
  }),
  fits: (body) => bytes(json(body)) <= PLATFORM_LIMITS.webhook.maxBytes,
};

const FORMATS: Record<ChannelType, PartFormat<object>> = { wecom, dingtalk, feishu, slack, webhook } as Record<ChannelType, PartFormat<object>>;

/** The JSON bodies (as strings) of every part of `message` for a channel of this type, in order. */
export function renderChannelParts(type: ChannelType, message: ChannelMessage): string[] {
  return splitMessage(message, FORMATS[type]).map((body) => json(body));
}
