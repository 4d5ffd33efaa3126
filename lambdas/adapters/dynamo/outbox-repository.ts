import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cutText } from '../../core/cut-text';
import type { OutboxRecord, OutboxRepository } from '../../core/ports';
import { fromOutboxItem, MAX_ERROR_CHARS, outboxBodyKey, outboxKey as key, toOutboxItems, unsentMarkerKey } from './outbox-item';
import { isConditionFailure, queryAll } from './paginate';

const capError = (error: string) => cutText(error, { maxChars: MAX_ERROR_CHARS });

/**
 * Delivery state lives in single conditional writes (dynalite has no transactions):
 * PENDING → SENDING (lease) → COMMITTED → SENT; back to PENDING with the error after a temporary
 * failure; FAILED with the reason after a permanent one.
 *
 * The message (html, text, images) is a separate item written once and read only when the record
 * is claimed for sending, so the state changes rewrite a record of about a kilobyte, not the
 * message. A per-recipient marker item lists the keys not yet SENT or FAILED, so that "has this
 * reader anything left to send?" is one GetItem of a few bytes instead of a partition read.
 */
export function createOutboxRepository(doc: DynamoDBDocumentClient, table: string): OutboxRepository {
  /** One conditional update; undefined when its condition does not hold. */
  /** The record with its message, read (strongly: it was written just before the record) when a record names one. */
  async function withBody(item: Record<string, unknown>): Promise<OutboxRecord> {
    if (typeof item.body !== 'string' || item.content !== undefined) return fromOutboxItem(item);
    const { Item } = await doc.send(new GetCommand({ TableName: table, Key: outboxBodyKey(String(item.recipient), item.body), ConsistentRead: true }));
    // Written before the record, never changed: missing only if someone deleted it by hand.
    if (!Item) throw new Error(`outbox ${String(item.recipient)} ${String(item.sk)}: its message (${item.body}) is missing`);
    return fromOutboxItem({ ...item, content: Item.content, trimmed: Item.trimmed });
  }
  async function marker(recipient: string, k: string, op: 'ADD' | 'DELETE'): Promise<void> {
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: unsentMarkerKey(recipient),
        UpdateExpression: `${op} #keys :key`,
        ExpressionAttributeNames: { '#keys': 'keys' },
        ExpressionAttributeValues: { ':key': new Set([k]) },
      }),
    );
  }
  async function transition(recipient: string, k: string, t: { update: string; condition: string; values: Record<string, unknown> }, body = false): Promise<OutboxRecord | undefined> {
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
      return body ? await withBody(out.Attributes ?? {}) : fromOutboxItem(out.Attributes ?? {});
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
      // A delivered record's message is not needed again: no second read for it.
      if (!Item) return undefined;
      return Item.status === 'SENT' ? fromOutboxItem(Item) : withBody(Item);
    },
    async getWithMessage(recipient, k) {
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: key(recipient, k), ConsistentRead: true }));
      return Item ? withBody(Item) : undefined;
    },
    async createIfAbsent(record) {
      // Message first, under a key of its own, then the record naming it (the one conditional
      // write that decides): a run that loses the race, or stops in between, leaves only an
      // unreferenced message, which the TTL removes. The marker is set before the record exists,
      // so an unsent record is never missing from it.
      const { record: item, body } = toOutboxItems(record, randomUUID());
      await doc.send(new PutCommand({ TableName: table, Item: body }));
      await marker(record.recipient, record.key, 'ADD');
      try {
        await doc.send(new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async unsentKeys(recipient) {
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: unsentMarkerKey(recipient) }));
      const keys = Item?.keys as Set<string> | undefined;
      return keys ? [...keys].sort() : [];
    },
    async forgetUnsent(recipient, k) {
      await marker(recipient, k, 'DELETE');
    },
    async claim(recipient, k, now, leaseUntil, claimToken, claimedBy) {
      return transition(recipient, k, {
        update: 'SET #status = :sending, leaseUntil = :lease, claimToken = :token, claimedBy = :by ADD attempts :one',
        condition: '#status = :pending OR (#status = :sending AND leaseUntil < :now)',
        values: { ':sending': 'SENDING', ':pending': 'PENDING', ':lease': leaseUntil, ':token': claimToken, ':by': claimedBy ?? 'unknown', ':now': now, ':one': 1 },
      }, true);
    },
    async takeOver(recipient, k, deadToken, leaseUntil, claimToken, claimedBy) {
      return transition(recipient, k, {
        update: 'SET leaseUntil = :lease, claimToken = :token, claimedBy = :by ADD attempts :one',
        condition: '#status = :sending AND claimToken = :dead',
        values: { ':sending': 'SENDING', ':dead': deadToken, ':lease': leaseUntil, ':token': claimToken, ':by': claimedBy ?? 'unknown', ':one': 1 },
      }, true);
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
      await marker(recipient, k, 'DELETE');
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
      // Refused for good: never retried, so nothing is left to send.
      await marker(recipient, k, 'DELETE');
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
