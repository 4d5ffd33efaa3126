import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../../core/channels/channel';
import type { ChannelRepository } from '../../core/ports';
import { isConditionFailure, queryAll, withoutKeys } from './paginate';

const PK = 'CHANNEL';
const key = (id: string) => ({ pk: PK, sk: id });

/** Chat channels: one item each under pk CHANNEL, sk <id>; the secret is stored as given (never listed by the CLI). */
export function createChannelRepository(doc: DynamoDBDocumentClient, table: string): ChannelRepository {
  return {
    async list() {
      const items = await queryAll(doc, { TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': PK }, ConsistentRead: true });
      return items.map((item) => withoutKeys<Channel>(item));
    },
    async get(id) {
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: key(id), ConsistentRead: true }));
      return Item ? withoutKeys<Channel>(Item) : undefined;
    },
    async add(channel) {
      try {
        await doc.send(new PutCommand({ TableName: table, Item: { ...key(channel.id), ...channel }, ConditionExpression: 'attribute_not_exists(pk)' }));
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async remove(id) {
      const out = await doc.send(new DeleteCommand({ TableName: table, Key: key(id), ReturnValues: 'ALL_OLD' }));
      return out.Attributes !== undefined;
    },
    async recordDelivery(id, state, recentSends) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: key(id),
            UpdateExpression: 'SET #last = :last, recentSends = :recent',
            // A channel removed while a run was posting to it stays removed.
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#last': 'last' },
            ExpressionAttributeValues: { ':last': state, ':recent': recentSends },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
}
