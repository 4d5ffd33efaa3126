/**
 * A user's sources file: extra html/rss sources described as data, validated field by field so
 * a mistake is reported as `sources.json: sources[2].url must be an http(s) URL`.
 *
 * { "sources": [ { "id", "name", "kind": "news"|"policy", "type": "html"|"rss", "url",
 *                  "list"?: { "item", "link", "title"?, "date"? }, "match"?: "<regex on article URLs>",
 *                  "article"?: { "title"?, "date"?, "body"?, "remove"?: [...] },
 *                  "maxArticles"?: 1..200, "notes"?: "..." } ] }
 */
import { z } from 'zod';
import { InputError } from './errors';
import { loadHtml } from './extract/text';
import type { SourceDefinition } from './types';

const probe = loadHtml('<p></p>');

const text = z.string({ error: 'must be text' }).trim().min(1, 'must not be empty');
const selector = text.refine((value) => {
  try {
    probe(value);
    return true;
  } catch {
    return false;
  }
}, 'must be a valid CSS selector');

const httpUrl = z.string({ error: 'must be an http(s) URL' }).refine((value) => {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}, 'must be an http(s) URL');

const regex = z.string({ error: 'must be a regular expression as text' }).refine((value) => {
  try {
    new RegExp(value);
    return true;
  } catch {
    return false;
  }
}, 'must be a valid regular expression');

const sourceSchema = z.strictObject({
  id: z.string({ error: 'must be text' }).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase ascii words joined by "-" (e.g. my-district-news)'),
  name: text,
  kind: z.enum(['news', 'policy'], { error: 'must be "news" or "policy"' }),
  type: z.enum(['html', 'rss'], { error: 'must be "html" or "rss"' }),
  url: httpUrl,
  list: z.strictObject({ item: selector, link: selector, title: selector.optional(), date: selector.optional() }, { error: 'must be an object {"item", "link", "title"?, "date"?}' }).optional(),
  match: regex.optional(),
  article: z
    .strictObject({ title: selector.optional(), date: selector.optional(), body: selector.optional(), remove: z.array(selector).optional() }, { error: 'must be an object {"title"?, "date"?, "body"?}' })
    .optional(),
  maxArticles: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(200, 'must be at most 200').optional(),
  notes: z.string({ error: 'must be text' }).optional(),
  intervalMinutes: z.number({ error: 'must be a number of minutes' }).int('must be a whole number of minutes').min(5, 'must be at least 5 minutes').max(10080, 'must be at most a week (10080)').optional(),
});

const fileSchema = z.strictObject({ sources: z.array(z.unknown(), { error: 'must be a list' }).min(1, 'must list at least one source') }, { error: 'must be an object {"sources": [...]}' });

function fieldLabel(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join('');
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current = raw;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function issueText(issue: z.core.$ZodIssue, prefix: string, raw: unknown): string {
  const where = fieldLabel([...(prefix ? [prefix] : []), ...issue.path]) || 'the file';
  if (issue.code === 'unrecognized_keys') return `${where} has unknown field(s) ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type' && issue.path.length > 0 && valueAt(raw, issue.path) === undefined) return `${where} is missing`;
  return `${where} ${issue.message}`;
}

/** Validates a parsed sources file; throws InputError naming `origin` and the field. */
export function parseSourcesFile(input: unknown, origin: string): SourceDefinition[] {
  const file = fileSchema.safeParse(input);
  if (!file.success) throw new InputError(`${origin}: ${issueText(file.error.issues[0]!, '', input)}`);

  const seen = new Map<string, number>();
  return file.data.sources.map((raw, index) => {
    const result = sourceSchema.safeParse(raw);
    if (!result.success) throw new InputError(`${origin}: ${issueText(result.error.issues[0]!, `sources[${index}]`, raw)}`);
    const s = result.data;
    const first = seen.get(s.id);
    if (first !== undefined) throw new InputError(`${origin}: sources[${index}].id "${s.id}" repeats sources[${first}].id`);
    seen.set(s.id, index);
    const source: SourceDefinition = { id: s.id, name: s.name, kind: s.kind, type: s.type, urls: [s.url] };
    if (s.list) source.list = s.list;
    if (s.match) source.match = s.match;
    if (s.article) source.article = s.article;
    if (s.maxArticles) source.maxArticles = s.maxArticles;
    if (s.notes) source.notes = s.notes;
    if (s.intervalMinutes) source.intervalMinutes = s.intervalMinutes;
    return source;
  });
}
