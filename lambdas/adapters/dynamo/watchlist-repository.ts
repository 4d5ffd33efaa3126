import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WatchlistRepository } from '../../core/ports';
import type { Entity } from '../../core/types';
import { putAll, queryAll, withoutKeys } from './paginate';

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
      await putAll(doc, table, entities.map((entity) => ({ pk: PK, sk: `ENTITY#${entity.id}`, ...entity })), 'watchlist');
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
