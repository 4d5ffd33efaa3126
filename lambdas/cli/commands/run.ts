import type { Command } from 'commander';
import { parseSourcesFile } from '../../core/sources-file';
import type { SourceDefinition } from '../../core/types';
import { runPass, type PassReport } from '../../core/use-cases/run-pass';
import { builtInSources } from '../../sources/registry';
import { buildFetcher } from '../../wiring';
import type { Subscriber } from '../../core/types';
import { delivery, withContext, type CliContext } from '../context';
import { unsubscribeUrlFor } from './digest';
import { readJsonFile } from '../input';
import { renderTable } from '../table';

export interface RunCommandOptions {
  sources?: string;
  allowPrivateNetwork?: boolean;
  json?: boolean;
}

export function loadSources(file: string | undefined): SourceDefinition[] {
  return file ? parseSourcesFile(readJsonFile(file), file) : builtInSources;
}

export function printPassReport(ctx: Pick<CliContext, 'out'>, report: PassReport): void {
  const rows = report.results.map((r) => [r.sourceId, r.ok ? 'ok' : `FAILED: ${r.failureClass}`, r.listed, r.newArticles, r.mentions, r.revised ?? 0, r.alertsSent ?? 0, `${(r.durationMs / 1000).toFixed(1)} s`]);
  ctx.out(renderTable(['source', 'status', 'listed', 'new', 'mentions', 'revised', 'alerts', 'time'], rows));
  const failed = report.results.filter((r) => !r.ok);
  // Reasons go below the table, whole, so the table stays narrow enough for a terminal.
  for (const r of failed) ctx.out(`  ${r.sourceId}: ${r.error}`);
  const totals = report.results.reduce((t, r) => ({ n: t.n + r.newArticles, m: t.m + r.mentions }), { n: 0, m: 0 });
  ctx.out(`${report.results.length - failed.length} of ${report.results.length} sources read; ${totals.n} new articles, ${totals.m} mentions.`);
  if (failed.length === report.results.length && failed.every((r) => r.failureClass === 'network' || r.failureClass === 'timeout')) {
    ctx.out('No source could be reached: this machine looks offline. `npm run demo` runs the same pass against local fixture sites.');
  }
}

export async function runCommand(options: RunCommandOptions): Promise<void> {
  const sources = loadSources(options.sources);
  await withContext(async (ctx) => {
    const fetcher = buildFetcher({ allowPrivateNetwork: options.allowPrivateNetwork });
    try {
      ctx.err(`Collecting ${sources.length} sources${options.sources ? ` from ${options.sources}` : ' (built-in)'}…`);
      const now = () => new Date();
      const alerts = ctx.config.admin ? { ...delivery, store: ctx.store, now, from: ctx.config.from, log: ctx.err, admin: ctx.config.admin, mailer: ctx.mailer } : undefined;
      const policyAlerts = { ...delivery, store: ctx.store, now, from: ctx.config.from, log: ctx.err, mailerFor: ctx.mailerFor, unsubscribeUrl: (s: Subscriber) => unsubscribeUrlFor(ctx, s) };
      const report = await runPass({ store: ctx.store, fetcher, now, log: ctx.err, alerts, policyAlerts }, sources);
      if (options.json) ctx.out(JSON.stringify(report));
      else printPassReport(ctx, report);
    } finally {
      await fetcher.close();
    }
  });
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('collect every source once: fetch, extract, match against the watchlist, store what is new')
    .option('--sources <file>', 'a JSON sources file to use instead of the built-in sources')
    .option('--allow-private-network', 'allow sources on loopback, private or link-local addresses (local test sites)')
    .option('--json', 'print the pass report as one JSON object')
    .action((options: RunCommandOptions) => runCommand(options));
}
