import type { Command } from 'commander';
import { lazyAction } from '../lazy-action';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = () => require('../commands/watchlist') as typeof import('../commands/watchlist');

export function registerWatchlist(program: Command): void {
  const watchlist = program.command('watchlist').description('the companies, institutions, people and policy topics gzwatch tracks');
  watchlist.command('list').description('list tracked entities').option('--json', 'one JSON array').action(lazyAction(load, 'listEntities'));
  watchlist
    .command('add')
    .description('add or replace an entity, from flags or a JSON file')
    .option('--file <file>', 'a JSON file with one entity, an array, or {"entities": [...]}')
    .option('--id <id>', 'stable id, e.g. company-example')
    .option('--kind <kind>', 'company, institution, person or policy')
    .option('--name <name>', 'canonical name')
    .option('--alias <alias...>', 'other spellings')
    .option('--context <term...>', 'terms or entity ids of which one must occur nearby')
    .option('--exclude <phrase...>', 'phrases containing an alias that are not mentions')
    .option('--weak <name...>', 'names that count only when confirmed (context nearby, or elsewhere in the article)')
    .option('--case-sensitive <name...>', 'which names match only in this letter case (acronyms)')
    .option('--negative <term...>', 'terms that, in the same clause, mean another sense of a name')
    .option('--tag <tag...>', 'tags')
    .option('--disabled', 'add it switched off')
    .action(lazyAction(load, 'addEntities'));
  watchlist.command('remove <id>').description('stop tracking an entity').action(lazyAction(load, 'removeEntity'));
  watchlist.command('import <file>').description('add or replace entities from a JSON or CSV file; all or nothing').action(lazyAction(load, 'importEntities'));
  watchlist.command('export').description('print the watchlist as JSON or CSV').option('--format <format>', 'json or csv', 'json').action(lazyAction(load, 'exportEntities'));
  watchlist.command('seed').description('write the default watchlist into the store (replaces edits to default entities)').action(lazyAction(load, 'seedEntities'));
}
