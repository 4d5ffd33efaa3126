import { collectDeps } from '../../composition/use-case-deps';
import { parseSourcesFile } from '../../core/sources-file';
import type { SourceDefinition } from '../../core/types';
import { collectSources, type PassReport } from '../../core/use-cases/collect-sources';
import { builtInSources } from '../../sources/registry';
import { withContext, type CliContext } from '../context';
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
  for (const e of report.infrastructureErrors) rows.push([e.sourceId, 'NOT COLLECTED', 0, 0, 0, 0, 0, '']);
  ctx.out(renderTable(['source', 'status', 'listed', 'new', 'mentions', 'revised', 'alerts', 'time'], rows));
  const failed = report.results.filter((r) => !r.ok);
  // Reasons go below the table, whole, so the table stays narrow enough for a terminal.
  for (const r of failed) ctx.out(`  ${r.sourceId}: ${r.error}`);
  for (const e of report.infrastructureErrors) ctx.out(`  ${e.sourceId}: gzwatch's own error, not the site's: ${e.error}`);
  const totals = report.results.reduce((t, r) => ({ n: t.n + r.newArticles, m: t.m + r.mentions }), { n: 0, m: 0 });
  const all = report.results.length + report.infrastructureErrors.length;
  ctx.out(`${report.results.length - failed.length} of ${all} sources read; ${totals.n} new articles, ${totals.m} mentions.`);
  if (report.backfill) ctx.out(`${report.backfill} of the new articles were published more than 72 hours before gzwatch saw them: stored and counted, but not alerted and not in digests.`);
  if (report.alerts.documents) ctx.out(`Policy alerts: ${report.alerts.documents} new or revised documents named on the watchlist; ${report.alerts.messages} message(s) sent${report.alerts.failed ? `, ${report.alerts.failed} left in the outbox` : ''}.`);
  if (failed.length && failed.length === report.results.length && failed.every((r) => r.failureClass === 'network' || r.failureClass === 'timeout')) {
    ctx.out('No source could be reached: this machine looks offline. `npm run demo` runs the same pass against local fixture sites.');
  }
  if (report.infrastructureErrors.length) ctx.out('Some sources were not collected because of an error in gzwatch or its store (see above); nothing was recorded against them. Fix it and run again.');
}

/** Exit 1 when gzwatch itself (not a site) kept a source from being collected. */
export async function runCommand(options: RunCommandOptions): Promise<number> {
  const file = options.sources ? loadSources(options.sources) : undefined;
  return withContext(
    async (ctx) => {
      const sources = await ctx.sources.list();
      ctx.err(`Collecting ${sources.length} sources${options.sources ? ` from ${options.sources}` : ' (built-in)'}…`);
      const report = await collectSources(collectDeps(ctx), sources);
      if (options.json) ctx.out(JSON.stringify(report));
      else printPassReport(ctx, report);
      return report.infrastructureErrors.length ? 1 : 0;
    },
    { sources: file, fetch: { allowPrivateNetwork: options.allowPrivateNetwork } },
  );
}

export async function runAction(options: RunCommandOptions): Promise<void> {
  process.exitCode = await runCommand(options);
}
