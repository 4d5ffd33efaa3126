import type { Command } from 'commander';
import { lazyAction } from '../lazy-action';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = () => require('../commands/match') as typeof import('../commands/match');

export function registerMatch(program: Command): void {
  program
    .command('match [file]')
    .description('find watchlist mentions in a text file or standard input ("-")')
    .option('--html', 'the input is a web page: match its article (title and body) only')
    .option('--lines', 'each input line is its own document; mentions carry `line`')
    .option('--json', 'one JSON object per mention per line')
    .action(lazyAction(load, 'matchCommand'));
}
