import type { Command } from 'commander';
import { lazyAction } from '../lazy-action';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = () => require('../commands/mentions') as typeof import('../commands/mentions');

export function registerMentions(program: Command): void {
  program
    .command('mentions')
    .description('what the store holds for tracked names, newest first')
    .option('--entity <id>', 'one entity id (see `gzwatch watchlist list`)')
    .option('--since <YYYY-MM-DD>', 'only articles first seen on or after this day (UTC)')
    .option('--limit <n>', 'at most this many articles', '50')
    .option('--json', 'one JSON object per article and entity per line')
    .action(lazyAction(load, 'mentionsCommand'));
}
