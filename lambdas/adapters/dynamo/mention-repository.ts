import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MentionRecord, MentionRepository } from '../../core/ports';
import type { Mention, StoredArticle } from '../../core/types';
import { capArticle } from './article-item';
import { unpack } from './packed';
import { ARTICLE_DAYS, expiresAt } from './retention';
import { putAll, queryAll, withoutKeys } from './paginate';

/**
 * One record per (entity, article), holding that article's mentions of the entity. Built from the
 * capped article (article-item.ts): title, URL and mentions within their limits, at most 20
 * mentions per entity, so every record stays a few kilobytes whatever the page.
 */
function recordsOf(input: StoredArticle) {
  const article = capArticle(input);
  const byEntity = new Map<string, MentionRecord>();
  for (const mention of article.mentions) {
    const record = byEntity.get(mention.entityId) ?? {
      entityId: mention.entityId,
      articleId: article.id,
      firstSeenAt: article.firstSeenAt,
      url: article.url,
      title: article.title,
      source: article.sourceName,
      publishedAt: article.publishedAt,
      mentions: [],
    };
    record.mentions.push(mention);
    byEntity.set(mention.entityId, record);
  }
  // One entity's mentions are a few hundred bytes: a JSON string (cheap to marshal, never queried
  // inside) rather than packed, where setting up zlib per record cost more than it saved.
  return [...byEntity.values()].map((record) => ({
    pk: `MENTION#${record.entityId}`,
    sk: `${record.firstSeenAt}#${record.articleId}`,
    ...record,
    mentions: JSON.stringify(record.mentions),
    expiresAt: expiresAt(record.firstSeenAt, ARTICLE_DAYS),
  }));
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
      return items.map((item) => {
        const record = withoutKeys<MentionRecord & { mentions: unknown }>(item);
        return { ...record, mentions: unpack<Mention[]>(record.mentions, []) };
      });
    },
  };
}
