/** Reading and writing watchlists (JSON and CSV), with errors that name the entry and the field. */
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { InputError } from './errors';
import { ENTITY_KINDS, type Entity } from './types';

const text = z.string({ error: 'must be text' }).trim().min(1, 'must not be empty');
// `|` separates list items in CSV, so no item may contain it.
const list = z
  .array(text.refine((item) => !item.includes('|'), 'must not contain "|"'), { error: 'must be a list of text' })
  .default([]);

/** Lists added after the first release: absent stays absent, so older entities read back unchanged. */
const optionalList = z
  .array(text.refine((item) => !item.includes('|'), 'must not contain "|"'), { error: 'must be a list of text' })
  .optional();

/** `{n}` stands for a number (16, 十六): 广州市第{n}届人民代表大会. One per name, beside fixed text. */
const PLACEHOLDER = '{n}';
function patternProblem(name: string): string | undefined {
  const count = name.split(PLACEHOLDER).length - 1;
  if (count === 0) return /[{}]/.test(name) ? 'may only use the placeholder {n}' : undefined;
  if (count > 1) return 'may hold {n} only once';
  if (name.replace(PLACEHOLDER, '').trim() === '') return 'needs fixed text beside {n}';
  if (/[{}]/.test(name.replace(PLACEHOLDER, ''))) return 'may only use the placeholder {n}';
  return undefined;
}

export const entitySchema = z.strictObject({
  id: z
    .string({ error: 'must be text' })
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase ascii words joined by "-" (e.g. company-cloudwalk)'),
  kind: z.enum(ENTITY_KINDS as [Entity['kind'], ...Entity['kind'][]], {
    error: `must be one of ${ENTITY_KINDS.join(', ')}`,
  }),
  name: text,
  aliases: list,
  context: list,
  exclude: list,
  weak: optionalList,
  caseSensitive: optionalList,
  negative: optionalList,
  tags: list,
  enabled: z.boolean({ error: 'must be true or false' }).default(true),
}, { error: 'must be an object' }).superRefine((entity, ctx) => {
  const names = [entity.name, ...entity.aliases, ...(entity.weak ?? [])];
  (['aliases', 'weak'] as const).forEach((field) => {
    (field === 'aliases' ? [entity.name, ...entity.aliases] : (entity.weak ?? [])).forEach((name, i) => {
      const problem = patternProblem(name);
      if (problem) {
        const path = field === 'aliases' ? (i === 0 ? ['name'] : ['aliases', i - 1]) : ['weak', i];
        ctx.addIssue({ code: 'custom', path, message: problem });
      }
    });
  });
  (entity.caseSensitive ?? []).forEach((name, i) => {
    if (!names.includes(name)) ctx.addIssue({ code: 'custom', path: ['caseSensitive', i], message: `"${name}" is not one of the name, aliases or weak` });
    else if (!/[A-Za-z]/.test(name)) ctx.addIssue({ code: 'custom', path: ['caseSensitive', i], message: `"${name}" has no Latin letters` });
  });
});

/** The watchlist file: `{ "version": 1, "entities": [...] }`; a bare array is accepted too. */
const fileSchema = z.strictObject({
  version: z.literal(1, { error: 'must be 1' }),
  entities: z.array(z.unknown(), { error: 'must be a list of entries' }),
}, { error: 'must be an object' });

function entryLabel(index: number, raw: unknown): string {
  const id = raw && typeof raw === 'object' && 'id' in raw ? (raw as { id: unknown }).id : undefined;
  return typeof id === 'string' ? `entities[${index}] (id "${id}")` : `entities[${index}]`;
}

function fieldLabel(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join('');
}

