/**
 * A user's sources file: extra sources (html, rss, json, gkmlpt) described as data, validated field by field so
 * a mistake is reported as `sources.json: sources[2].url must be an http(s) URL`.
 *
 * { "sources": [ { "id", "name", "kind": "news"|"policy", "type": "html"|"rss"|"json"|"gkmlpt", "url"
 *                  (or, type rss only, "rsshub": "/gov/gz/zwgk/zcjd", a route of GZWATCH_RSSHUB_URL),
 *                  "list"?: { "item", "link", "title"?, "date"? }, "match"?: "<regex on article URLs>",
 *                  "article"?: { "title"?, "date"?, "body"?, "remove"?: [...] },
 *                  "json" (type json only, required): { "items", "url", "title", "date"?, ... },
 *                  "headers"?: {...}, "nextPage"?: { "url": "index_{n}.html", "maxPages" },
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

const headerName = z.string().regex(/^[A-Za-z0-9-]+$/, 'must be an HTTP header name');
const common = {
  id: z.string({ error: 'must be text' }).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase ascii words joined by "-" (e.g. my-district-news)'),
  name: text,
  kind: z.enum(['news', 'policy'], { error: 'must be "news" or "policy"' }),
  // One entry point as `url`, or several as `urls` (what `gzwatch sources export` writes for those).
  url: httpUrl.optional(),
  urls: z.array(httpUrl, { error: 'must be a list of http(s) URLs' }).min(1, 'must list at least one URL').optional(),
  match: regex.optional(),
  article: z
    .strictObject({ title: selector.optional(), date: selector.optional(), body: selector.optional(), remove: z.array(selector).optional() }, { error: 'must be an object {"title"?, "date"?, "body"?}' })
    .optional(),
  maxArticles: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(200, 'must be at most 200').optional(),
  notes: z.string({ error: 'must be text' }).optional(),
  reference: z.string({ error: 'must be text' }).optional(),
  intervalMinutes: z.number({ error: 'must be a number of minutes' }).int('must be a whole number of minutes').min(5, 'must be at least 5 minutes').max(10080, 'must be at most a week (10080)').optional(),
  headers: z.record(headerName, z.string({ error: 'must be text' }), { error: 'must be an object {"Header-Name": "value"}' }).optional(),
  nextPage: z
    .strictObject(
      {
        url: text.refine((value) => value.includes('{n}'), 'must contain {n}, the page number').optional(),
        param: text.optional(),
        first: z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be at least 0').optional(),
        maxPages: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(20, 'must be at most 20'),
      },
      { error: 'must be an object {"url": "index_{n}.html", "maxPages": 3}' },
    )
    .refine((spec) => spec.url !== undefined || spec.param !== undefined, 'needs "url" (a template with {n}) or "param" (the page-number query parameter)')
    .optional(),
};

const path = z.string({ error: 'must be a dot-separated field path as text' });
const jsonSpec = z.strictObject(
  {
    items: path,
    url: text,
    title: text,
    date: path.optional(),
    summary: path.optional(),
    body: path.optional(),
    where: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]), { error: 'must be an object {"field": value}' }).optional(),
    meta: z.record(z.string(), path, { error: 'must be an object {"name": "field.path"}' }).optional(),
  },
  { error: 'must be an object {"items", "url", "title", "date"?, ...}' },
);

/** The same union as SourceDefinition: a json source without its "json" spec is refused. */
const sourceSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      ...common,
      type: z.literal('html'),
      list: z.strictObject({ item: selector, link: selector, title: selector.optional(), date: selector.optional() }, { error: 'must be an object {"item", "link", "title"?, "date"?}' }).optional(),
    }),
    // An RSSHub route instead of url/urls: resolved against GZWATCH_RSSHUB_URL when collected.
    z.strictObject({ ...common, type: z.literal('rss'), rsshub: text.refine((value) => value.startsWith('/') && !value.startsWith('//'), 'must be an RSSHub route starting with "/" (e.g. /gov/gz/zwgk/zcjd)').optional() }),
    z.strictObject({ ...common, type: z.literal('json'), json: jsonSpec }),
    z.strictObject({ ...common, type: z.literal('gkmlpt') }),
  ],
  { error: 'must be "html", "rss", "json" or "gkmlpt"' },
);

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
    const { url, urls, ...rest } = s;
    const route = 'rsshub' in s ? s.rsshub : undefined;
    if (route !== undefined && (url || urls)) throw new InputError(`${origin}: sources[${index}].rsshub and .${url ? 'url' : 'urls'} are both given; keep one`);
    if (route === undefined && !url === !urls) throw new InputError(`${origin}: sources[${index}].url ${url ? 'and .urls are both given; keep one' : 'is missing'}`);
    // Optional fields left out stay absent (not undefined): the definition reads as written.
    const source = Object.fromEntries(Object.entries({ ...rest, urls: urls ?? (url ? [url] : []) }).filter(([, value]) => value !== undefined)) as unknown as SourceDefinition;
    return source;
  });
}
