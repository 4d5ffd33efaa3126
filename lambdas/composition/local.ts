import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import path from 'node:path';
import { noMetrics } from '../adapters/emf-metrics';
import { createConsoleLogger } from '../adapters/console-logger';
import { createDocumentClient, ensureTable } from '../adapters/dynamo/document-client';
import { startEmbeddedStore } from '../adapters/dynamo/embedded-store';
import { createDynamoStore } from '../adapters/dynamo/store';
import { createHttpFetcher, type FetchLogEvent } from '../adapters/http-fetcher';
import { createFileOutboxMailer } from '../adapters/mail/file-outbox-mailer';
import { createSmtpMailer } from '../adapters/mail/smtp-mailer';
import { faultInjector, isHolderAlive, processHolder } from '../adapters/process-holder';
import { liveServeRecord } from '../adapters/serve-registry';
import type { Fetcher, Logger } from '../core/ports';
import type { SourceDefinition } from '../core/types';
import { enabledStoredSources } from '../core/use-cases/source-catalogue';
import { builtInSources } from '../sources/registry';
import type { LocalConfig } from './config';
import type { Services } from './services';

/** The address used when nobody has subscribed yet; its mail always lands in the local outbox. */
export const PLACEHOLDER_SUBSCRIBER = 'you@gzwatch.invalid';

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

export interface LocalOptions {
  fetch?: FetchWiringOptions;
  /** The sources of a `--sources` file instead of the built-in ones. */
  sources?: SourceDefinition[];
  logger?: Logger;
}

export interface LocalServices extends Services {
  config: LocalConfig & { fallbackRecipient?: string };
  outboxDir: string;
  /** The DynamoDB endpoint in use; `gzwatch serve` publishes it for the other commands. */
  storeEndpoint?: string;
  /** True when another process (`gzwatch serve`) owns the embedded store and this one uses it. */
  sharedStore: boolean;
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

async function openStoreEndpoint(config: LocalConfig, closers: (() => Promise<void>)[]): Promise<string | undefined> {
  if (config.store === 'aws' || config.dynamoEndpoint) return config.dynamoEndpoint;
  // While `gzwatch serve` runs on this home it owns the LevelDB folder: use its store.
  const served = liveServeRecord(config.home);
  if (served) return served.dynamoEndpoint;
  const dbDir = path.join(config.home, 'db');
  try {
    const embedded = await startEmbeddedStore(dbDir);
    closers.push(embedded.close);
    return embedded.endpoint;
  } catch (error) {
    throw new Error(
      `cannot open the local store in ${dbDir}: ${(error as Error).message}. Is another gzwatch running with the same GZWATCH_HOME? Wait for it, or set GZWATCH_HOME to another folder.`,
      { cause: error },
    );
  }
}

/**
 * The local shell's composition root: dynalite in this process (or DYNAMODB_ENDPOINT, or the
 * deployed table with GZWATCH_STORE=aws), SMTP when SMTP_URL is set, else the file outbox under
 * $GZWATCH_HOME/outbox; the fetcher is made on first use.
 */
export async function composeLocal(config: LocalConfig, options: LocalOptions = {}): Promise<LocalServices> {
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close();
  };
  const served = config.store === 'local' && !config.dynamoEndpoint ? liveServeRecord(config.home) : undefined;
  const endpoint = await openStoreEndpoint(config, closers);
  // Links in mail point at the running web service unless GZWATCH_PUBLIC_URL says otherwise.
  if (!config.publicUrl && served?.url) config = { ...config, publicUrl: served.url };
  const doc = createDocumentClient({ endpoint, region: config.region });
  closers.push(async () => doc.destroy());
  try {
    // Local stores get their table on first use; on AWS the stack owns it, so only check it is there.
    if (config.store === 'aws') await doc.send(new DescribeTableCommand({ TableName: config.tableName }));
    else await ensureTable(doc, config.tableName);
  } catch (error) {
    await closeAll();
    const where = endpoint ?? `DynamoDB in ${config.region}`;
    throw new Error(`cannot use table ${config.tableName} at ${where}: ${(error as Error).message}`, { cause: error });
  }
  const outboxDir = path.join(config.home, 'outbox');
  const fileMailer = createFileOutboxMailer(outboxDir);
  const mailer = config.smtpUrl ? createSmtpMailer(config.smtpUrl) : fileMailer;
  if (mailer.close) closers.push(mailer.close);
  let fetcher: (Fetcher & { close(): Promise<void> }) | undefined;
  closers.push(async () => fetcher?.close());
  const store = createDynamoStore(doc, config.tableName);
  return {
    store,
    fetcher: { get: (url, o) => (fetcher ??= buildFetcher(options.fetch)).get(url, o) },
    mailer,
    mailerFor: (subscriber) => (subscriber.email === PLACEHOLDER_SUBSCRIBER ? fileMailer : mailer),
    clock: { now: () => new Date() },
    logger: options.logger ?? createConsoleLogger(),
    metrics: noMetrics,
    // A --sources file is exactly what runs; otherwise the enabled stored sources.
    sources: { list: async () => options.sources ?? (await enabledStoredSources(store, builtInSources)) },
    config: { ...config, fallbackRecipient: config.digestTo ?? PLACEHOLDER_SUBSCRIBER },
    delivery: { holder: processHolder(), isHolderAlive, fault: faultInjector() },
    outboxDir,
    storeEndpoint: endpoint,
    sharedStore: served !== undefined,
    close: closeAll,
  };
}

/** Local files read by `match --html` and `extract` are decoded as the fetcher decodes pages. */
export { decodeBody } from '../adapters/http-body-decoding';