/** Validates a watchlist (file object or array of entries); throws InputError naming entry and field. */
export function parseEntities(input: unknown, origin: string): Entity[] {
  let entries: unknown[];
  if (Array.isArray(input)) {
    entries = input;
  } else {
    const file = fileSchema.safeParse(input);
    if (!file.success) {
      const issue = file.error.issues[0]!;
      const field = issue.path.length > 0 ? fieldLabel(issue.path) : 'file';
      const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
      throw new InputError(`${origin}: ${field} ${message} (expected {"version": 1, "entities": [...]})`);
    }
    entries = file.data.entities;
  }
  const seen = new Map<string, number>();
  return entries.map((raw, index) => {
    const result = entitySchema.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const field = issue.path.length > 0 ? fieldLabel(issue.path) : 'entry';
      const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
      throw new InputError(`${origin}: ${entryLabel(index, raw)}: ${field} ${message}`);
    }
    const entity = result.data;
    const earlier = seen.get(entity.id);
    if (earlier !== undefined) {
      throw new InputError(`${origin}: ${entryLabel(index, raw)}: id duplicates entities[${earlier}]`);
    }
    seen.set(entity.id, index);
    return entity;
  });
}

const CSV_COLUMNS = ['id', 'kind', 'name', 'aliases', 'context', 'exclude', 'weak', 'caseSensitive', 'negative', 'tags', 'enabled'] as const;
const LIST_COLUMNS = new Set(['aliases', 'context', 'exclude', 'weak', 'caseSensitive', 'negative', 'tags']);
/** Columns added later: an empty cell means the field is absent (the older meaning), not []. */
const OPTIONAL_LIST_COLUMNS = new Set(['weak', 'caseSensitive', 'negative']);

/**
 * Reads a CSV watchlist: header `id,kind,name,aliases,context,exclude,tags,enabled` (and, optionally,
 * `weak`, `caseSensitive`, `negative`), list cells
 * separated by `|`, enabled `true`/`false`/`yes`/`no`/`1`/`0` (empty: true).
 */
export function parseEntitiesCsv(csvText: string, origin: string): Entity[] {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(csvText, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  } catch (error) {
    throw new InputError(`${origin}: not valid CSV: ${(error as Error).message}`);
  }
  const header = rows.length > 0 ? Object.keys(rows[0]!) : [];
  const missing = ['id', 'kind', 'name'].filter((column) => rows.length > 0 && !header.includes(column));
  if (missing.length > 0) throw new InputError(`${origin}: missing column(s) ${missing.join(', ')}`);
  const unknown = header.filter((column) => !(CSV_COLUMNS as readonly string[]).includes(column));
  if (unknown.length > 0) throw new InputError(`${origin}: unknown column(s) ${unknown.join(', ')}`);

  const entries = rows.map((row, index) => {
    const entry: Record<string, unknown> = {};
    for (const [column, cell] of Object.entries(row)) {
      if (OPTIONAL_LIST_COLUMNS.has(column) && cell === '') continue;
      if (LIST_COLUMNS.has(column)) {
        entry[column] = cell === '' ? [] : cell.split('|').map((part) => part.trim()).filter((part) => part !== '');
      } else if (column === 'enabled') {
        if (cell !== '') entry.enabled = parseFlag(cell, origin, index, row.id);
      } else {
        entry[column] = cell;
      }
    }
    return entry;
  });
  return parseEntities(entries, origin);
}

function parseFlag(cell: string, origin: string, index: number, id: string | undefined): boolean {
  const value = cell.toLowerCase();
  if (['true', 'yes', '1'].includes(value)) return true;
  if (['false', 'no', '0'].includes(value)) return false;
  const label = id ? `entities[${index}] (id "${id}")` : `entities[${index}]`;
  throw new InputError(`${origin}: ${label}: enabled must be true or false, not "${cell}"`);
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Writes entities as CSV that `parseEntitiesCsv` reads back unchanged. */
export function entitiesToCsv(entities: readonly Entity[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const entity of entities) {
    lines.push(
      [
        entity.id,
        entity.kind,
        entity.name,
        entity.aliases.join('|'),
        entity.context.join('|'),
        entity.exclude.join('|'),
        (entity.weak ?? []).join('|'),
        (entity.caseSensitive ?? []).join('|'),
        (entity.negative ?? []).join('|'),
        entity.tags.join('|'),
        String(entity.enabled),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
