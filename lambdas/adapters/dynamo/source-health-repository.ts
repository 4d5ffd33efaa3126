import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SourceHealthRepository } from '../../core/ports';
import type { SourceHealth } from '../../core/types';
import { queryAll, withoutKeys } from './paginate';

const PK = 'SOURCE';

export function createSourceHealthRepository(doc: DynamoDBDocumentClient, table: string): SourceHealthRepository {
  return {
    async recordSuccess(sourceId, sourceName, at) {
      const out = await doc.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: PK, sk: sourceId },
          UpdateExpression: 'SET sourceId = :id, sourceName = :name, lastRunAt = :at, lastSuccessAt = :at, consecutiveFailures = :zero REMOVE failureClass, lastError',
          ExpressionAttributeValues: { ':id': sourceId, ':name': sourceName, ':at': at, ':zero': 0 },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const before = out.Attributes ? withoutKeys<SourceHealth>(out.Attributes) : undefined;
      return {
        health: { sourceId, sourceName, lastRunAt: at, lastSuccessAt: at, consecutiveFailures: 0 },
        previousFailures: Number(before?.consecutiveFailures ?? 0),
      };
    },
    async recordFailure(sourceId, sourceName, at, failureClass, error) {
      // One atomic update, so concurrent collectors never lose a count.
      const out = await doc.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: PK, sk: sourceId },
          UpdateExpression:
            'SET sourceId = :id, sourceName = :name, lastRunAt = :at, failureClass = :class, lastError = :error, lastErrorAt = :at ADD consecutiveFailures :one',
          ExpressionAttributeValues: { ':id': sourceId, ':name': sourceName, ':at': at, ':class': failureClass, ':error': error.slice(0, 1000), ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return withoutKeys<SourceHealth>(out.Attributes ?? {});
    },
    async list() {
      const items = await queryAll(doc, { TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': PK } });
      return items.map((item) => withoutKeys<SourceHealth>(item));
    },
  };
}
