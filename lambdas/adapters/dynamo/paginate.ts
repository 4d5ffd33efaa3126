import { BatchGetCommand, BatchWriteCommand, QueryCommand, type QueryCommandInput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface GetAllOptions {
  projection?: string;
  /** Strongly consistent reads (default: eventually consistent, like most single reads here). */
  consistent?: boolean;
  /** Names the records in the error a person sees if DynamoDB keeps deferring them. */
  what?: string;
}

/** Gets every key, 100 to a BatchGet (DynamoDB's limit), retrying unprocessed keys with backoff. */
export async function getAll(doc: DynamoDBDocumentClient, table: string, keys: Record<string, unknown>[], options: GetAllOptions = {}): Promise<Record<string, unknown>[]> {
  const { projection, consistent, what } = options;
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let batch = keys.slice(i, i + 100);
    for (let attempt = 0; batch.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`DynamoDB kept deferring a batched read${what ? ` of ${what}` : ''}`);
      const out = await doc.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: batch, ...(consistent ? { ConsistentRead: true } : {}), ...(projection ? { ProjectionExpression: projection } : {}) } } }),
      );
      found.push(...((out.Responses?.[table] ?? []) as Record<string, unknown>[]));
      batch = (out.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
      if (batch.length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
  return found;
}

/** Runs a query to its end (or `limit` items), following LastEvaluatedKey. */
export async function queryAll(doc: DynamoDBDocumentClient, input: QueryCommandInput, limit = Infinity): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey }));
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey && items.length < limit);
  return items.slice(0, limit);
}

export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string })?.name === 'ConditionalCheckFailedException';
}

/** Drops the table's key attributes from an item, leaving the domain object. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, expiresAt: _e, ...rest } = item;
  return rest as T;
}

/**
 * Puts every item, 25 to a BatchWrite (DynamoDB's limit), retrying what comes back unprocessed
 * with backoff; `what` names the records in the error a person sees if DynamoDB keeps refusing.
 */
export async function putAll(doc: DynamoDBDocumentClient, table: string, items: Record<string, unknown>[], what: string): Promise<void> {
  await writeAll(doc, table, items.map((Item) => ({ PutRequest: { Item } })), what);
}

type WriteRequest = NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string][number];

async function writeAll(doc: DynamoDBDocumentClient, table: string, all: WriteRequest[], what: string): Promise<void> {
  for (let i = 0; i < all.length; i += 25) {
    let requests = all.slice(i, i + 25);
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`DynamoDB kept refusing part of a ${what} write; nothing was lost, run it again`);
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = out.UnprocessedItems?.[table] ?? [];
      if (requests.length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
}
