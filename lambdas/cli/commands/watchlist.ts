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

export async function listEntities(options: { json?: boolean }): Promise<void> {
  await withContext(async (ctx) => {
    const entities = (await ctx.store.watchlist.list()).sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
    if (options.json) ctx.out(JSON.stringify(entities));
    else ctx.out(renderTable(['id', 'kind', 'name', 'aliases', 'context', 'on'], entities.map((e) => [e.id, e.kind, e.name, e.aliases.join(', '), e.context.join(', '), e.enabled ? 'yes' : 'no'])));
  });
}

export async function addEntities(options: AddOptions): Promise<void> {
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
}

export async function removeEntity(id: string): Promise<void> {
  await withContext(async (ctx) => {
    if (!(await ctx.store.watchlist.remove(id))) throw new InputError(`ID: no entity "${id}" on the watchlist (see \`gzwatch watchlist list\`)`);
    ctx.out(`Removed ${id}.`);
  });
}

export async function importEntities(file: string): Promise<void> {
  // Everything is validated before the first write, so a bad file changes nothing.
  const entities = /\.csv$/i.test(file)
    ? parseEntitiesCsv(readInput(file).toString('utf8').replace(/^\uFEFF/, ''), file)
    : parseEntities(entitiesFromJson(readJsonFile(file)), file);
  await withContext(async (ctx) => {
    await ctx.store.watchlist.putMany(entities);
    ctx.out(`Imported ${entities.length} entities from ${file}.`);
  });
}

export async function exportEntities(options: { format: string }): Promise<void> {
  if (options.format !== 'json' && options.format !== 'csv') throw new InputError(`--format: "${options.format}" is not json or csv`);
  await withContext(async (ctx) => {
    const entities = (await ctx.store.watchlist.list()).sort((a, b) => a.id.localeCompare(b.id));
    ctx.out(options.format === 'csv' ? entitiesToCsv(entities).trimEnd() : JSON.stringify({ version: 1, entities }, null, 2));
  });
}

export async function seedEntities(): Promise<void> {
  await withContext(async (ctx) => {
    const n = await reseedWatchlist(ctx.store, defaultWatchlist(), new Date());
    ctx.out(`Seeded ${n} default entities.`);
  });
}
