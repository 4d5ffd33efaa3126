import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cutText } from '../../core/cut-text';
import type { OutboxRecord, OutboxRepository } from '../../core/ports';
import { fromOutboxItem, MAX_ERROR_CHARS, outboxKey as key, toOutboxItem } from './outbox-item';
import { isConditionFailure, queryAll } from './paginate';

const capError = (error: string) => cutText(error, { maxChars: MAX_ERROR_CHARS });

/**
 * Delivery state lives in single conditional writes (dynalite has no transactions):
 * PENDING → SENDING (lease) → COMMITTED → SENT; back to PENDING with the error after a temporary
 * failure; FAILED with the reason after a permanent one.
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
      return fromOutboxItem(out.Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }
  async function listWhere(recipient: string, filter: string, values: Record<string, unknown>): Promise<OutboxRecord[]> {
    const items = await queryAll(doc, {
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: filter,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': key(recipient, '').pk, ...values },
      ConsistentRead: true,
    });
    return items.map(fromOutboxItem);
  }
  return {
    async get(recipient, k) {
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: key(recipient, k), ConsistentRead: true }));
      return Item ? fromOutboxItem(Item) : undefined;
    },
    async createIfAbsent(record) {
      try {
        await doc.send(new PutCommand({ TableName: table, Item: toOutboxItem(record), ConditionExpression: 'attribute_not_exists(pk)' }));
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
      return listWhere(recipient, '#status <> :sent', { ':sent': 'SENT' });
    },
    async listFailed(recipient) {
      return listWhere(recipient, '#status = :failed', { ':failed': 'FAILED' });
    },
    async release(recipient, k, claimToken, error) {
      await transition(recipient, k, {
        update: 'SET #status = :pending, lastError = :error REMOVE leaseUntil',
        condition: 'claimToken = :token AND #status = :sending',
        values: { ':pending': 'PENDING', ':error': capError(error), ':token': claimToken, ':sending': 'SENDING' },
      });
    },
    async fail(recipient, k, claimToken, error, at) {
      await transition(recipient, k, {
        update: 'SET #status = :failed, lastError = :error, failedAt = :at REMOVE leaseUntil',
        condition: 'claimToken = :token AND #status = :sending',
        values: { ':failed': 'FAILED', ':error': capError(error), ':at': at, ':token': claimToken, ':sending': 'SENDING' },
      });
    },
    async noteUnconfirmed(recipient, k, claimToken, error) {
      await transition(recipient, k, {
        update: 'SET lastError = :error REMOVE leaseUntil',
        condition: 'claimToken = :token AND #status = :committed',
        values: { ':committed': 'COMMITTED', ':error': capError(error), ':token': claimToken },
      });
    },
  };
}
