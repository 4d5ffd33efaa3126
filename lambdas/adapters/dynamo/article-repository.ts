import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { articleIdForUrl } from '../../core/article-id';
import type { ArticleRepository } from '../../core/ports';
import type { Mention, StoredArticle } from '../../core/types';
import { articleItem, capValidators } from './article-item';
import { unpack } from './packed';
import { ARTICLE_DAYS, expiresAt } from './retention';
import { getAll, isConditionFailure, putAll, queryAll, withoutKeys } from './paginate';

/**
 * Body and mentions are packed (see packed.ts): nothing queries inside them, and marshalling
 * hundreds of small maps of offsets, or long CJK strings, was the largest CPU cost of a pass.
 */
function fromItem(item: Record<string, unknown>): StoredArticle {
  // The pending bookkeeping is the store's, not part of the article.
  const { pendingToken: _t, awaitsDone: _a, ...article } = withoutKeys<StoredArticle & { mentions: unknown; body: unknown; pendingToken?: unknown; awaitsDone?: unknown }>(item);
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
/** The marker of an article stored but not yet finished, as runs before DONE markers wrote it (tied by a token). */
const pendingKey = (id: string) => ({ pk: `ARTICLE#${id}`, sk: 'PENDING' });
/** The small item that says an article is finished: its mention and alert records are durable. */
const doneKey = (id: string) => ({ pk: `ARTICLE#${id}`, sk: 'DONE' });

interface ArticleState {
  stored?: boolean;
  token?: string;
  marker?: string;
  awaitsDone?: boolean;
  done?: boolean;
  validators?: StoredArticle['validators'];
}

/**
 * Known: stored and finished. An article written with `awaitsDone` is finished once its DONE item
 * exists; one stored the earlier way is finished unless its PENDING marker holds its token (or
 * when a DONE item says so); one stored by putIfNew is known at once.
 */
function isKnown(e: ArticleState): boolean {
  if (!e.stored) return false;
  if (e.done) return true;
  if (e.awaitsDone) return false;
  return !(e.marker && e.marker === e.token);
}

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
  /** What the keys of each article say (the article, its pending marker, its DONE item), read in batches. */
  async function statesOf(ids: string[], consistent = false): Promise<Map<string, ArticleState>> {
    const found = new Map<string, ArticleState>();
    const keys = ids.flatMap((id) => [articleKey(id), pendingKey(id), doneKey(id)]);
    for (const item of await getAll(doc, table, keys, { consistent, projection: 'pk, sk, pendingToken, awaitsDone, validators', what: 'known articles' })) {
      const id = String(item.pk).slice('ARTICLE#'.length);
      const entry = found.get(id) ?? {};
      if (item.sk === 'ARTICLE') {
        entry.stored = true;
        entry.token = String(item.pendingToken ?? '');
        entry.awaitsDone = item.awaitsDone === true;
        const v = item.validators as StoredArticle['validators'];
        if (v && (v.etag !== undefined || v.lastModified !== undefined)) entry.validators = v;
      } else if (item.sk === 'DONE') entry.done = true;
      else entry.marker = String(item.pendingToken ?? '');
      found.set(id, entry);
    }
    return found;
  }
  async function knownWithValidators(urls: string[]): Promise<Map<string, StoredArticle['validators']>> {
    const byId = new Map(urls.map((url) => [articleIdForUrl(url), url]));
    const known = new Map<string, StoredArticle['validators']>();
    for (const [id, e] of await statesOf([...byId.keys()])) if (isKnown(e)) known.set(byId.get(id)!, e.validators);
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
      // One conditional put: an article written with `awaitsDone` is pending until markDone writes
      // its DONE item beside it (a batched 1-unit put), so a run that stops anywhere before that
      // leaves it to be resumed. Concurrent collectors: one put wins, the other finds it pending
      // and finishes it too; mention and alert records are keyed, so finishing twice adds nothing.
      const { item } = articleItem(article);
      try {
        await doc.send(new PutCommand({ TableName: table, Item: { ...item, awaitsDone: true }, ConditionExpression: 'attribute_not_exists(pk)' }));
        return { status: 'new', article };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const state = (await statesOf([article.id], true)).get(article.id) ?? {};
      if (isKnown(state)) return { status: 'known', article };
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: articleKey(article.id), ConsistentRead: true }));
      return Item ? { status: 'resumed', article: fromItem(Item) } : { status: 'known', article };
    },
    async markDone(ids) {
      // Unconditional puts, so 25 to a batch: one request for a run's articles, not one each. The
      // DONE item outlives its article (it is kept from now, the article from its first sight).
      const expires = expiresAt(new Date().toISOString(), ARTICLE_DAYS);
      await putAll(doc, table, [...new Set(ids)].map((id) => ({ ...doneKey(id), expiresAt: expires })), 'done marker');
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
