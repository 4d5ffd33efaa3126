import { buildFetcher } from '../../composition/local';
import { SourceFailure } from '../../core/errors';
import { extractArticle } from '../../core/extract/extract-article';
import { proposeArticleSelectors, proposeList } from '../../core/extract/propose-source';
import { stripTitleSuffix } from '../../core/extract/title';
import { parseSourcesFile } from '../../core/sources-file';
import { formatShanghai } from '../../core/time';
import { addSources } from '../../core/use-cases/source-catalogue';
import { withContext } from '../context';

interface TryOptions {
  save?: boolean;
  id?: string;
  kind?: string;
  allowPrivateNetwork?: boolean;
  json?: boolean;
}

/** www.hp.gov.cn/gzjg/…/tzgg/index.html → hp-gov-cn-tzgg: a starting id people can keep or replace. */
function idFor(url: string): string {
  const u = new URL(url);
  const host = u.hostname.replace(/^www\./, '').split('.').slice(0, 3);
  const last = u.pathname.split('/').filter((p) => p && !/^index/.test(p)).pop() ?? '';
  return [...host, last].join('-').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** `gzwatch sources try URL`: propose a definition for a list page, show what it reads, optionally store it. */
export async function trySource(url: string, options: TryOptions): Promise<void> {
  const fetcher = buildFetcher({ allowPrivateNetwork: options.allowPrivateNetwork });
  try {
    let page;
    try {
      page = await fetcher.get(url);
    } catch (error) {
      if (!(error instanceof SourceFailure)) throw error;
      process.stderr.write(`无法读取 ${url}: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    const found = proposeList(page.text, page.url);
    if (!found.ok) {
      process.stderr.write(`没有找到文章列表 / no list found: ${found.reason}\n`);
      process.exitCode = 1;
      return;
    }
    const { proposal } = found;
    // A sample that cannot be read is left out (and said so): the others still show the proposal.
    const read = await Promise.all(
      proposal.urls.slice(0, 3).map(async (u) => {
        try {
          return { url: u, html: (await fetcher.get(u)).text };
        } catch (error) {
          if (!(error instanceof SourceFailure)) throw error;
          process.stderr.write(`${u}: ${error.message}\n`);
          return null;
        }
      }),
    );
    const samples = read.filter((s): s is { url: string; html: string } => s !== null);
    const article = proposeArticleSelectors(samples);
    const definition = {
      id: options.id ?? idFor(page.url),
      name: stripTitleSuffix(proposal.pageTitle) || new URL(page.url).hostname,
      kind: options.kind ?? 'news',
      type: 'html',
      url: page.url,
      list: proposal.list,
      match: proposal.match,
      ...(Object.keys(article).length ? { article } : {}),
      notes: `proposed by gzwatch sources try; the page was read as ${page.charset}`,
      reference: `gzwatch sources try ${page.url}`,
    };
    // Validated before anything is shown as savable: a bad --id or --kind names its field.
    const [parsed] = parseSourcesFile({ sources: [definition] }, 'sources try');
    if (options.json) process.stdout.write(`${JSON.stringify(definition, null, 2)}\n`);
    else {
      process.stdout.write(`列表 ${proposal.urls.length} 篇文章 / ${proposal.urls.length} articles listed on ${page.url} (${page.charset})\n\n`);
      for (const s of samples) {
        try {
          const a = extractArticle(s.html, s.url, { selectors: article, source: definition.id });
          const date = a.publishedAt ? formatShanghai(a.publishedAt) : '（无日期）';
          process.stdout.write(`• ${a.title}\n  ${date}  ${s.url}\n  ${a.body.replace(/\s+/g, ' ').slice(0, 80)}\n\n`);
        } catch (error) {
          if (!(error instanceof SourceFailure)) throw error;
          process.stdout.write(`• ${s.url}: ${error.message}\n\n`);
        }
      }
      process.stdout.write(`${JSON.stringify({ sources: [definition] }, null, 2)}\n`);
    }
    if (!options.save) {
      if (!options.json) process.stderr.write('Store it with --save (and --id ID, --kind news|policy).\n');
      return;
    }
    await withContext(async (ctx) => {
      await addSources(ctx.store, [parsed!], ctx.clock.now());
      ctx.err(`Saved ${parsed!.id}. \`gzwatch sources check ${parsed!.id}\` runs it once.`);
    });
  } finally {
    await fetcher.close();
  }
}
