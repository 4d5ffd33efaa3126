import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DigestCursorState, SubscriberRepository } from '../../core/ports';
import type { Subscriber } from '../../core/types';
import { getAll, isConditionFailure, queryAll, withoutKeys } from './paginate';
import { expiresAt, PENDING_DAYS } from './retention';

const PK = 'SUBSCRIBER';
const key = (email: string) => ({ pk: PK, sk: email.toLowerCase() });

export function createSubscriberRepository(doc: DynamoDBDocumentClient, table: string): SubscriberRepository {
  /** SET of the given attributes on an existing subscriber (undefined values are left alone). */
  async function update(email: string, changes: Record<string, unknown>): Promise<boolean> {
    const entries = Object.entries(changes).filter(([, v]) => v !== undefined);
    if (!entries.length) return (await doc.send(new GetCommand({ TableName: table, Key: key(email), ProjectionExpression: 'pk' }))).Item !== undefined;
    try {
      await doc.send(
        new UpdateCommand({
          TableName: table,
          Key: key(email),
          UpdateExpression: `SET ${entries.map((_, i) => `#a${i} = :v${i}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#a${i}`, name])),
          ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], i) => [`:v${i}`, value])),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
  return {
    async list() {
      const items = await queryAll(doc, { TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': PK } });
      return items.map((item) => withoutKeys<Subscriber>(item));
    },
    async get(email) {
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: key(email) }));
      return Item ? withoutKeys<Subscriber>(Item) : undefined;
    },
    async add(subscriber) {
      try {
        await doc.send(new PutCommand({ TableName: table, Item: { ...key(subscriber.email), ...subscriber }, ConditionExpression: 'attribute_not_exists(pk)' }));
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async put(subscriber) {
      // Only a pending record expires; confirming (or any other status) writes it without expiresAt.
      const ttl = subscriber.status === 'pending' ? { expiresAt: expiresAt(subscriber.invitedAt ?? subscriber.createdAt, PENDING_DAYS) } : {};
      await doc.send(new PutCommand({ TableName: table, Item: { ...key(subscriber.email), ...subscriber, ...ttl } }));
    },
    async remove(email) {
      const out = await doc.send(new DeleteCommand({ TableName: table, Key: key(email), ReturnValues: 'ALL_OLD' }));
      return out.Attributes !== undefined;
    },
    async setFollows(email, follows, followsAll) {
      return update(email, followsAll === undefined ? { follows } : { follows, followsAll });
    },
    async update(email, changes) {
      return update(email, changes);
    },
    async setDigestCursor(email, cursor, considered = [], deliveredOn) {
      // Kept apart from the subscriber item so the unsaved local default subscriber has one too.
      // Only ever moves forward, so a late writer cannot re-open a window that was delivered.
      try {
        await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: 'DIGESTCURSOR', sk: email.toLowerCase() },
            UpdateExpression: deliveredOn ? 'SET digestCursor = :c, considered = :ids, deliveredOn = :d' : 'SET digestCursor = :c, considered = :ids',
            ConditionExpression: 'attribute_not_exists(digestCursor) OR digestCursor < :c',
            // Ids only, of the last minutes of the window: a few hundred bytes at most.
            ExpressionAttributeValues: { ':c': cursor, ':ids': considered.slice(0, 2000), ...(deliveredOn ? { ':d': deliveredOn } : {}) },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
    async getDigestCursor(email) {
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { pk: 'DIGESTCURSOR', sk: email.toLowerCase() }, ConsistentRead: true }));
      return Item?.digestCursor as string | undefined;
    },
    async getDigestConsidered(email) {
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { pk: 'DIGESTCURSOR', sk: email.toLowerCase() }, ConsistentRead: true }));
      return (Item?.considered as string[] | undefined) ?? [];
    },
    async getDigestCursors(emails) {
      const found = new Map<string, DigestCursorState>();
      const keys = [...new Set(emails.map((e) => e.toLowerCase()))].map((sk) => ({ pk: 'DIGESTCURSOR', sk }));
      // Consistent, as the single reads are.
      for (const item of await getAll(doc, table, keys, { consistent: true, what: 'digest cursors' })) {
        if (typeof item.digestCursor === 'string') found.set(String(item.sk), { cursor: item.digestCursor, considered: (item.considered as string[] | undefined) ?? [], ...(typeof item.deliveredOn === 'string' ? { deliveredOn: item.deliveredOn } : {}) });
      }
      return found;
    },
  };
}

