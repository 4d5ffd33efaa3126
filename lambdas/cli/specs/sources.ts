import type { Command } from 'commander';
import { lazyAction } from '../lazy-action';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = () => require('../commands/sources') as typeof import('../commands/sources');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadTry = () => require('../commands/sources-try') as typeof import('../commands/sources-try');

export function registerSources(program: Command): void {
  const sources = program.command('sources').description('the sites gzwatch reads: stored, each enabled or not, with their health');
  sources.command('list', { isDefault: true }).description('every stored source with its health').option('--json', 'one JSON array').action(lazyAction(load, 'listSources'));
  sources
    .command('try <url>')
    .description('find the list of articles on a page, propose a source definition, show 3 samples; --save stores it')
    .option('--save', 'store the proposed source (validated like a sources file)')
    .option('--id <id>', 'the new source id (default: from the URL)')
    .option('--kind <kind>', 'news or policy', 'news')
    .option('--allow-private-network', 'allow pages on loopback, private or link-local addresses')
    .option('--json', 'print only the definition as JSON')
    .action(lazyAction(loadTry, 'trySource'));
  sources.command('seed').description('store the built-in sources (new ones enabled; known ones updated, keeping enabled or not)').action(lazyAction(load, 'seedBuiltInSources'));
  sources
    .command('add [file]')
    .description('add the sources of a sources file, or one from --url; nothing is written unless all are valid')
    .option('--url <url>', 'the list page or feed of a new source')
    .option('--id <id>', 'with --url: the new source id (lowercase words joined by "-")')
    .option('--name <name>', 'with --url: a name people read')
    .option('--kind <kind>', 'with --url: news or policy', 'news')
    .option('--type <type>', 'with --url: html or rss (default: guessed from the URL)')
    .option('--match <regex>', 'with --url: article URLs must match this')
    .action(lazyAction(load, 'addSourceDefinitions'));
  sources.command('import <file>').description('add or replace the sources of a sources file, all or nothing').action(lazyAction(load, 'importSources'));
  sources.command('export').description('print the stored sources as a sources file (JSON)').action(lazyAction(load, 'exportSources'));
  sources.command('enable <id>').description('collect this source again').action(lazyAction(load, 'enableSource'));
  sources.command('disable <id>').description('stop collecting this source (kept, with its history)').action(lazyAction(load, 'disableSource'));
  sources
    .command('forget <id>')
    .description('drop the health record of a source that no longer runs (a one-off sources file, a removed source)')
    .action(lazyAction(load, 'forgetSource'));
  sources.command('remove <id>').description('delete a stored source (its articles and mentions stay)').action(lazyAction(load, 'removeSource'));
  sources
    .command('check [id]')
    .description('a dry pass: list and extract without storing anything, then print a table')
    .option('--sources <file>', 'check the sources of this file instead of the stored ones')
    .option('--allow-private-network', 'allow sources on loopback, private or link-local addresses')
    .action(lazyAction(load, 'checkSources'));
}
