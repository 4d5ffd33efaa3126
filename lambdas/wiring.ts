import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import path from 'node:path';
import type { LocalConfig } from './config';
import { createHttpFetcher, type FetchLogEvent } from './adapters/http-fetcher';
import { createDocumentClient, ensureTable } from './adapters/dynamo/document-client';
import { startEmbeddedStore } from './adapters/dynamo/embedded-store';
import { createDynamoStore } from './adapters/dynamo/store';
import { createFileOutboxMailer } from './adapters/mail/file-outbox-mailer';
import { createSmtpMailer } from './adapters/mail/smtp-mailer';
import type { Fetcher, Mailer, Store } from './core/ports';
import type { Subscriber } from './core/types';

/** The address used when nobody has subscribed yet; its mail always lands in the local outbox. */
export const PLACEHOLDER_SUBSCRIBER = 'you@gzwatch.invalid';

export interface LocalWiring {
  store: Store;
  mailer: Mailer;
  mailerFor(subscriber: Subscriber): Mailer;
  outboxDir: string;
  close(): Promise<void>;
}

export interface FetchWiringOptions {
  allowPrivateNetwork?: boolean;
  /** Demo and bench only: send real site URLs to the local fixture server, and map redirects back. */
  rewriteUrl?: (url: string) => string;
  originalUrl?: (localUrl: string) => string;
  perHostDelayMs?: number;
  maxConcurrentHosts?: number;
  requestTimeoutMs?: number;
  log?: (event: FetchLogEvent) => void;
}

/**
 * The local set of adapters: dynalite in this process (or DYNAMODB_ENDPOINT), SMTP when SMTP_URL is
 * set, else the file outbox under $GZWATCH_HOME/outbox.
 */
export async function buildLocal(config: LocalConfig): Promise<LocalWiring> {
  const closers: (() => Promise<void>)[] = [];
  let endpoint = config.dynamoEndpoint;
  if (config.store === 'aws') return wireStore(config, undefined, closers, false);
  if (!endpoint) {
    const dbDir = path.join(config.home, 'db');
    try {
      const embedded = await startEmbeddedStore(dbDir);
      closers.push(embedded.close);
      endpoint = embedded.endpoint;
    } catch (error) {
      throw new Error(
        `cannot open the local store in ${dbDir}: ${(error as Error).message}. Is another gzwatch running with the same GZWATCH_HOME? Wait for it, or set GZWATCH_HOME to another folder.`,
        { cause: error },
      );
    }
  }
  return wireStore(config, endpoint, closers, true);
}

async function wireStore(config: LocalConfig, endpoint: string | undefined, closers: (() => Promise<void>)[], createTable: boolean): Promise<LocalWiring> {
  const doc = createDocumentClient({ endpoint, region: config.region });
  closers.push(async () => doc.destroy());
  try {
    // Local stores get their table on first use; on AWS the stack owns it, so only check it is there.
    if (createTable) await ensureTable(doc, config.tableName);
    else await doc.send(new DescribeTableCommand({ TableName: config.tableName }));
  } catch (error) {
    for (const close of closers.reverse()) await close();
    const where = endpoint ?? `DynamoDB in ${config.region}`;
    throw new Error(`cannot use table ${config.tableName} at ${where}: ${(error as Error).message}`, { cause: error });
  }
  const outboxDir = path.join(config.home, 'outbox');
  const fileMailer = createFileOutboxMailer(outboxDir);
  const mailer = config.smtpUrl ? createSmtpMailer(config.smtpUrl) : fileMailer;
  if (mailer.close) closers.push(mailer.close);
  return {
    store: createDynamoStore(doc, config.tableName),
    mailer,
    mailerFor: (subscriber) => (subscriber.email === PLACEHOLDER_SUBSCRIBER ? fileMailer : mailer),
    outboxDir,
    async close() {
      for (const close of closers.reverse()) await close();
    },
  };
}

export function buildFetcher(options: FetchWiringOptions = {}): Fetcher & { close(): Promise<void> } {
  return createHttpFetcher({
    allowPrivateNetwork: options.allowPrivateNetwork ?? false,
    rewriteUrl: options.rewriteUrl,
    originalUrl: options.originalUrl,
    perHostDelayMs: options.perHostDelayMs,
    // Politeness is per host (one request at a time, a delay between them); many hosts may run at once.
    maxConcurrentHosts: options.maxConcurrentHosts ?? 16,
    requestTimeoutMs: options.requestTimeoutMs,
    log: options.log,
  });
}
