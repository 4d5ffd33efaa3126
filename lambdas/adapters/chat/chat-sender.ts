/** The ChatSender port over the platform adapters: picks the channel's platform and applies its policy and signing. */
import type { ChatSender } from '../../core/ports';
import { sendDingtalk } from './dingtalk';
import { sendFeishu } from './feishu';
import { sendSlack } from './slack';
import { sendWebhook } from './webhook';
import { sendWecom } from './wecom';

export interface ChatSenderOptions {
  /** The signing timestamp's clock (tests share one with their stand-in platforms). */
  now?: () => Date;
  /** Default 10000. */
  timeoutMs?: number;
}

export function createChatSender(options: ChatSenderOptions = {}): ChatSender {
  const now = options.now ?? (() => new Date());
  return {
    async send(channel, body, hooks) {
      const post = { allowPrivateNetwork: channel.allowPrivateNetwork, timeoutMs: options.timeoutMs ?? 10_000, hooks, now: now().getTime() };
      switch (channel.type) {
        case 'wecom':
          return sendWecom(channel.url, body, post);
        case 'dingtalk':
          return sendDingtalk(channel.url, channel.secret, body, post);
        case 'feishu':
          return sendFeishu(channel.url, channel.secret, body, post);
        case 'slack':
          return sendSlack(channel.url, body, post);
        case 'webhook':
          return sendWebhook(channel.url, channel.secret, body, post);
      }
    },
  };
}
