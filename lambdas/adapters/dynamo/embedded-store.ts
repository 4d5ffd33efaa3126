import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface EmbeddedStore {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * Starts dynalite in this process on 127.0.0.1, persisted under `dataDir` (in memory when absent),
 * so the CLI runs the same repository code as the Lambdas without an AWS account.
 */
export async function startEmbeddedStore(dataDir?: string): Promise<EmbeddedStore> {
  if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  // dynalite ships no types; its API is one factory returning an http.Server. Required here, not
  // at the top: a command on a store that `gzwatch serve` or DYNAMODB_ENDPOINT provides never loads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynalite = require('dynalite') as (options: Record<string, unknown>) => import('node:http').Server;
  const server = dynalite({ path: dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
