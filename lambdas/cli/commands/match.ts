import { buildMatcher } from '../../core/matcher';
import type { Mention } from '../../core/types';
import { withContext } from '../context';
import { readInput } from '../input';
import { renderTable } from '../table';

interface MatchOptions {
  html?: boolean;
  lines?: boolean;
  json?: boolean;
}

export async function matchCommand(file: string | undefined, options: MatchOptions): Promise<void> {
  const bytes = readInput(file);
  await withContext(async (ctx) => {
    const matcher = buildMatcher((await ctx.store.watchlist.list()).filter((e) => e.enabled), { words: ctx.words });
    let mentions: Mention[];
    if (options.html) {
      // Only --html needs the page decoder and cheerio: required here, plain text never loads them.
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { decodeBody } = require('../../composition/local') as typeof import('../../composition/local');
      const { extractArticle } = require('../../core/extract') as typeof import('../../core/extract');
      /* eslint-enable @typescript-eslint/no-require-imports */
      const { text } = decodeBody(bytes, '', file ?? 'stdin');
      const article = extractArticle(text, 'file:///' + (file ?? 'stdin'), {});
      mentions = matcher.matchDocument({ title: article.title, body: article.body });
    } else {
      const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
      if (options.lines) {
        mentions = text.split(/\r?\n/).flatMap((line, i) => matcher.matchText(line, 'body').map((m) => ({ ...m, line: i + 1 })));
      } else {
        mentions = matcher.matchText(text, 'body');
      }
    }
    if (options.json) {
      for (const m of mentions) ctx.out(JSON.stringify(m));
      return;
    }
    if (!mentions.length) {
      ctx.out('No mentions.');
      return;
    }
    const head = [...(options.lines ? ['line'] : []), 'entity', 'text', 'at', 'why 依据', 'snippet'];
    // The Chinese half of the reason keeps the table narrow; --json has it in full.
    const why = (m: Mention): string => (m.reason ?? '').replace(/ \(.*\)$/, '');
    ctx.out(renderTable(head, mentions.map((m) => [...(options.lines ? [m.line ?? ''] : []), `${m.name}\n${m.entityId}`, m.text, `${m.field} ${m.start}-${m.end}`, why(m), m.snippet]), options.lines ? [6, 16, 8, 9, 16, 19] : [18, 10, 9, 18, 19]));
  });
}
