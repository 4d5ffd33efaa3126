import type { Command } from 'commander';
import { lazyAction } from '../lazy-action';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = () => require('../commands/digest') as typeof import('../commands/digest');

export function registerDigest(program: Command): void {
  program
    .command('digest')
    .description('deliver the digest due on a day (Asia/Shanghai) to every active subscriber, once')
    .option('--date <YYYY-MM-DD>', 'the digest date (default: today in Asia/Shanghai)')
    .option('--dry-run', 'render and show the digest without sending or recording anything')
    .option('--to <email>', 'deliver only to this address')
    .action(lazyAction(load, 'digestAction'));
}
