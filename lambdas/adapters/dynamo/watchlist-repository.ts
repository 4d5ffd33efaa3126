import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WatchlistRepository } from '../../core/ports';
import type { Entity } from '../../core/types';
import { queryAll, withoutKeys } from './paginate';

const PK = 'WATCHLIST';

export function createWatchlistRepository(doc: DynamoDBDocumentClient, table: string): WatchlistRepository {
  return {
    async list() {
      const items = await queryAll(doc, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': PK, ':prefix': 'ENTITY#' },
      });
      return items.map((item) => withoutKeys<Entity>(item));
    },
    async get(id) {
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { pk: PK, sk: `ENTITY#${id}` } }));
      return Item ? withoutKeys<Entity>(Item) : undefined;
    },
    async putMany(entities) {
      // BatchWrite takes 25 items a call; unprocessed items are retried until none remain.
      for (let i = 0; i < entities.length; i += 25) {
        let requests: NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string] = entities
          .slice(i, i + 25)
          .map((entity) => ({ PutRequest: { Item: { pk: PK, sk: `ENTITY#${entity.id}`, ...entity } } }));
        for (let attempt = 0; requests.length > 0; attempt++) {
          if (attempt > 8) throw new Error('DynamoDB kept refusing part of a watchlist write; nothing was lost, run it again');
          const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
          requests = out.UnprocessedItems?.[table] ?? [];
          if (requests.length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
        }
      }
    },
    async remove(id) {
      const out = await doc.send(
        new DeleteCommand({ TableName: table, Key: { pk: PK, sk: `ENTITY#${id}` }, ReturnValues: 'ALL_OLD' }),
      );
      return out.Attributes !== undefined;
    },
    async isSeeded() {
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { pk: PK, sk: 'META' } }));
      return Item !== undefined;
    },
    async markSeeded(at) {
      await doc.send(new PutCommand({ TableName: table, Item: { pk: PK, sk: 'META', seededAt: at } }));
    },
  };
}
