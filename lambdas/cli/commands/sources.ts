import type { Command } from 'commander';
import { collectSource } from '../../core/collect-source';
import { InputError, SourceFailure } from '../../core/errors';
import { formatShanghai } from '../../core/time';
import type { SourceHealth } from '../../core/types';
import { builtInSources } from '../../sources/registry';
import { buildFetcher } from '../../wiring';
import { withContext } from '../context';
import { loadSources } from './run';
import { renderTable } from '../table';

export function registerSources(program: Command): void {
  const sources = program.command('sources').description('the sites gzwatch reads, and their health');
  const list = async (options: { json?: boolean }) => {
    await withContext(async (ctx) => {
      const health = new Map((await ctx.store.sources.list()).map((h) => [h.sourceId, h]));
      const rows: { id: string; name: string; kind: string; type: string; url?: string; health: SourceHealth | null }[] = builtInSources.map((s) => ({
        id: s.id,
        name: s.name,
        kind: s.kind,
        type: s.type,
        url: s.urls[0],
        health: health.get(s.id) ?? null,
      }));
      // Sources from a --sources file have health records too, though not a definition here.
      for (const h of health.values()) {
        if (!builtInSources.some((s) => s.id === h.sourceId)) rows.push({ id: h.sourceId, name: h.sourceName, kind: 'sources file', type: 'sources file', health: h });
      }
      if (options.json) {
        ctx.out(JSON.stringify(rows));
        return;
      }
      ctx.out(
        renderTable(
          ['id', 'name', 'kind', 'last success', 'failures', 'last error'],
          rows.map((r) => [r.id, r.name, r.kind, r.health?.lastSuccessAt ? formatShanghai(r.health.lastSuccessAt) : 'never', r.health?.consecutiveFailures ?? 0, r.health?.lastError?.slice(0, 80) ?? '']),
        ),
      );
    });
  };
  sources.command('list', { isDefault: true }).description('every built-in source with its health').option('--json', 'one JSON array').action(list);
  sources
    .command('check [id]')
    .description('a dry pass: list and extract without storing anything, then print a table')
    .option('--sources <file>', 'check the sources of this file instead of the built-in ones')
    .option('--allow-private-network', 'allow sources on loopback, private or link-local addresses')
    .action(async (id: string | undefined, options: { sources?: string; allowPrivateNetwork?: boolean }) => {
      const all = loadSources(options.sources);
      const chosen = id ? all.filter((s) => s.id === id) : all;
      if (id && !chosen.length) throw new InputError(`ID: no source "${id}" (see \`gzwatch sources list\`)`);
      const fetcher = buildFetcher({ allowPrivateNetwork: options.allowPrivateNetwork });
      try {
        const rows = await Promise.all(
          chosen.map(async (source) => {
            const started = Date.now();
            try {
              const result = await collectSource(source, { fetcher, isKnown: async () => false, deadline: started + 120_000, maxArticles: 3, now: () => new Date() });
              process.stderr.write(`${source.id}: ok\n`);
              for (const warning of result.warnings) process.stderr.write(`${source.id}: ${warning.message}\n`);
              return [source.id, result.warnings.length ? 'ok, layout-changed' : 'ok', result.listed.length, result.articles.length, `${((Date.now() - started) / 1000).toFixed(1)} s`, result.articles[0]?.title ?? ''];
            } catch (error) {
              const failureClass = error instanceof SourceFailure ? error.failureClass : 'extraction';
              process.stderr.write(`${source.id}: FAILED\n`);
              return [source.id, `FAILED: ${failureClass}`, 0, 0, `${((Date.now() - started) / 1000).toFixed(1)} s`, (error as Error).message.slice(0, 90)];
            }
          }),
        );
        process.stdout.write(`${renderTable(['source', 'status', 'listed', 'extracted (max 3)', 'time', 'first title / error'], rows)}\n`);
      } finally {
        await fetcher.close();
      }
    });
}
