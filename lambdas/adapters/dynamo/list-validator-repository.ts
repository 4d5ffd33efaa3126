import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ListValidatorRepository } from '../../core/ports';
import { getAll, putAll } from './paginate';
import { expiresAt } from './retention';

/** Validators are a few dozen bytes; a hostile server's 10 kB ETag is not kept. */
const MAX_VALIDATOR_CHARS = 500;

const keyOf = (url: string) => ({ pk: `HTTPCACHE#${createHash('sha256').update(url).digest('hex').slice(0, 32)}`, sk: 'HTTP' });

type Validators = { etag?: string; lastModified?: string };

const validatorsOf = (item: Record<string, unknown>): Validators => ({ etag: item.etag as string | undefined, lastModified: item.lastModified as string | undefined });

/** The item for a URL's validators, or nothing when there is nothing worth keeping. */
function itemOf(url: string, validators: Validators): Record<string, unknown> | undefined {
  // A validator too long to keep is dropped, never cut: a cut ETag would never match again.
  const keep = (v: string | undefined) => (v && v.length <= MAX_VALIDATOR_CHARS ? v : undefined);
  const item: Record<string, unknown> = { ...keyOf(url), url, expiresAt: expiresAt(new Date().toISOString(), 30) };
  if (keep(validators.etag)) item.etag = validators.etag;
  if (keep(validators.lastModified)) item.lastModified = validators.lastModified;
  return item.etag || item.lastModified ? item : undefined;
}

export function createListValidatorRepository(doc: DynamoDBDocumentClient, table: string): ListValidatorRepository {
  return {
    async get(url) {
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: keyOf(url) }));
      if (!Item || Item.url !== url) return undefined;
      return validatorsOf(Item);
    },
    async put(url, validators) {
      const item = itemOf(url, validators);
      if (item) await doc.send(new PutCommand({ TableName: table, Item: item }));
    },
    async getMany(urls) {
      const wanted = new Set(urls);
      const items = await getAll(doc, table, [...wanted].map(keyOf));
      return new Map(items.filter((i) => wanted.has(String(i.url))).map((i) => [String(i.url), validatorsOf(i)]));
    },
    async putMany(entries) {
      // The last entry for a URL wins, as consecutive puts would (a batch may not name a key twice).
      const byUrl = new Map(entries);
      const items = [...byUrl].map(([url, v]) => itemOf(url, v)).filter((i): i is Record<string, unknown> => i !== undefined);
      await putAll(doc, table, items, 'list validator');
    },
  };
}
