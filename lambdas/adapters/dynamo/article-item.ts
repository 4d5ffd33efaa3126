import { cutText } from '../../core/cut-text';
import type { Mention, StoredArticle } from '../../core/types';
import { assertItemFits, itemSize, MAX_ITEM_BYTES } from './item-size';
import { pack } from './packed';
import { ARTICLE_DAYS, expiresAt } from './retention';

/**
 * How an article is stored, bounded by construction: every field is capped, and the packed body
 * and mentions are shortened until the whole item is within ARTICLE_ITEM_BUDGET by DynamoDB's own
 * size rule (item-size.ts). Matching already ran on the full text; what is cut is only what the
 * store keeps, so one pathological page (a 150,000-character heading) can never make its item
 * unwritable or stop the articles after it.
 */
export const ARTICLE_LIMITS = {
  titleChars: 1000,
  bodyChars: 60_000,
  bodyBytes: 180_000,
  urlBytes: 8192,
  sourceNameChars: 200,
  metaEntries: 50,
  metaKeyChars: 100,
  metaValueChars: 500,
  validatorChars: 500,
  mentionsPerEntity: 20,
  mentions: 400,
  mentionTextChars: 200,
  snippetChars: 300,
} as const;

/** Room under 400 KB for later updates of the same item (validators, a revision's fields). */
export const ARTICLE_ITEM_BUDGET = MAX_ITEM_BYTES - 20 * 1024;

const L = ARTICLE_LIMITS;

function capMention(m: Mention): Mention {
  return { ...m, name: cutText(m.name, { maxChars: L.mentionTextChars }), text: cutText(m.text, { maxChars: L.mentionTextChars }), snippet: cutText(m.snippet, { maxChars: L.snippetChars }) };
}

/** At most `mentionsPerEntity` per entity (the first ones) and `mentions` in all, in text order. */
export function capMentions(mentions: Mention[]): Mention[] {
  const perEntity = new Map<string, number>();
  const kept: Mention[] = [];
  for (const m of mentions) {
    const n = perEntity.get(m.entityId) ?? 0;
    if (n >= L.mentionsPerEntity) continue;
    perEntity.set(m.entityId, n + 1);
    kept.push(capMention(m));
    if (kept.length >= L.mentions) break;
  }
  return kept;
}

function capRecord(record: Record<string, string> | undefined, entries: number): Record<string, string> | undefined {
  if (!record) return record;
  return Object.fromEntries(
    Object.entries(record)
      .slice(0, entries)
      .map(([k, v]) => [cutText(k, { maxChars: L.metaKeyChars }), cutText(String(v), { maxChars: L.metaValueChars })]),
  );
}

/** HTTP validators as stored: a longer ETag than this is not one a server means seriously. */
export function capValidators(validators: StoredArticle['validators']): StoredArticle['validators'] {
  return (
    validators && {
      ...(validators.etag !== undefined ? { etag: cutText(validators.etag, { maxChars: L.validatorChars }, '') } : {}),
      ...(validators.lastModified !== undefined ? { lastModified: cutText(validators.lastModified, { maxChars: L.validatorChars }, '') } : {}),
    }
  );
}

/** Every field of an article within its limit (the body is cut later, by bytes, in articleItem). */
export function capArticle(article: StoredArticle): StoredArticle {
  const validators = capValidators(article.validators);
  return {
    ...article,
    url: cutText(article.url, { maxBytes: L.urlBytes }, ''),
    title: cutText(article.title, { maxChars: L.titleChars }),
    sourceName: cutText(article.sourceName, { maxChars: L.sourceNameChars }),
    meta: capRecord(article.meta, L.metaEntries),
    validators,
    mentions: capMentions(article.mentions),
  };
}

export interface PackedArticle {
  /** The whole item as put: keys, capped fields, packed body and mentions. */
  item: Record<string, unknown>;
  article: StoredArticle;
}

/**
 * The article's item within ARTICLE_ITEM_BUDGET: the body shrinks first (to 16 KB), then the
 * mentions kept (to 10), then both further. The capped fields other than these sum to well under
 * the budget (title 3 KB, URL 8 KB, meta 75 KB at most), so this always ends with an item that fits.
 */
export function articleItem(input: StoredArticle): PackedArticle {
  const article = capArticle(input);
  let bodyBytes: number = L.bodyBytes;
  let mentions = article.mentions;
  for (;;) {
    const body = cutText(article.body, { maxChars: L.bodyChars, maxBytes: bodyBytes }, '');
    const item: Record<string, unknown> = {
      pk: `ARTICLE#${article.id}`,
      sk: 'ARTICLE',
      gsi1pk: `SEEN#${article.firstSeenAt.slice(0, 10)}`,
      gsi1sk: `${article.firstSeenAt}#${article.id}`,
      ...article,
      body: pack(body),
      mentions: pack(mentions),
      expiresAt: expiresAt(article.firstSeenAt, ARTICLE_DAYS),
    };
    const done = () => ({ item, article: { ...article, body, mentions } });
    if (itemSize(item) <= ARTICLE_ITEM_BUDGET) return done();
    if (bodyBytes > 16_384) bodyBytes = Math.floor(bodyBytes / 2);
    else if (mentions.length > 10) mentions = mentions.slice(0, Math.ceil(mentions.length / 2));
    else if (bodyBytes > 1024) bodyBytes = Math.max(1024, Math.floor(bodyBytes / 2));
    else if (mentions.length > 0) mentions = mentions.slice(0, Math.floor(mentions.length / 2));
    else {
      assertItemFits(item, `article ${article.url}`, ARTICLE_ITEM_BUDGET);
      return done();
    }
  }
}
