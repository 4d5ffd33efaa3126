import { randomUUID } from 'node:crypto';
import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { articleIdForUrl } from '../../core/article-id';
import type { ArticleRepository } from '../../core/ports';
import type { Mention, StoredArticle } from '../../core/types';
import { articleItem, capValidators } from './article-item';
import { unpack } from './packed';
import { ARTICLE_DAYS, expiresAt } from './retention';
import { deleteAll, isConditionFailure, queryAll, withoutKeys } from './paginate';

/**
 * Body and mentions are packed (see packed.ts): nothing queries inside them, and marshalling
 * hundreds of small maps of offsets, or long CJK strings, was the largest CPU cost of a pass.
 */
function fromItem(item: Record<string, unknown>): StoredArticle {
  const article = withoutKeys<StoredArticle & { mentions: unknown; body: unknown }>(item);
  return { ...article, body: unpack<string>(article.body, ''), mentions: unpack<Mention[]>(article.mentions, []) };
}

function seenDay(iso: string): string {
  return iso.slice(0, 10);
}

/** UTC days from `from` to `to` inclusive: one gsi1 partition each. */
function* daysBetween(from: string, to: string): Generator<string> {
  const day = new Date(`${seenDay(from)}T00:00:00Z`);
  const last = seenDay(to);
  for (let n = 0; ; n++) {
    // Ten years of daily queries is a mistake in the caller, not a window to read quietly in part.
    if (n > 3660) throw new Error(`article window ${from} – ${to} spans more than ten years`);
    const iso = day.toISOString().slice(0, 10);
    yield iso;
    if (iso >= last) return;
    day.setUTCDate(day.getUTCDate() + 1);
  }
}

const articleKey = (id: string) => ({ pk: `ARTICLE#${id}`, sk: 'ARTICLE' });
/** The marker of an article stored but not yet finished (its mention and alert records not yet durable). */
const pendingKey = (id: string) => ({ pk: `ARTICLE#${id}`, sk: 'PENDING' });

