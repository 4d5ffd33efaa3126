import path from 'node:path';
import { decodeBody } from '../../composition/local';
import { extractArticle } from '../../core/extract';
import { buildFetcher } from '../../composition/local';
import { readInput } from '../input';

interface ExtractOptions {
  json?: boolean;
  allowPrivateNetwork?: boolean;
}

export async function extractCommand(target: string, options: ExtractOptions): Promise<void> {
  let html: string;
  let url: string;
  if (/^https?:\/\//i.test(target)) {
    const fetcher = buildFetcher({ allowPrivateNetwork: options.allowPrivateNetwork, perHostDelayMs: 0 });
    try {
      const page = await fetcher.get(target);
      html = page.text;
      url = page.url;
    } finally {
      await fetcher.close();
    }
  } else {
    const bytes = readInput(target);
    html = decodeBody(bytes, '', target).text;
    url = target === '-' ? 'file:///stdin' : `file://${path.resolve(target)}`;
  }
  const host = /^https?:/.test(url) ? new URL(url).hostname : 'file';
  const article = extractArticle(html, url, { source: host });
  const { url: u, title, publishedAt, body, source } = article;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ url: u, title, publishedAt, body, source })}\n`);
    return;
  }
  process.stdout.write(`${title}\n${publishedAt ?? 'date unknown'} · ${u}\n\n${body}\n`);
}
