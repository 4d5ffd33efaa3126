import type { Command } from 'commander';
import { entitiesToCsv, parseEntities, parseEntitiesCsv } from '../../core/entity-schema';
import { InputError } from '../../core/errors';
import { reseedWatchlist } from '../../core/use-cases/seed-watchlist';
import { defaultWatchlist } from '../../default-watchlist';
import { withContext } from '../context';
import { readInput, readJsonFile } from '../input';
import { renderTable } from '../table';

interface AddOptions {
  file?: string;
  id?: string;
  kind?: string;
  name?: string;
  alias?: string[];
  context?: string[];
  exclude?: string[];
  weak?: string[];
  caseSensitive?: string[];
  negative?: string[];
  tag?: string[];
  disabled?: boolean;
}

/** A JSON file may hold one entity, an array, or {"entities": [...]}. */
function entitiesFromJson(value: unknown): unknown {
  if (Array.isArray(value)) return { version: 1, entities: value };
  if (value && typeof value === 'object' && 'entities' in value) return value;
  return { version: 1, entities: [value] };
}

export function registerWatchlist(program: Command): void {
  const watchlist = program.command('watchlist').description('the companies, institutions, people and policy topics gzwatch tracks');
  watchlist
    .command('list')
    .description('list tracked entities')
    .option('--json', 'one JSON array')
    .action(async (options: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const entities = (await ctx.store.watchlist.list()).sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
        if (options.json) ctx.out(JSON.stringify(entities));
        else ctx.out(renderTable(['id', 'kind', 'name', 'aliases', 'context', 'on'], entities.map((e) => [e.id, e.kind, e.name, e.aliases.join(', '), e.context.join(', '), e.enabled ? 'yes' : 'no'])));
      });
    });
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
    .action(async (options: AddOptions) => {
      const entities = options.file
        ? parseEntities(entitiesFromJson(readJsonFile(options.file)), options.file)
        : parseEntities(
            {
              version: 1,
              entities: [
                {
                  id: options.id,
                  kind: options.kind,
                  name: options.name,
                  aliases: options.alias ?? [],
                  context: options.context ?? [],
                  exclude: options.exclude ?? [],
                  ...(options.weak ? { weak: options.weak } : {}),
                  ...(options.caseSensitive ? { caseSensitive: options.caseSensitive } : {}),
                  ...(options.negative ? { negative: options.negative } : {}),
                  tags: options.tag ?? [],
                  enabled: !options.disabled,
                },
              ],
            },
            'flags',
          );
      await withContext(async (ctx) => {
        await ctx.store.watchlist.putMany(entities);
        ctx.out(`Saved ${entities.map((e) => `${e.id} (${e.name})`).join(', ')}.`);
      });
    });
  watchlist
    .command('remove <id>')
    .description('stop tracking an entity')
    .action(async (id: string) => {
      await withContext(async (ctx) => {
        if (!(await ctx.store.watchlist.remove(id))) throw new InputError(`ID: no entity "${id}" on the watchlist (see \`gzwatch watchlist list\`)`);
        ctx.out(`Removed ${id}.`);
      });
    });
  watchlist
    .command('import <file>')
    .description('add or replace entities from a JSON or CSV file; all or nothing')
    .action(async (file: string) => {
      // Everything is validated before the first write, so a bad file changes nothing.
      const entities = /\.csv$/i.test(file)
        ? parseEntitiesCsv(readInput(file).toString('utf8').replace(/^\uFEFF/, ''), file)
        : parseEntities(entitiesFromJson(readJsonFile(file)), file);
      await withContext(async (ctx) => {
        await ctx.store.watchlist.putMany(entities);
        ctx.out(`Imported ${entities.length} entities from ${file}.`);
      });
    });
  watchlist
    .command('export')
    .description('print the watchlist as JSON or CSV')
    .option('--format <format>', 'json or csv', 'json')
    .action(async (options: { format: string }) => {
      if (options.format !== 'json' && options.format !== 'csv') throw new InputError(`--format: "${options.format}" is not json or csv`);
      await withContext(async (ctx) => {
        const entities = (await ctx.store.watchlist.list()).sort((a, b) => a.id.localeCompare(b.id));
        ctx.out(options.format === 'csv' ? entitiesToCsv(entities).trimEnd() : JSON.stringify({ version: 1, entities }, null, 2));
      });
    });
  watchlist
    .command('seed')
    .description('write the default watchlist into the store (replaces edits to default entities)')
    .action(async () => {
      await withContext(async (ctx) => {
        const n = await reseedWatchlist(ctx.store, defaultWatchlist(), new Date());
        ctx.out(`Seeded ${n} default entities.`);
      });
    });
}
