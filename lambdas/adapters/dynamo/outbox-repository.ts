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
  /** One conditional update; undefined when its condition does not hold. */
  async function transition(recipient: string, k: string, t: { update: string; condition: string; values: Record<string, unknown> }): Promise<OutboxRecord | undefined> {
    try {
      const out = await doc.send(
        new UpdateCommand({
          TableName: table,
          Key: key(recipient, k),
          UpdateExpression: t.update,
          ConditionExpression: t.condition,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: t.values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return withoutKeys<OutboxRecord>(out.Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }
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
    async claim(recipient, k, now, leaseUntil, claimToken, claimedBy) {
      return transition(recipient, k, {
        update: 'SET #status = :sending, leaseUntil = :lease, claimToken = :token, claimedBy = :by ADD attempts :one',
        condition: '#status = :pending OR (#status = :sending AND leaseUntil < :now)',
        values: { ':sending': 'SENDING', ':pending': 'PENDING', ':lease': leaseUntil, ':token': claimToken, ':by': claimedBy ?? 'unknown', ':now': now, ':one': 1 },
      });
    },
    async takeOver(recipient, k, deadToken, leaseUntil, claimToken, claimedBy) {
      return transition(recipient, k, {
        update: 'SET leaseUntil = :lease, claimToken = :token, claimedBy = :by ADD attempts :one',
        condition: '#status = :sending AND claimToken = :dead',
        values: { ':sending': 'SENDING', ':dead': deadToken, ':lease': leaseUntil, ':token': claimToken, ':by': claimedBy ?? 'unknown', ':one': 1 },
      });
    },
    async commit(recipient, k, claimToken) {
      const done = await transition(recipient, k, {
        update: 'SET #status = :committed',
        condition: '#status = :sending AND claimToken = :token',
        values: { ':committed': 'COMMITTED', ':sending': 'SENDING', ':token': claimToken },
      });
      if (!done) throw new Error(`outbox ${recipient} ${k}: the claim was lost before the message was committed`);
    },
    async uncommit(recipient, k, claimToken) {
      await transition(recipient, k, {
        update: 'SET #status = :sending',
        condition: '#status = :committed AND claimToken = :token',
        values: { ':committed': 'COMMITTED', ':sending': 'SENDING', ':token': claimToken },
      });
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
    async markFailed(recipient, k, claimToken, error) {
      await transition(recipient, k, {
        update: 'SET #status = :failed, lastError = :error REMOVE leaseUntil',
        condition: '#status = :sending AND claimToken = :token',
        values: { ':failed': 'FAILED', ':sending': 'SENDING', ':error': error.slice(0, 1000), ':token': claimToken },
      });
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
