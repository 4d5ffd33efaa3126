import type { Command } from 'commander';
import { lazyAction } from '../lazy-action';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = () => require('../commands/run') as typeof import('../commands/run');

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('collect every source once: fetch, extract, match against the watchlist, store what is new')
    .option('--sources <file>', 'a JSON sources file to use instead of the built-in sources')
    .option('--allow-private-network', 'allow sources on loopback, private or link-local addresses (local test sites)')
    .option('--json', 'print the pass report as one JSON object')
    .action(lazyAction(load, 'runAction'));
}
