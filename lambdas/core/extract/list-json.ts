/** JSON list APIs: a generic reader driven by JsonListSpec, and the gkmlpt catalogue API. */
import { siteFailure } from '../errors';
import { absoluteUrl } from '../canonical-url';
import { parseChineseDate } from '../dates';
import type { JsonListSpec, ListedItem } from '../types';
import { cleanInline, htmlToText } from './text';

/** Dot-separated path ("data.list", "searchVO.listVO"); "" is the document itself. */
export function atPath(value: unknown, path: string): unknown {
  if (!path) return value;
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return cleanInline(value) || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function parseJson(body: string, url: string): unknown {
  try {
    // Some APIs prepend a BOM or wrap in whitespace.
    return JSON.parse(body.replace(/^\ufeff/, '').trim());
  } catch (error) {
    throw siteFailure('extraction', `list at ${url} is not JSON: ${(error as Error).message}`, url);
  }
}

function itemsAt(data: unknown, path: string, url: string): unknown[] {
  const items = atPath(data, path);
  if (!Array.isArray(items)) throw siteFailure('extraction', `list at ${url} has no array at "${path || '(root)'}"`, url);
  return items;
}

/** `{columnId}`-style placeholders filled from the item; a plain path is read as a path. */
function itemUrl(raw: unknown, spec: JsonListSpec): string | undefined {
  if (!spec.url.includes('{')) return text(atPath(raw, spec.url));
  let missing = false;
  const url = spec.url.replace(/\{([^}]+)\}/g, (_, path: string) => {
    const value = text(atPath(raw, path));
    if (!value) missing = true;
    return encodeURIComponent(value ?? '');
  });
  return missing ? undefined : url;
}

function kept(raw: unknown, where: JsonListSpec['where']): boolean {
  if (!where) return true;
  // Loose on type: one API sends 0, its next version "0".
  return Object.entries(where).every(([path, value]) => String(atPath(raw, path)) === String(value));
}

/**
 * `spec.meta` maps a meta name to an item path: `{ 栏目: 'NODENAME', 文号: 'pcode' }` copies
 * item.NODENAME into meta.栏目. `now` resolves relative times (刚刚, 3小时前) some apps send.
 */
export function parseJsonList(body: string, pageUrl: string, spec: JsonListSpec, now?: Date): ListedItem[] {
  const out: ListedItem[] = [];
  for (const raw of itemsAt(parseJson(body, pageUrl), spec.items, pageUrl)) {
    if (!kept(raw, spec.where)) continue;
    const url = absoluteUrl(itemUrl(raw, spec), pageUrl);
    if (!url) continue;
    const item: ListedItem = { url };
    const title = text(atPath(raw, spec.title));
    // Search APIs highlight the query inside titles (<em>人工智能</em>).
    if (title) item.title = title.includes('<') ? htmlToText(title).replace(/\n/g, ' ') : title;
    const date = spec.date ? text(atPath(raw, spec.date)) : undefined;
    const publishedAt = date ? parseChineseDate(date, now) : null;
    if (publishedAt) item.publishedAt = publishedAt;
    const summary = spec.summary ? text(atPath(raw, spec.summary)) : undefined;
    if (summary) item.summary = summary.includes('<') ? htmlToText(summary) : summary;
    const full = spec.body ? atPath(raw, spec.body) : undefined;
    if (typeof full === 'string' && full.trim()) item.body = full.includes('<') ? htmlToText(full) : full.trim();
    if (spec.meta) {
      const meta: Record<string, string> = {};
      for (const [name, path] of Object.entries(spec.meta)) {
        const value = text(atPath(raw, path));
        if (value) meta[name] = value;
      }
      if (Object.keys(meta).length) item.meta = meta;
    }
    out.push(item);
  }
  return out;
}

/**
 * A gkmlpt catalogue page (`/gkmlpt/index`) names its site's SID in `window._CONFIG`; the API
 * to read sits beside it (`api/all/0?page=1&sid=<SID>`, category 0 = everything).
 */
export function gkmlptApiFromIndex(html: string, pageUrl: string): string | null {
  const sid = /\bSID\s*:\s*['"]?(\d+)/.exec(html)?.[1];
  if (!sid) return null;
  return new URL(`api/all/0?page=1&sid=${sid}`, pageUrl).toString();
}

/** `/gkmlpt/api/all/<cat>?page=&sid=` → `{ articles: [...] }`. */
export function parseGkmlptList(body: string, pageUrl: string): ListedItem[] {
  const out: ListedItem[] = [];
  for (const raw of itemsAt(parseJson(body, pageUrl), 'articles', pageUrl)) {
    const a = raw as Record<string, unknown>;
    const url = absoluteUrl(text(a.url) ?? text(a.post_url), pageUrl);
    if (!url) continue;
    const item: ListedItem = { url };
    const title = text(a.title);
    if (title) item.title = title;
    const published = parseChineseDate(text(a.created_at) ?? '') ?? parseChineseDate(text(a.display_publish_time) ?? '');
    if (published) item.publishedAt = published;
    const summary = text(a.abstract);
    if (summary) item.summary = summary;
    const meta: Record<string, string> = {};
    const fields: [string, string][] = [
      ['document_number', '文号'],
      ['identifier', '索引号'],
      ['publisher', '发布机构'],
      ['is_expired', 'is_expired'],
      ['is_abolished', 'is_abolished'],
      ['post_url', 'post_url'],
    ];
    for (const [field, name] of fields) {
      const value = text(a[field]);
      if (value) meta[name] = value;
    }
    if (Object.keys(meta).length) item.meta = meta;
    out.push(item);
  }
  return out;
}
