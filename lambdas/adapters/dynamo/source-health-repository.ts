import { DeleteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SourceHealthRepository } from '../../core/ports';
import type { SourceHealth } from '../../core/types';
import { cutText } from '../../core/cut-text';
import { queryAll, withoutKeys } from './paginate';

/** A source's last error is shown in a table and a digest line: a kilobyte or so is plenty. */
const MAX_ERROR_CHARS = 1000;
const MAX_NAME_CHARS = 200;

const PK = 'SOURCE';

export function createSourceHealthRepository(doc: DynamoDBDocumentClient, table: string): SourceHealthRepository {
  return {
    async recordSuccess(sourceId, sourceName, at, warning) {
      const values: Record<string, unknown> = { ':id': sourceId, ':name': cutText(sourceName, { maxChars: MAX_NAME_CHARS }), ':at': at, ':zero': 0 };
      if (warning) values[':warning'] = cutText(warning, { maxChars: MAX_ERROR_CHARS });
      const out = await doc.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: PK, sk: sourceId },
          // A warning (the layout changed, links were found another way) lasts until a run without one.
          UpdateExpression: `SET sourceId = :id, sourceName = :name, lastRunAt = :at, lastSuccessAt = :at, consecutiveFailures = :zero${warning ? ', warning = :warning' : ''} REMOVE failureClass, lastError${warning ? '' : ', warning'}`,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_OLD',
        }),
      );
      const before = out.Attributes ? withoutKeys<SourceHealth>(out.Attributes) : undefined;
      return {
        health: { sourceId, sourceName, lastRunAt: at, lastSuccessAt: at, consecutiveFailures: 0, ...(warning ? { warning } : {}) },
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
          ExpressionAttributeValues: {
            ':id': sourceId,
            ':name': cutText(sourceName, { maxChars: MAX_NAME_CHARS }),
            ':at': at,
            ':class': failureClass,
            ':error': cutText(error, { maxChars: MAX_ERROR_CHARS }),
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return withoutKeys<SourceHealth>(out.Attributes ?? {});
    },
    async forget(sourceId) {
      const out = await doc.send(new DeleteCommand({ TableName: table, Key: { pk: PK, sk: sourceId }, ReturnValues: 'ALL_OLD' }));
      return out.Attributes !== undefined;
    },
    async list() {
      const items = await queryAll(doc, { TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': PK } });
      return items.map((item) => withoutKeys<SourceHealth>(item));
    },
  };
}
