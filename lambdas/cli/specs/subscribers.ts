import type { Command } from 'commander';
import { lazyAction } from '../lazy-action';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = () => require('../commands/subscribers') as typeof import('../commands/subscribers');

export function registerSubscribers(program: Command): void {
  const subscribers = program.command('subscribers').description('who receives digests and policy alerts');
  subscribers
    .command('add <email>')
    .description('subscribe an address (follows everything unless --follow is given)')
    .option('--name <name>', "the subscriber's name, used in the greeting")
    .option('--follow <id|kind|tag...>', 'entity ids, kinds (company, institution, person, policy) or tags to follow')
    .option('--hour <0-23>', 'digest hour in Asia/Shanghai for the scheduled digest (default 8)')
    .option('--lang <zh-CN|en>', 'language of digests and alerts (default zh-CN)')
    .option('--frequency <daily|weekly>', 'daily digests, or weekly ones on Mondays (default daily)')
    .option('--send-empty', 'also send a digest when there is nothing to report')
    .option('--invite', 'send the opt-in mail instead: the address is pending until its link is confirmed')
    .action(lazyAction(load, 'addSubscriber'));
  subscribers.command('list').description('list subscribers').option('--json', 'one JSON array').action(lazyAction(load, 'listSubscribers'));
  subscribers.command('follow <email> <names...>').description('add entity ids, kinds or tags to what a subscriber follows').action(lazyAction(load, 'followNames'));
  subscribers
    .command('unfollow <email> <names...>')
    .description('stop following entity ids, kinds or tags (unfollowing the last one leaves nothing followed)')
    .action(lazyAction(load, 'unfollowNames'));
  subscribers
    .command('set <email>')
    .description("change a subscriber's settings in place")
    .option('--name <name>', "the subscriber's name, used in the greeting")
    .option('--hour <0-23>', 'digest hour in Asia/Shanghai')
    .option('--lang <zh-CN|en>', 'language of digests and alerts')
    .option('--frequency <daily|weekly>', 'daily digests, or weekly ones on Mondays')
    .option('--send-empty <yes|no>', 'also send a digest when there is nothing to report')
    .option('--follow-everything', 'follow every name on the watchlist (clears the list)')
    .action(lazyAction(load, 'setSubscriber'));
  subscribers.command('remove <email>').description('remove a subscriber').action(lazyAction(load, 'removeSubscriber'));
}
