import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { unsubscribeUrl } from '../../core/digest/unsubscribe-url';
import { shanghaiDate } from '../../core/time';
import type { Subscriber } from '../../core/types';
import { deliverDigests, type DigestResult } from '../../core/use-cases/deliver-digests';
import { PLACEHOLDER_SUBSCRIBER } from '../../wiring';
import { delivery, withContext, type CliContext } from '../context';
import { parseDateOption, parseEmail } from '../input';
import { renderTable } from '../table';

export interface DigestCommandOptions {
  date?: string;
  dryRun?: boolean;
  to?: string;
}

function adHocSubscriber(email: string): Subscriber {
  return { email, follows: [], digestHour: 8, status: 'active', unsubscribeToken: randomBytes(12).toString('hex'), sendEmpty: true, createdAt: new Date().toISOString() };
}

export function unsubscribeUrlFor(ctx: Pick<CliContext, 'config'>, subscriber: Subscriber): string {
  return unsubscribeUrl(ctx.config.unsubscribeBase, ctx.config.from, subscriber.unsubscribeToken);
}

/** Who gets this digest: `--to`, else every active subscriber, else the local default. */
export async function recipients(ctx: CliContext, to: string | undefined): Promise<{ list: Subscriber[]; note?: string }> {
  if (to) return { list: [(await ctx.store.subscribers.get(to)) ?? adHocSubscriber(to)] };
  const all = (await ctx.store.subscribers.list()).filter((s) => s.status === 'active');
  if (all.length) return { list: all };
  const email = ctx.config.digestTo ?? PLACEHOLDER_SUBSCRIBER;
  return {
    list: [adHocSubscriber(email)],
    note: `No subscribers yet: sending to ${email}${email === PLACEHOLDER_SUBSCRIBER ? ' (the local outbox)' : ''}. Add one with \`gzwatch subscribers add EMAIL\`.`,
  };
}

export function printDigestResults(ctx: Pick<CliContext, 'out'>, results: DigestResult[]): void {
  ctx.out(renderTable(['recipient', 'status', 'articles', 'subject / reason'], results.map((r) => [r.email, r.status, r.itemCount ?? '', r.error ?? r.subject ?? ''])));
  for (const r of results) if (r.previewPath) ctx.out(`Digest preview for ${r.email}: ${r.previewPath}`);
}

export async function digestCommand(options: DigestCommandOptions): Promise<number> {
  const date = parseDateOption(options.date) ?? shanghaiDate(new Date());
  const to = options.to === undefined ? undefined : parseEmail(options.to, '--to');
  return withContext(async (ctx) => {
    const { list, note } = await recipients(ctx, to);
    if (note) ctx.err(note);
    ctx.err(`Delivering the digest of ${date} through ${ctx.mailer.description}${options.dryRun ? ' (dry run: nothing is sent or recorded)' : ''}…`);
    const results = await deliverDigests(
      { ...delivery, store: ctx.store, mailerFor: ctx.mailerFor, now: () => new Date(), from: ctx.config.from, log: ctx.err, unsubscribeUrl: (s) => unsubscribeUrlFor(ctx, s) },
      list,
      date,
      { dryRun: options.dryRun },
    );
    printDigestResults(ctx, results);
    const undelivered = results.filter((r) => r.status === 'failed' || r.status === 'in-flight');
    if (undelivered.length) {
      ctx.err(`${undelivered.length} digest(s) not delivered; they stay in the outbox and \`gzwatch digest${options.date ? ` --date ${date}` : ''}\` retries them.`);
      return 1;
    }
    return 0;
  });
}

export function registerDigest(program: Command): void {
  program
    .command('digest')
    .description('deliver the digest due on a day (Asia/Shanghai) to every active subscriber, once')
    .option('--date <YYYY-MM-DD>', 'the digest date (default: today in Asia/Shanghai)')
    .option('--dry-run', 'render and show the digest without sending or recording anything')
    .option('--to <email>', 'deliver only to this address')
    .action(async (options: DigestCommandOptions) => {
      process.exitCode = await digestCommand(options);
    });
}
