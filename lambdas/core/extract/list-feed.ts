/** RSS 2.0 and Atom feeds, read with rss-parser (it knows the variants; we only map fields). */
import Parser from 'rss-parser';
import { SourceFailure } from '../errors';
import { absoluteUrl } from '../canonical-url';
import { parseChineseDate } from '../dates';
import type { ListedItem } from '../types';
import { cleanInline, htmlToText } from './text';

type FeedItem = Parser.Item & { 'content:encoded'?: string; summary?: string; id?: string };

const parser: Parser<Record<string, unknown>, FeedItem> = new Parser();

export async function parseFeed(xml: string, pageUrl: string): Promise<ListedItem[]> {
  let feed: Parser.Output<FeedItem>;
  try {
    feed = await parser.parseString(xml.replace(/^\ufeff/, '').trim());
  } catch (error) {
    throw new SourceFailure('extraction', `feed at ${pageUrl} could not be read: ${(error as Error).message}`, pageUrl);
  }
  const isAtom = /<feed[\s>]/.test(xml.slice(0, 2000));
  const out: ListedItem[] = [];
  for (const entry of feed.items ?? []) {
    const guid = entry.guid ?? entry.id;
    const url = absoluteUrl(entry.link ?? (guid && /^https?:/.test(guid) ? guid : undefined), pageUrl);
    if (!url) continue;
    const item: ListedItem = { url };
    const title = cleanInline(entry.title ?? '');
    if (title) item.title = title;
    // pubDate first: rss-parser's isoDate reads zone-less dates in the server's zone, not Beijing's.
    const published = parseChineseDate(entry.pubDate ?? '') ?? parseChineseDate(entry.isoDate ?? '');
    if (published) item.publishedAt = published;
    // Full text: RSS content:encoded, or Atom <content> (rss-parser puts RSS <description> in `content`).
    const fullHtml = entry['content:encoded'] ?? (isAtom ? entry.content : undefined);
    const body = fullHtml ? htmlToText(fullHtml) : '';
    if (body) item.body = body;
    const summaryHtml = isAtom ? entry.summary : entry.content;
    const summary = summaryHtml ? htmlToText(summaryHtml) : (entry.contentSnippet ?? '');
    if (summary && summary !== body) item.summary = summary;
    out.push(item);
  }
  return out;
}
