import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, ensureTable } from '../../lambdas/adapters/dynamo/document-client';
import { startEmbeddedStore } from '../../lambdas/adapters/dynamo/embedded-store';
import { createDynamoStore } from '../../lambdas/adapters/dynamo/store';
import type { Store } from '../../lambdas/core/ports';

export interface TestStore {
  store: Store;
  doc: DynamoDBDocumentClient;
  endpoint: string;
  close(): Promise<void>;
}

/** A real dynalite over HTTP on 127.0.0.1 (in memory), with the production table and repositories. */
export async function startTestStore(table = 'gzwatch-test'): Promise<TestStore> {
  const embedded = await startEmbeddedStore();
  const doc = createDocumentClient({ endpoint: embedded.endpoint, region: 'us-east-1' });
  await ensureTable(doc, table);
  return {
    store: createDynamoStore(doc, table),
    doc,
    endpoint: embedded.endpoint,
    async close() {
      doc.destroy();
      await embedded.close();
    },
  };
}
