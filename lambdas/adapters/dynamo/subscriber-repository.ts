import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SubscriberRepository } from '../../core/ports';
import type { Subscriber } from '../../core/types';
import { isConditionFailure, queryAll, withoutKeys } from './paginate';
import { expiresAt, PENDING_DAYS } from './retention';

const PK = 'SUBSCRIBER';
const key = (email: string) => ({ pk: PK, sk: email.toLowerCase() });

export function createSubscriberRepository(doc: DynamoDBDocumentClient, table: string): SubscriberRepository {
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
    async setFollows(email, follows) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: key(email),
            UpdateExpression: 'SET follows = :f',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':f': follows },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async setDigestCursor(email, cursor) {
      // Kept apart from the subscriber item so the unsaved local default subscriber has one too.
      // Only ever moves forward, so a late writer cannot re-open a window that was delivered.
      try {
        await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: 'DIGESTCURSOR', sk: email.toLowerCase() },
            UpdateExpression: 'SET digestCursor = :c',
            ConditionExpression: 'attribute_not_exists(digestCursor) OR digestCursor < :c',
            ExpressionAttributeValues: { ':c': cursor },
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
  };
}

