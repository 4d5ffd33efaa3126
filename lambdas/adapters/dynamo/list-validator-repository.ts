import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ListValidatorRepository } from '../../core/ports';
import { expiresAt } from './retention';

/** Validators are a few dozen bytes; a hostile server's 10 kB ETag is not kept. */
const MAX_VALIDATOR_CHARS = 500;

const keyOf = (url: string) => ({ pk: `HTTPCACHE#${createHash('sha256').update(url).digest('hex').slice(0, 32)}`, sk: 'HTTP' });

export function createListValidatorRepository(doc: DynamoDBDocumentClient, table: string): ListValidatorRepository {
  return {
    async get(url) {
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: keyOf(url) }));
      if (!Item || Item.url !== url) return undefined;
      return { etag: Item.etag as string | undefined, lastModified: Item.lastModified as string | undefined };
    },
    async put(url, validators) {
      // A validator too long to keep is dropped, never cut: a cut ETag would never match again.
      const keep = (v: string | undefined) => (v && v.length <= MAX_VALIDATOR_CHARS ? v : undefined);
      const item: Record<string, unknown> = { ...keyOf(url), url, expiresAt: expiresAt(new Date().toISOString(), 30) };
      if (keep(validators.etag)) item.etag = validators.etag;
      if (keep(validators.lastModified)) item.lastModified = validators.lastModified;
      if (!item.etag && !item.lastModified) return;
      await doc.send(new PutCommand({ TableName: table, Item: item }));
    },
  };
}
