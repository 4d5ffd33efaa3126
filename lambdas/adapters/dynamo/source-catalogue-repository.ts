import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SourceCatalogueRepository, StoredSource } from '../../core/ports';
import type { SourceDefinition } from '../../core/types';
import { putAll, queryAll } from './paginate';

const PK = 'SOURCEDEF';

type Item = Record<string, unknown>;

/** The definition is kept as JSON text: selectors and patterns stay exactly as written, empty strings included. */
function toItem(s: StoredSource): Item {
  return { pk: PK, sk: `DEF#${s.definition.id}`, id: s.definition.id, definition: JSON.stringify(s.definition), enabled: s.enabled, builtIn: s.builtIn, updatedAt: s.updatedAt };
}

function fromItem(item: Item): StoredSource {
  return { definition: JSON.parse(String(item.definition)) as SourceDefinition, enabled: item.enabled === true, builtIn: item.builtIn === true, updatedAt: String(item.updatedAt) };
}

export function createSourceCatalogueRepository(doc: DynamoDBDocumentClient, table: string): SourceCatalogueRepository {
  return {
    async list() {
      const items = await queryAll(doc, { TableName: table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': PK, ':prefix': 'DEF#' } });
      return items.map(fromItem);
    },
    async get(id) {
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { pk: PK, sk: `DEF#${id}` } }));
      return Item ? fromItem(Item) : undefined;
    },
    async putMany(sources) {
      await putAll(doc, table, sources.map(toItem), 'sources');
    },
    async remove(id) {
      const out = await doc.send(new DeleteCommand({ TableName: table, Key: { pk: PK, sk: `DEF#${id}` }, ReturnValues: 'ALL_OLD' }));
      return out.Attributes !== undefined;
    },
    async setEnabled(id, enabled) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: PK, sk: `DEF#${id}` },
            UpdateExpression: 'SET enabled = :e',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':e': enabled },
          }),
        );
        return true;
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
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