export function createArticleRepository(doc: DynamoDBDocumentClient, table: string): ArticleRepository {
  /** Items first seen in [from, to], one query per UTC day of the gsi1 index. */
  async function seenBetween(from: string, to: string, projection?: string): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    for (const day of daysBetween(from, to)) {
      out.push(
        ...(await queryAll(doc, {
          TableName: table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': `SEEN#${day}`, ':from': from, ':to': to },
          ProjectionExpression: projection,
        })),
      );
    }
    return out;
  }
  async function knownWithValidators(urls: string[]): Promise<Map<string, StoredArticle['validators']>> {
    const byId = new Map(urls.map((url) => [articleIdForUrl(url), url]));
    const found = new Map<string, { token?: string; marker?: string; validators?: StoredArticle['validators'] }>();
    const ids = [...byId.keys()];
    // Each article with its pending marker, in one batched read (50 articles, 100 keys, a call).
    for (let i = 0; i < ids.length; i += 50) {
      let keys: Record<string, unknown>[] = ids.slice(i, i + 50).flatMap((id) => [articleKey(id), pendingKey(id)]);
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt > 8) throw new Error('DynamoDB kept deferring a batched read of known articles');
        const out = await doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ProjectionExpression: 'pk, sk, pendingToken, validators' } } }));
        for (const item of out.Responses?.[table] ?? []) {
          const id = String(item.pk).slice('ARTICLE#'.length);
          const entry = found.get(id) ?? {};
          if (item.sk === 'ARTICLE') {
            entry.token = String(item.pendingToken ?? '');
            const v = item.validators as StoredArticle['validators'];
            if (v && (v.etag !== undefined || v.lastModified !== undefined)) entry.validators = v;
          } else entry.marker = String(item.pendingToken ?? '');
          found.set(id, entry);
        }
        keys = (out.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
        if (keys.length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
    // Known: stored, and not pending (no marker, or a marker another run wrote for another attempt).
    const known = new Map<string, StoredArticle['validators']>();
    for (const [id, e] of found) if (e.token !== undefined && !(e.marker && e.marker === e.token)) known.set(byId.get(id)!, e.validators);
    return known;
  }
  const knownAmong = async (urls: string[]) => new Set((await knownWithValidators(urls)).keys());
  return {
    async isKnown(url) {
      return (await knownAmong([url])).has(url);
    },
    knownAmong,
    knownWithValidators,
    async putIfNew(article) {
      // Capped and packed within DynamoDB's item limit by construction (article-item.ts).
      const { item } = articleItem(article);
      try {
        await doc.send(new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async putPending(article) {
      // A small pending marker beside the article, tied to it by a token (dynalite has no
      // transactions). The marker is written first and only if none stands, so a marker a stopped
      // run left keeps its token; the article is written with that token. Clearing is a small
      // delete instead of a rewrite of the whole article item.
      const fresh = randomUUID();
      let token: string = fresh;
      try {
        await doc.send(new PutCommand({ TableName: table, Item: { ...pendingKey(article.id), pendingToken: fresh, expiresAt: expiresAt(article.firstSeenAt, ARTICLE_DAYS) }, ConditionExpression: 'attribute_not_exists(pk)' }));
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const { Item } = await doc.send(new GetCommand({ TableName: table, Key: pendingKey(article.id), ConsistentRead: true }));
        token = String(Item?.pendingToken ?? fresh);
      }
      const { item } = articleItem(article);
      try {
        await doc.send(new PutCommand({ TableName: table, Item: { ...item, pendingToken: token }, ConditionExpression: 'attribute_not_exists(pk)' }));
        return { status: 'new', article };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      // Already stored. Pending (a run stopped before finishing it, or a concurrent one is at it)
      // while its token matches the standing marker; otherwise it was finished, and the marker
      // this call just wrote is taken back.
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: articleKey(article.id), ConsistentRead: true }));
      if (Item && Item.pendingToken === token) return { status: 'resumed', article: fromItem(Item) };
      if (token === fresh) await doc.send(new DeleteCommand({ TableName: table, Key: pendingKey(article.id), ConditionExpression: 'pendingToken = :t', ExpressionAttributeValues: { ':t': fresh } })).catch((e: unknown) => {
        if (!isConditionFailure(e)) throw e;
      });
      return { status: 'known', article };
    },
    async markDone(ids) {
      // Unconditional deletes, so 25 to a batch: one request for a run's markers, not one each.
      await deleteAll(doc, table, [...new Set(ids)].map(pendingKey), 'pending marker');
    },
    async listFirstSeenBetween(from, to) {
      const items = await seenBetween(from, to);
      return items.map(fromItem).filter((a) => a.firstSeenAt >= from && a.firstSeenAt < to);
    },
    async listMentionsSeenBetween(from, to) {
      const items = await seenBetween(from, to, 'firstSeenAt, publishedAt, mentions');
      return items
        .map((item) => ({
          firstSeenAt: item.firstSeenAt as string,
          publishedAt: (item.publishedAt as string | null | undefined) ?? null,
          mentions: unpack<Mention[]>(item.mentions, []),
        }))
        .filter((a) => a.firstSeenAt >= from && a.firstSeenAt < to);
    },
    async revise(input, previousHash) {
      const { item } = articleItem(input);
      const article = { ...input, title: item.title as string, meta: item.meta as StoredArticle['meta'], validators: item.validators as StoredArticle['validators'] };
      try {
        await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: `ARTICLE#${article.id}`, sk: 'ARTICLE' },
            UpdateExpression: 'SET title = :title, body = :body, mentions = :mentions, meta = :meta, snapshotHash = :hash, validators = :validators, revisedAt = :at',
            ConditionExpression: previousHash === undefined ? 'attribute_exists(pk) AND attribute_not_exists(snapshotHash)' : 'snapshotHash = :previous',
            ExpressionAttributeValues: {
              ':title': article.title,
              ':body': item.body,
              ':mentions': item.mentions,
              ':meta': article.meta ?? {},
              ':hash': article.snapshotHash,
              ':validators': article.validators ?? {},
              ':at': article.revisedAt,
              ...(previousHash === undefined ? {} : { ':previous': previousHash }),
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async setValidators(id, validators) {
      await doc.send(
        new UpdateCommand({ TableName: table, Key: { pk: `ARTICLE#${id}`, sk: 'ARTICLE' }, UpdateExpression: 'SET validators = :v', ExpressionAttributeValues: { ':v': capValidators(validators) ?? {} } }),
      );
    },
    async get(id) {
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { pk: `ARTICLE#${id}`, sk: 'ARTICLE' } }));
      return Item ? fromItem(Item) : undefined;
    },
  };
}
