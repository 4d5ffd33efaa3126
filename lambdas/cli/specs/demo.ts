import type { Command } from 'commander';
import { lazyAction } from '../lazy-action';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = () => require('../commands/demo') as typeof import('../commands/demo');

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run a full pass and digest offline against the bundled fixture sites (a fresh store under $GZWATCH_HOME/demo)')
    .action(lazyAction(load, 'demoAction'));
}
