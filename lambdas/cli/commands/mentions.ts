import { formatShanghai } from '../../core/time';
import type { MentionRecord } from '../../core/ports';
import { InputError } from '../../core/errors';
import { withContext } from '../context';
import { parseDateOption } from '../input';
import { renderTable } from '../table';

interface MentionsOptions {
  entity?: string;
  since?: string;
  json?: boolean;
  limit?: string;
}

export async function mentionsCommand(options: MentionsOptions): Promise<void> {
  const since = parseDateOption(options.since, '--since');
  const limit = Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new InputError(`--limit: "${options.limit}" is not a positive whole number`);
  await withContext(async (ctx) => {
    const entities = await ctx.store.watchlist.list();
    if (options.entity && !entities.some((e) => e.id === options.entity)) throw new InputError(`--entity: no entity "${options.entity}" on the watchlist (see \`gzwatch watchlist list\`)`);
    const ids = options.entity ? [options.entity] : entities.map((e) => e.id);
    const records: MentionRecord[] = [];
    for (const id of ids) records.push(...(await ctx.store.mentions.listForEntity(id, { since, limit })));
    records.sort((a, b) => b.firstSeenAt.localeCompare(a.firstSeenAt));
    const shown = records.slice(0, limit);
    if (options.json) {
      for (const r of shown) ctx.out(JSON.stringify(r));
      return;
    }
    if (!shown.length) {
      ctx.out('No mentions stored yet. `gzwatch run` collects the sources.');
      return;
    }
    ctx.out(renderTable(['seen', 'entity', 'title', 'source', 'url'], shown.map((r) => [formatShanghai(r.firstSeenAt), r.mentions[0]?.name ?? r.entityId, r.title, r.source, r.url])));
  });
}
