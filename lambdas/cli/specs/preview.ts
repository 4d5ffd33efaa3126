import type { Command } from 'commander';
import { lazyAction } from '../lazy-action';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = () => require('../commands/preview') as typeof import('../commands/preview');

export function registerPreview(program: Command): void {
  program
    .command('preview')
    .description('write the digest as it would be sent now to an HTML file and print its path (nothing is sent)')
    .option('--date <YYYY-MM-DD>', 'the digest date (default: today in Asia/Shanghai)')
    .option('--to <email>', 'preview for this subscriber (default: the first subscriber)')
    .action(lazyAction(load, 'previewCommand'));
}
