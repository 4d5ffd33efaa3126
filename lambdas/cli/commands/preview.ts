import fs from 'node:fs/promises';
import path from 'node:path';
import { digestDeps } from '../../composition/use-case-deps';
import { shanghaiDate } from '../../core/time';
import { composeDigest } from '../../core/use-cases/deliver-digests';
import { digestRecipients } from '../../core/use-cases/deliver-due-digests';
import { withContext } from '../context';
import { parseDateOption, parseEmail } from '../input';

/** Writes what the digest would hold right now to an HTML file (chart embedded), sending and recording nothing. */
export async function previewCommand(options: { date?: string; to?: string }): Promise<void> {
  const date = parseDateOption(options.date) ?? shanghaiDate(new Date());
  const to = options.to === undefined ? undefined : parseEmail(options.to, '--to');
  await withContext(async (ctx) => {
    const deps = digestDeps(ctx);
    const { list } = await digestRecipients(deps, { at: ctx.clock.now(), only: to, ignoreHour: true }, date);
    const subscriber = list[0];
    if (!subscriber) throw new Error('nobody to preview for: every subscriber has left; add one with `gzwatch subscribers add EMAIL` or pass --to');
    const { rendered } = await composeDigest(deps, subscriber, date, 'data');
    const dir = path.join(ctx.config.home, 'preview');
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, `digest-${date}-${subscriber.email.replace(/[^A-Za-z0-9@._-]/g, '_')}.html`);
    await fs.writeFile(file, rendered.html);
    ctx.err(`${rendered.subject} (for ${subscriber.email})`);
    ctx.out(file);
  });
}
