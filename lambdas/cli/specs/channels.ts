import type { Command } from 'commander';
import { lazyAction } from '../lazy-action';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = () => require('../commands/channels') as typeof import('../commands/channels');

export function registerChannels(program: Command): void {
  const channels = program.command('channels').description('chat channels (WeCom, DingTalk, Feishu, Slack, webhooks) that receive alerts and the digest summary');
  channels
    .command('add <id>')
    .description('add a group robot or webhook (follows everything unless --follow is given)')
    .option('--type <type>', 'wecom, dingtalk, feishu, slack or webhook')
    .option('--url <url>', 'the webhook URL the platform gave you')
    .option('--secret <secret>', 'signing secret (DingTalk 加签 SEC…, Feishu 签名校验, webhook HMAC); stored, never shown')
    .option('--follow <id|kind|tag...>', 'entity ids, kinds or tags to follow')
    .option('--digest-hour <0-23>', 'also post the daily digest summary at this hour (Asia/Shanghai)')
    .option('--allow-private-network', 'let the URL point at loopback or private addresses (local tests, an intranet relay)')
    .action(lazyAction(load, 'addChannel'));
  channels.command('list').description('list channels with their latest delivery (secrets are never shown)').option('--json', 'one JSON array').action(lazyAction(load, 'listChannels'));
  channels.command('remove <id>').description('remove a channel').action(lazyAction(load, 'removeChannel'));
  channels
    .command('test <id>')
    .description('post a test message now (through the outbox, like every delivery); exits 1 if it was not delivered')
    .action(lazyAction(load, 'testChannel'));
}
