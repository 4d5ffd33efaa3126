import { digestDeps } from '../../composition/use-case-deps';
import type { DigestResult } from '../../core/use-cases/deliver-digests';
import { deliverDueDigests } from '../../core/use-cases/deliver-due-digests';
import { withContext, type CliContext } from '../context';
import { parseDateOption, parseEmail } from '../input';
import { renderTable } from '../table';

export interface DigestCommandOptions {
  date?: string;
  dryRun?: boolean;
  to?: string;
}

export function printDigestResults(ctx: Pick<CliContext, 'out'>, results: DigestResult[]): void {
  ctx.out(renderTable(['recipient', 'status', 'articles', 'subject / reason'], results.map((r) => [r.email, r.status, r.itemCount ?? '', r.error ?? r.subject ?? ''])));
  for (const r of results) if (r.previewPath) ctx.out(`Digest preview for ${r.email}: ${r.previewPath}`);
}

export async function digestCommand(options: DigestCommandOptions): Promise<number> {
  const date = parseDateOption(options.date);
  const only = options.to === undefined ? undefined : parseEmail(options.to, '--to');
  return withContext(async (ctx) => {
    ctx.err(`Delivering the digest through ${ctx.mailer.description}${options.dryRun ? ' (dry run: nothing is sent or recorded)' : ''}…`);
    // The operator asked now: every active subscriber, whatever their digest hour.
    const report = await deliverDueDigests(digestDeps(ctx), { at: ctx.clock.now(), date, only, ignoreHour: true, dryRun: options.dryRun });
    if (report.note) ctx.err(report.note);
    printDigestResults(ctx, report.results);
    const undelivered = report.results.filter((r) => r.status === 'failed' || r.status === 'in-flight');
    if (undelivered.length) {
      ctx.err(`${undelivered.length} digest(s) of ${report.date} not delivered; they stay in the outbox and \`gzwatch digest${options.date ? ` --date ${report.date}` : ''}\` retries them.`);
      return 1;
    }
    return 0;
  });
}

export async function digestAction(options: DigestCommandOptions): Promise<void> {
  process.exitCode = await digestCommand(options);
}
