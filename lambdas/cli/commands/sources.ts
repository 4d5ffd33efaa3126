import type { Command } from 'commander';
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
import { registerSourcesTry } from './sources-try';
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

export function registerSources(program: Command): void {
  const sources = program.command('sources').description('the sites gzwatch reads: stored, each enabled or not, with their health');
  const list = async (options: { json?: boolean }) => {
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
  };
  sources.command('list', { isDefault: true }).description('every stored source with its health').option('--json', 'one JSON array').action(list);
  registerSourcesTry(sources);
  sources
    .command('seed')
    .description('store the built-in sources (new ones enabled; known ones updated, keeping enabled or not)')
    .action(async () => {
      await withContext(async (ctx) => {
        const { added, updated } = await seedSources(ctx.store, builtInSources, ctx.clock.now());
        ctx.out(`Built-in sources: ${added} added, ${updated} updated.`);
      });
    });
  sources
    .command('add [file]')
    .description('add the sources of a sources file, or one from --url; nothing is written unless all are valid')
    .option('--url <url>', 'the list page or feed of a new source')
    .option('--id <id>', 'with --url: the new source id (lowercase words joined by "-")')
    .option('--name <name>', 'with --url: a name people read')
    .option('--kind <kind>', 'with --url: news or policy', 'news')
    .option('--type <type>', 'with --url: html or rss (default: guessed from the URL)')
    .option('--match <regex>', 'with --url: article URLs must match this')
    .action(async (file: string | undefined, options: UrlOptions) => {
      if (!file === !options.url) throw new InputError('FILE: give a sources file or --url URL (not both)');
      const definitions = file ? parseSourcesFile(readJsonFile(file), file) : sourceFromFlags(options);
      await withContext(async (ctx) => {
        const { added } = await addSources(ctx.store, definitions, ctx.clock.now());
        ctx.out(`Added ${added} source(s): ${definitions.map((d) => d.id).join(', ')}. \`gzwatch sources check ID\` tries one now.`);
      });
    });
  sources
    .command('import <file>')
    .description('add or replace the sources of a sources file, all or nothing')
    .action(async (file: string) => {
      const definitions = parseSourcesFile(readJsonFile(file), file);
      await withContext(async (ctx) => {
        const { added, replaced } = await addSources(ctx.store, definitions, ctx.clock.now(), { replace: true });
        ctx.out(`Imported ${definitions.length} source(s): ${added} new, ${replaced} replaced.`);
      });
    });
  sources
    .command('export')
    .description('print the stored sources as a sources file (JSON)')
    .action(async () => {
      await withContext(async (ctx) => {
        const stored = await ctx.store.catalogue.list();
        ctx.out(JSON.stringify({ sources: stored.map((s) => asFileEntry(s.definition)) }, null, 2));
      });
    });
  for (const [verb, enabled] of [['enable', true], ['disable', false]] as const) {
    sources
      .command(`${verb} <id>`)
      .description(enabled ? 'collect this source again' : 'stop collecting this source (kept, with its history)')
      .action(async (id: string) => {
        await withContext(async (ctx) => {
          if (!(await ctx.store.catalogue.setEnabled(id, enabled))) throw new InputError(`ID: no source "${id}" (see \`gzwatch sources list\`)`);
          ctx.out(`${id}: ${enabled ? 'enabled' : 'disabled'}.`);
        });
      });
  }
  sources
    .command('forget <id>')
    .description('drop the health record of a source that no longer runs (a one-off sources file, a removed source)')
    .action(async (id: string) => {
      await withContext(async (ctx) => {
        if (!(await ctx.store.sources.forget(id))) throw new InputError(`ID: no health record for "${id}" (see \`gzwatch sources list\`)`);
        ctx.out(`${id}: health forgotten; it no longer appears in digests or \`gzwatch sources\`.`);
      });
    });
  sources
    .command('remove <id>')
    .description('delete a stored source (its articles and mentions stay)')
    .action(async (id: string) => {
      await withContext(async (ctx) => {
        if (!(await ctx.store.catalogue.remove(id))) throw new InputError(`ID: no source "${id}" (see \`gzwatch sources list\`)`);
        ctx.out(`${id}: removed. A built-in source comes back with \`gzwatch sources seed\`.`);
      });
    });
  sources
    .command('check [id]')
    .description('a dry pass: list and extract without storing anything, then print a table')
    .option('--sources <file>', 'check the sources of this file instead of the stored ones')
    .option('--allow-private-network', 'allow sources on loopback, private or link-local addresses')
    .action(async (id: string | undefined, options: { sources?: string; allowPrivateNetwork?: boolean }) => {
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
    });
}
