import type { Command } from 'commander';
import { lazyAction } from '../lazy-action';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = () => require('../commands/extract') as typeof import('../commands/extract');

export function registerExtract(program: Command): void {
  program
    .command('extract <fileOrUrl>')
    .description('extract the article (title, date, body) from a saved page or a URL')
    .option('--json', 'print {url, title, publishedAt, body, source} as JSON')
    .option('--allow-private-network', 'allow a URL on a loopback, private or link-local address')
    .action(lazyAction(load, 'extractCommand'));
}
