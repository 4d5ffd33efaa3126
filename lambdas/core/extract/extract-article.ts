/** One article page (HTML already decoded to text) → title, date, plain-text body, metadata. */
import { siteFailure } from '../errors';
import type { ArticleSelectors, ExtractedArticle } from '../types';
import { parseChineseDate } from '../dates';
import { bodyByDensity, bodyFromKnownContainers, bodyFromSelector, isSubstantial } from './body';
import { gkmlptMeta, readAttachments, readGkmlptDetail, readPageMeta } from './metadata';
import { findPublished } from './published';
import { cleanInline, htmlToText, loadHtml } from './text';
import { findTitle, stripTitleSuffix } from './title';
import { dropNoiseLines } from './boilerplate';

export interface ExtractOptions {
  selectors?: ArticleSelectors;
  /** Source id recorded on the article; defaults to the page's host name. */
  source?: string;
  /** What the list, feed or API said about the item: used where the page lacks it. */
  fallback?: { title?: string; publishedAt?: string; body?: string };
  /** When the page was read: relative dates (昨天 10:20) in the source's date element resolve against it. */
  now?: Date;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

export function extractArticle(html: string, url: string, options: ExtractOptions = {}): ExtractedArticle {
  const selectors = options.selectors ?? {};
  const $ = loadHtml(html);
  const detail = readGkmlptDetail(html);

  // Title and date are read from the untouched page: boilerplate removal comes later, body only.
  let title = findTitle($, selectors.title);
  if (!title && detail && typeof detail.title === 'string') title = stripTitleSuffix(detail.title);
  if (!title && options.fallback?.title) title = options.fallback.title;
  // No title anywhere (a body fragment without headings): the article still counts, untitled.
  title ??= '';

  let publishedAt = findPublished($, url, title, selectors.date, options.now);
  if (!publishedAt && detail) {
    for (const field of ['created_at', 'display_publish_time', 'date']) {
      const value = detail[field];
      if (typeof value === 'string' || typeof value === 'number') publishedAt = parseChineseDate(String(value));
      if (publishedAt) break;
    }
  }
  if (!publishedAt && options.fallback?.publishedAt) publishedAt = options.fallback.publishedAt;

  let body = selectors.body ? bodyFromSelector($, selectors.body, selectors.remove) : '';
  if (!body && detail && typeof detail.content === 'string') body = dropNoiseLines(htmlToText(detail.content));
  if (!body) body = bodyFromKnownContainers($, selectors.remove);
  if (!body) {
    // A short text in a known container (a one-line notice) beats whatever density finds.
    const dense = bodyByDensity($);
    body = isSubstantial(dense) ? dense : bodyFromKnownContainers($, selectors.remove, true) || dense;
  }
  if (!cleanInline(body) && options.fallback?.body) body = options.fallback.body;
  if (!cleanInline(body)) throw siteFailure('extraction', `no article text found in ${url}`, url);

  const meta = { ...(detail ? gkmlptMeta(detail) : {}), ...readPageMeta($) };
  const article: ExtractedArticle = { url, title, publishedAt, body, source: options.source ?? hostOf(url) };
  if (Object.keys(meta).length) article.meta = meta;
  const attachments = readAttachments($, url);
  if (attachments.length) article.attachments = attachments;
  return article;
}
