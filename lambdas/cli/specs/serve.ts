import type { Command } from 'commander';
import { lazyAction } from '../lazy-action';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = () => require('../commands/serve') as typeof import('../commands/serve');

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('the web service (subscribe, preferences, feeds, entity pages) and, unless --no-schedule, the collection and digest schedules')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'TCP port (0: any free port)', '8080')
    .option('--no-schedule', 'serve pages only; collect and send nothing on a timer')
    .action(lazyAction(load, 'serveCommand'));
}
