import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OutboxRecord, OutboxRepository } from '../../core/ports';
import { isConditionFailure, queryAll, withoutKeys } from './paginate';
import { OUTBOX_DAYS, expiresAt } from './retention';

const key = (recipient: string, k: string) => ({ pk: `OUTBOX#${recipient.toLowerCase()}`, sk: k });

/**
 * Delivery state lives in single conditional writes (dynalite has no transactions):
 * PENDING → SENDING (lease) → SENT, or back to PENDING with the error when sending failed.
 */
export function createOutboxRepository(doc: DynamoDBDocumentClient, table: string): OutboxRepository {
  return {
    async get(recipient, k) {
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: key(recipient, k), ConsistentRead: true }));
      return Item ? withoutKeys<OutboxRecord>(Item) : undefined;
    },
    async createIfAbsent(record) {
      try {
        await doc.send(
          new PutCommand({
            TableName: table,
            Item: { ...key(record.recipient, record.key), ...record, expiresAt: expiresAt(record.createdAt, OUTBOX_DAYS) },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async claim(recipient, k, now, leaseUntil, claimToken) {
      try {
        const out = await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: key(recipient, k),
            UpdateExpression: 'SET #status = :sending, leaseUntil = :lease, claimToken = :token ADD attempts :one',
            ConditionExpression: '#status = :pending OR (#status = :sending AND leaseUntil < :now)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':sending': 'SENDING', ':pending': 'PENDING', ':lease': leaseUntil, ':token': claimToken, ':now': now, ':one': 1 },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return withoutKeys<OutboxRecord>(out.Attributes ?? {});
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },
    async markSent(recipient, k, claimToken, at) {
      await doc.send(
        new UpdateCommand({
          TableName: table,
          Key: key(recipient, k),
          UpdateExpression: 'SET #status = :sent, sentAt = :at REMOVE leaseUntil, lastError',
          ConditionExpression: 'claimToken = :token',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'SENT', ':at': at, ':token': claimToken },
        }),
      );
    },
    async listUnsent(recipient) {
      const items = await queryAll(doc, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: '#status <> :sent',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': `OUTBOX#${recipient.toLowerCase()}`, ':sent': 'SENT' },
        ConsistentRead: true,
      });
      return items.map((item) => withoutKeys<OutboxRecord>(item));
    },
    async release(recipient, k, claimToken, error) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: key(recipient, k),
            UpdateExpression: 'SET #status = :pending, lastError = :error REMOVE leaseUntil',
            ConditionExpression: 'claimToken = :token AND #status = :sending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':pending': 'PENDING', ':error': error.slice(0, 1000), ':token': claimToken, ':sending': 'SENDING' },
          }),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    },
  };
}
