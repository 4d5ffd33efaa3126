import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MentionRecord, MentionRepository } from '../../core/ports';
import type { Mention, StoredArticle } from '../../core/types';
import { capArticle } from './article-item';
import { pack, unpack } from './packed';
import { ARTICLE_DAYS, expiresAt } from './retention';
import { putAll, queryAll, withoutKeys } from './paginate';

/**
 * One record per (entity, article), holding that article's mentions of the entity. Built from the
 * capped article (article-item.ts): title, URL and mentions within their limits, at most 20
 * mentions per entity, so every record stays a few kilobytes whatever the page.
 *
 * Stored compactly, since these records were most of an article's write units (DynamoDB bills
 * each started kilobyte): entity, article and first-seen time live only in the keys, and the
 * rest is one packed attribute `d` where the entity's name and kind are written once instead of
 * in every mention (snippets of one entity's mentions overlap, which deflate also folds).
 */
interface PackedRecord {
  u: string;
  t: string;
  s: string;
  p: string | null;
  /** The name, kind and reason of the first mention: a mention sharing one has 0 there instead. */
  n: string;
  k: Mention['kind'];
  r?: string;
  /** The first mention's keys in order: a mention with the same keys is stored as its values alone. */
  o: string[];
  /** Each mention (values in `o`'s order, or an object when its keys differ); entityId (the key's) and shared values are 0. */
  m: (unknown[] | Record<string, unknown>)[];
}

/** Fields a mention may share with the record, and where the record keeps them. */
const SHARED = { entityId: null, name: 'n', kind: 'k', reason: 'r' } as const;

function recordsOf(input: StoredArticle) {
  const article = capArticle(input);
  const byEntity = new Map<string, Mention[]>();
  for (const mention of article.mentions) {
    const list = byEntity.get(mention.entityId) ?? [];
    list.push(mention);
    byEntity.set(mention.entityId, list);
  }
  return [...byEntity].map(([entityId, mentions]) => {
    const first = mentions[0]!;
    const order = Object.keys(first);
    const d: PackedRecord = { u: article.url, t: article.title, s: article.sourceName, p: article.publishedAt, n: first.name, k: first.kind, r: first.reason, o: order, m: [] };
    for (const mention of mentions) {
      const own: Record<string, unknown> = { ...mention };
      for (const [field, at] of Object.entries(SHARED)) {
        if (!(field in own)) continue;
        if (at === null ? own[field] === entityId : own[field] === d[at]) own[field] = 0;
      }
      const keys = Object.keys(own);
      d.m.push(keys.length === order.length && keys.every((k, i) => k === order[i]) ? keys.map((k) => own[k]) : own);
    }
    return { pk: `MENTION#${entityId}`, sk: `${article.firstSeenAt}#${article.id}`, d: pack(d), expiresAt: expiresAt(article.firstSeenAt, ARTICLE_DAYS) };
  });
}

/** The record as readers know it, from the compact item or from one stored before it existed. */
function fromItem(item: Record<string, unknown>): MentionRecord {
  if (item.d === undefined) {
    const record = withoutKeys<MentionRecord & { mentions: unknown }>(item);
    return { ...record, mentions: unpack<Mention[]>(record.mentions, []) };
  }
  const entityId = String(item.pk).slice('MENTION#'.length);
  const sk = String(item.sk);
  const cut = sk.lastIndexOf('#');
  const d = unpack<PackedRecord>(item.d, { u: '', t: '', s: '', p: null, n: '', k: 'company', o: [], m: [] });
  const mentions = d.m.map((own) => {
    const m: Record<string, unknown> = Array.isArray(own) ? Object.fromEntries(d.o.map((k, i) => [k, own[i]])) : { ...own };
    for (const [field, at] of Object.entries(SHARED)) if (m[field] === 0) m[field] = at === null ? entityId : d[at];
    return m as unknown as Mention;
  });
  return { entityId, articleId: sk.slice(cut + 1), firstSeenAt: sk.slice(0, cut), url: d.u, title: d.t, source: d.s, publishedAt: d.p, mentions };
}

export function createMentionRepository(doc: DynamoDBDocumentClient, table: string): MentionRepository {
  return {
    async putForArticles(articles) {
      await putAll(doc, table, articles.flatMap((article) => recordsOf(article)), 'mention');
    },
    async listForEntity(entityId, options = {}) {
      const items = await queryAll(
        doc,
        {
          TableName: table,
          KeyConditionExpression: options.since ? 'pk = :pk AND sk >= :since' : 'pk = :pk',
          ExpressionAttributeValues: options.since ? { ':pk': `MENTION#${entityId}`, ':since': options.since } : { ':pk': `MENTION#${entityId}` },
          ScanIndexForward: false,
        },
        options.limit,
      );
      return items.map(fromItem);
    },
  };
}
