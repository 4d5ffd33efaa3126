import { createHash } from 'node:crypto';
import { safeHref } from '../digest/escape-html';
import type { MentionRecord } from '../ports';
import { text, type WebRequest, type WebResponse } from './http';
import type * as FeedModule from 'feed' with { 'resolution-mode': 'import' };


export type FeedKind = 'atom' | 'rss' | 'json';

export interface FeedSpec {
  title: string;
  description: string;
  /** The page the feed belongs to. */
  home: string;
  /** This feed's own URL. */
  self: string;
  /** Newest first. */
  records: MentionRecord[];
  /** Private feeds must not sit in shared caches. */
  private?: boolean;
}

const itemDate = (r: MentionRecord) => new Date(r.publishedAt ?? r.firstSeenAt);

/** One item per article: several entities of one feed mentioning the same article are one entry. */
function items(records: MentionRecord[]): MentionRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => !seen.has(r.articleId) && seen.add(r.articleId) && safeHref(r.url) !== undefined).slice(0, 50);
}

function summary(r: MentionRecord): string {
  const sentence = (r.mentions.find((m) => m.field === 'body') ?? r.mentions[0])?.snippet ?? '';
  return `${r.source}: ${sentence}`.trim();
}

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/); the `feed` package writes 1.0. */
function jsonFeed(spec: FeedSpec, list: MentionRecord[]): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: spec.title,
    description: spec.description,
    home_page_url: spec.home,
    feed_url: spec.self,
    language: 'zh-CN',
    items: list.map((r) => ({
      id: r.url,
      url: r.url,
      title: r.title,
      content_text: summary(r),
      date_published: itemDate(r).toISOString(),
      authors: [{ name: r.source }],
      tags: [...new Set(r.mentions.map((m) => m.name))],
    })),
  });
}

function xmlFeed(spec: FeedSpec, list: MentionRecord[], kind: 'atom' | 'rss'): string {
  const updated = list.length ? new Date(Math.max(...list.map((r) => Date.parse(r.firstSeenAt)))) : new Date(0);
  // Required here, not at the top: only feed requests need it (with its XML writer), and in the
  // Lambda it is a separate file (lib/bundling.ts LAZY_PACKAGES) that other pages never read.
  // feed publishes ESM typings while Node's require gets its CommonJS build: types from the one, code from the other.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Feed } = require('feed') as typeof FeedModule;
  const feed = new Feed({
    title: spec.title,
    description: spec.description,
    id: spec.home,
    link: spec.home,
    language: 'zh-CN',
    updated,
    generator: 'gzwatch',
    copyright: 'Titles and sentences as published by their sources',
    feedLinks: { [kind]: spec.self },
  });
  for (const r of list) {
    feed.addItem({ title: r.title, id: r.url, link: r.url, date: itemDate(r), description: summary(r), author: [{ name: r.source }] });
  }
  return kind === 'atom' ? feed.atom1() : feed.rss2();
}

const CONTENT_TYPES: Record<FeedKind, string> = {
  atom: 'application/atom+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

/**
 * A feed with validators: the ETag is the hash of the body and Last-Modified the newest record's
 * first sighting, so an unchanged feed answers 304 to If-None-Match or If-Modified-Since.
 */
export function feedResponse(request: WebRequest, spec: FeedSpec, kind: FeedKind): WebResponse {
  const list = items(spec.records);
  const body = kind === 'json' ? jsonFeed(spec, list) : xmlFeed(spec, list, kind);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const newest = list.length ? Math.max(...list.map((r) => Date.parse(r.firstSeenAt))) : 0;
  const lastModified = new Date(Math.floor(newest / 1000) * 1000).toUTCString();
  const headers = { ETag: etag, 'Last-Modified': lastModified, 'Cache-Control': spec.private ? 'private, max-age=300' : 'public, max-age=300' };
  const inm = request.headers['if-none-match'];
  const ims = request.headers['if-modified-since'];
  const fresh = inm !== undefined ? inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag) : ims !== undefined && Date.parse(ims) >= Math.floor(newest / 1000) * 1000;
  if (fresh) return { status: 304, headers, body: '' };
  return text(200, body, CONTENT_TYPES[kind], headers);
}
