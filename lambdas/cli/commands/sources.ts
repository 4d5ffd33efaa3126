import { collectSource } from '../../core/collect-source';
import { InputError, SourceFailure } from '../../core/errors';
import { parseSourcesFile } from '../../core/sources-file';
import { redactText, redactUrl } from '../../core/redact';
import { formatShanghai } from '../../core/time';
import type { SourceDefinition, SourceHealth } from '../../core/types';
import { addSources, intervalMinutes, seedSources } from '../../core/use-cases/source-catalogue';
import { builtInSources } from '../../sources/registry';
import { buildFetcher } from '../../composition/local';
import { withContext } from '../context';
import { readLocalConfig } from '../../composition/config';
import { resolveRsshub } from '../../core/rsshub';
import { readJsonFile } from '../input';
import { loadSources } from './run';
import { renderTable } from '../table';

interface UrlOptions {
  url?: string;
  id?: string;
  name?: string;
  kind?: string;
  type?: string;
  match?: string;
}

/** `sources add --url …`: a source from flags, validated by the same rules as a sources file. */
function sourceFromFlags(o: UrlOptions): SourceDefinition[] {
  const raw = { id: o.id, name: o.name ?? o.id, kind: o.kind ?? 'news', type: o.type ?? (/\.(xml|rss|atom)$|\/(feed|rss)\/?$/i.test(o.url ?? '') ? 'rss' : 'html'), url: o.url, ...(o.match ? { match: o.match } : {}) };
  return parseSourcesFile({ sources: [raw] }, '--url');
}

/** A definition as a sources file writes it (one `url`), so `export` feeds `import`. */
function asFileEntry(s: SourceDefinition): Record<string, unknown> {
  const { urls, ...rest } = s;
  // An RSSHub route has no URL of its own until collected.
  if (!urls.length) return rest;
  return urls.length === 1 ? { ...rest, url: urls[0] } : { ...rest, urls };
}

export async function listSources(options: { json?: boolean }): Promise<void> {
  await withContext(async (ctx) => {
    const health = new Map((await ctx.store.sources.list()).map((h) => [h.sourceId, h]));
    const stored = await ctx.store.catalogue.list();
    const rows: { id: string; name: string; kind: string; type: string; url?: string; enabled: boolean; builtIn: boolean; intervalMinutes?: number; health: SourceHealth | null }[] = stored.map((s) => ({ id: s.definition.id, name: s.definition.name, kind: s.definition.kind, type: s.definition.type, url: redactUrl(s.definition.urls[0] ?? (s.definition.type === 'rss' && s.definition.rsshub ? `rsshub:${s.definition.rsshub}` : '')), enabled: s.enabled, builtIn: s.builtIn, intervalMinutes: intervalMinutes(s.definition), health: health.get(s.definition.id) ?? null }));
    // Sources run from a --sources file have health records too, though no stored definition.
    const ids = new Set(rows.map((r) => r.id));
    for (const h of health.values()) if (!ids.has(h.sourceId)) rows.push({ id: h.sourceId, name: h.sourceName, kind: 'sources file', type: 'sources file', enabled: false, builtIn: false, health: h });
    if (options.json) return ctx.out(JSON.stringify(rows));
    ctx.out(
      renderTable(
        ['id', 'kind', 'on', 'every', 'last success', 'fails', 'last error'],
        rows.map((r) => [r.id, r.kind, r.kind === 'sources file' ? '—' : r.enabled ? 'yes' : 'no', r.intervalMinutes ? `${r.intervalMinutes} min` : '', r.health?.lastSuccessAt ? formatShanghai(r.health.lastSuccessAt) : 'never', r.health?.consecutiveFailures ?? 0, (r.health?.lastError ?? (r.health?.warning ? `warning: ${r.health.warning}` : '')).slice(0, 40)]),
      ),
    );
    ctx.err(`${rows.filter((r) => r.enabled).length} of ${rows.length} sources enabled. Add one: gzwatch sources add FILE, or --url URL --id ID.`);
  });
}

export async function seedBuiltInSources(): Promise<void> {
  await withContext(async (ctx) => {
    const { added, updated } = await seedSources(ctx.store, builtInSources, ctx.clock.now());
    ctx.out(`Built-in sources: ${added} added, ${updated} updated.`);
  });
}

