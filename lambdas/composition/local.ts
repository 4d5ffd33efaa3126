import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import fs from 'node:fs';
import path from 'node:path';
import { noMetrics } from '../adapters/emf-metrics';
import { createChatSender } from '../adapters/chat/chat-sender';
import { createConsoleLogger } from '../adapters/console-logger';
import { createDocumentClient, ensureTable } from '../adapters/dynamo/document-client';
import { startEmbeddedStore } from '../adapters/dynamo/embedded-store';
import { createDynamoStore } from '../adapters/dynamo/store';
import type { FetchLogEvent } from '../adapters/http-fetcher';
import { jiebaWords } from '../adapters/jieba-words';
import { isHolderAlive, processHolder } from '../adapters/process-holder';
import { liveServeRecord } from '../adapters/serve-registry';
import type { Fetcher, Logger } from '../core/ports';
import type { SourceDefinition } from '../core/types';
import { enabledStoredSources } from '../core/use-cases/source-catalogue';
import { builtInSources } from '../sources/registry';
import type { LocalConfig } from './config';
import { lazyMailer } from './lazy-mailer';
import type { Services } from './services';

/** The address used when nobody has subscribed yet; its mail always lands in the local outbox. */
export const PLACEHOLDER_SUBSCRIBER = 'you@gzwatch.invalid';

/**
 * The crash tests' fault injection (test/support), loaded only when GZWATCH_FAULT names a step;
 * the CLI runs from source, so the test-support file is there whenever a test sets it.
 */
function crashTestFault(): ((step: string) => void) | undefined {
  const step = process.env.GZWATCH_FAULT;
  if (!step) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { faultInjector } = require('../../test/support/fault-injector') as typeof import('../../test/support/fault-injector');
  return faultInjector(step);
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
  // Required on first use, like the mail transports below: `gzwatch match` never loads the HTTP client.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createHttpFetcher } = require('../adapters/http-fetcher') as typeof import('../adapters/http-fetcher');
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

/**
 * LevelDB starts an empty store where its CURRENT file is missing, which would hide every
 * subscriber and article behind a fresh start. A folder with data files but no CURRENT is damaged:
 * refuse it and say what to do, never write over it.
 */
function refuseDamagedStore(dbDir: string): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(dbDir);
  } catch {
    return; // no store yet: the first run creates it
  }
  const data = entries.filter((f) => /\.(ldb|log|sst)$|^MANIFEST-/.test(f));
  if (data.length && !entries.includes('CURRENT')) {
    throw new Error(
      `the store in ${dbDir} is damaged: it holds data files (${data.slice(0, 3).join(', ')}${data.length > 3 ? ', …' : ''}) but no CURRENT file, so opening it would start an empty store. Nothing was changed. Restore the folder from a backup, or move it aside to start afresh (its data stays in the moved folder).`,
    );
  }
}

async function openStoreEndpoint(config: LocalConfig, closers: (() => Promise<void>)[]): Promise<string | undefined> {
  if (config.store === 'aws' || config.dynamoEndpoint) return config.dynamoEndpoint;
  // While `gzwatch serve` runs on this home it owns the LevelDB folder: use its store.
  const served = liveServeRecord(config.home);
  if (served) return served.dynamoEndpoint;
  const dbDir = path.join(config.home, 'db');
  refuseDamagedStore(dbDir);
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
  // nodemailer is loaded only for a command that sends: most commands never do.
  const fileMailer = lazyMailer(`file outbox ${outboxDir}`, async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createFileOutboxMailer } = require('../adapters/mail/file-outbox-mailer') as typeof import('../adapters/mail/file-outbox-mailer');
    return createFileOutboxMailer(outboxDir);
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const smtp = () => require('../adapters/mail/smtp-mailer') as typeof import('../adapters/mail/smtp-mailer');
  const mailer = config.smtpUrl ? smtp().createSmtpMailer(config.smtpUrl) : fileMailer;
  if (mailer.close) closers.push(mailer.close);
  let fetcher: (Fetcher & { close(): Promise<void> }) | undefined;
  closers.push(async () => fetcher?.close());
  const store = createDynamoStore(doc, config.tableName);
  return {
    store,
    fetcher: { get: (url, o) => (fetcher ??= buildFetcher(options.fetch)).get(url, o) },
    mailer,
    mailerFor: (subscriber) => (subscriber.email === PLACEHOLDER_SUBSCRIBER ? fileMailer : mailer),
    channels: createChatSender(),
    clock: { now: () => new Date() },
    logger: options.logger ?? createConsoleLogger(),
    metrics: noMetrics,
    words: jiebaWords,
    // A --sources file is exactly what runs; otherwise the enabled stored sources.
    sources: { list: async () => options.sources ?? (await enabledStoredSources(store, builtInSources)) },
    // No fan-out: `gzwatch digest` delivers the planned groups in-process (deliverDueDigests).
    digestFanOut: undefined,
    config: { ...config, fallbackRecipient: config.digestTo ?? PLACEHOLDER_SUBSCRIBER },
    delivery: { holder: processHolder(), isHolderAlive, fault: crashTestFault() },
    outboxDir,
    storeEndpoint: endpoint,
    sharedStore: served !== undefined,
    close: closeAll,
  };
}

/**
 * Local files read by `match --html` and `extract` are decoded as the fetcher decodes pages. A
 * function that requires the decoder (iconv-lite, half a megabyte) when called, not a re-export
 * that every importer of this module would load.
 */
export function decodeBody(...args: Parameters<typeof import('../adapters/http-body-decoding').decodeBody>): ReturnType<typeof import('../adapters/http-body-decoding').decodeBody> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../adapters/http-body-decoding') as typeof import('../adapters/http-body-decoding')).decodeBody(...args);
}


/** The network policy's rule for an IP address, for checking a channel URL when it is added. */
export { addressRefusal } from '../adapters/network-policy';
/** `gzwatch serve`: the node:http server for the web router, and the record other commands find its store by. */
export { startHttpServer } from '../adapters/http-server';
export { writeServeRecord } from '../adapters/serve-registry';