export async function addSourceDefinitions(file: string | undefined, options: UrlOptions): Promise<void> {
  if (!file === !options.url) throw new InputError('FILE: give a sources file or --url URL (not both)');
  const definitions = file ? parseSourcesFile(readJsonFile(file), file) : sourceFromFlags(options);
  await withContext(async (ctx) => {
    const { added } = await addSources(ctx.store, definitions, ctx.clock.now());
    ctx.out(`Added ${added} source(s): ${definitions.map((d) => d.id).join(', ')}. \`gzwatch sources check ID\` tries one now.`);
  });
}

export async function importSources(file: string): Promise<void> {
  const definitions = parseSourcesFile(readJsonFile(file), file);
  await withContext(async (ctx) => {
    const { added, replaced } = await addSources(ctx.store, definitions, ctx.clock.now(), { replace: true });
    ctx.out(`Imported ${definitions.length} source(s): ${added} new, ${replaced} replaced.`);
  });
}

export async function exportSources(): Promise<void> {
  await withContext(async (ctx) => {
    const stored = await ctx.store.catalogue.list();
    ctx.out(JSON.stringify({ sources: stored.map((s) => asFileEntry(s.definition)) }, null, 2));
  });
}

async function setEnabled(id: string, enabled: boolean): Promise<void> {
  await withContext(async (ctx) => {
    if (!(await ctx.store.catalogue.setEnabled(id, enabled))) throw new InputError(`ID: no source "${id}" (see \`gzwatch sources list\`)`);
    ctx.out(`${id}: ${enabled ? 'enabled' : 'disabled'}.`);
  });
}

export const enableSource = (id: string): Promise<void> => setEnabled(id, true);
export const disableSource = (id: string): Promise<void> => setEnabled(id, false);

export async function forgetSource(id: string): Promise<void> {
  await withContext(async (ctx) => {
    if (!(await ctx.store.sources.forget(id))) throw new InputError(`ID: no health record for "${id}" (see \`gzwatch sources list\`)`);
    ctx.out(`${id}: health forgotten; it no longer appears in digests or \`gzwatch sources\`.`);
  });
}

export async function removeSource(id: string): Promise<void> {
  await withContext(async (ctx) => {
    if (!(await ctx.store.catalogue.remove(id))) throw new InputError(`ID: no source "${id}" (see \`gzwatch sources list\`)`);
    ctx.out(`${id}: removed. A built-in source comes back with \`gzwatch sources seed\`.`);
  });
}

export async function checkSources(id: string | undefined, options: { sources?: string; allowPrivateNetwork?: boolean }): Promise<void> {
  const all = options.sources ? loadSources(options.sources) : await withContext(async (ctx) => (await ctx.store.catalogue.list()).map((s) => s.definition));
  const chosen = id ? all.filter((s) => s.id === id) : all;
  if (id && !chosen.length) throw new InputError(`ID: no source "${id}" (see \`gzwatch sources list\`)`);
  const fetcher = buildFetcher({ allowPrivateNetwork: options.allowPrivateNetwork });
  try {
    const rows = await Promise.all(
      chosen.map(async (source) => {
        const started = Date.now();
        try {
          const result = await collectSource(resolveRsshub(source, readLocalConfig().rsshubBase), { fetcher, isKnown: async () => false, deadline: started + 120_000, maxArticles: 3, now: () => new Date() });
          process.stderr.write(`${source.id}: ok\n`);
          for (const warning of result.warnings) process.stderr.write(`${source.id}: ${warning.message}\n`);
          return [source.id, result.warnings.length ? 'ok, layout-changed' : 'ok', result.listed.length, result.articles.length, `${((Date.now() - started) / 1000).toFixed(1)} s`, result.articles[0]?.title ?? ''];
        } catch (error) {
          if (!(error instanceof SourceFailure)) throw error;
          process.stderr.write(`${source.id}: FAILED\n`);
          return [source.id, `FAILED: ${error.failureClass}`, 0, 0, `${((Date.now() - started) / 1000).toFixed(1)} s`, redactText(error.message).slice(0, 90)];
        }
      }),
    );
    process.stdout.write(`${renderTable(['source', 'status', 'listed', 'extracted (max 3)', 'time', 'first title / error'], rows)}\n`);
  } finally {
    await fetcher.close();
  }
}
