import type { ChatSender, Clock, DigestFanOut, Fetcher, Logger, Mailer, Metrics, SourceQueue, Store } from '../core/ports';
import type { SourceDefinition, Subscriber } from '../core/types';
import type { SharedConfig } from './config';

/** The sources a shell collects: the built-in registry, a sources file, or (later) the store. */
export interface SourceCatalogue {
  list(): Promise<SourceDefinition[]>;
}

/** How this shell claims outbox records, so a claim left by a dead local process is taken over at once. */
export interface DeliveryIdentity {
  holder?: string;
  isHolderAlive?(holder: string): boolean;
  fault?(step: 'after-claim' | 'before-commit' | 'after-send'): void;
}

/**
 * Everything a use-case may need from the outside world, in one shape for both shells. The AWS
 * root and the local root each build one; use-case dependencies are derived from it in
 * use-case-deps.ts, so a handler and a command get the same wiring by construction.
 */
export interface Services {
  store: Store;
  fetcher: Fetcher;
  mailer: Mailer;
  /** The mailer for one recipient (locally, the placeholder recipient's mail always lands in the file outbox). */
  mailerFor(subscriber: Subscriber): Mailer;
  /** Posts to chat channels (WeCom, DingTalk, Feishu, Slack, webhooks). */
  channels: ChatSender;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  sources: SourceCatalogue;
  /**
   * A Chinese word segmenter for the matcher (people's names against word boundaries), where the
   * shell can load one: jieba's native module locally; not in the Lambda bundle (see aws.ts).
   */
  words?: (sentence: string) => readonly string[];
  /** The collectors' queue (SQS on AWS); locally there is none and a pass collects in-process. */
  queue?: SourceQueue;
  /**
   * The digest fan-out (SQS on AWS), written by the hourly planner; locally there is none and
   * `gzwatch digest` delivers the same plan in-process.
   */
  digestFanOut?: DigestFanOut;
  config: SharedConfig & { fallbackRecipient?: string };
  delivery: DeliveryIdentity;
  close(): Promise<void>;
}

/** A value built on first use, with `built()` to reach it only if it was (for closing). */
export interface Lazy<T> {
  (): Promise<T>;
  built(): Promise<T> | undefined;
}

/** A value built on first use: adapters that only some invocations need cost nothing until then. */
export function lazy<T>(build: () => Promise<T>): Lazy<T> {
  let value: Promise<T> | undefined;
  const get = () => {
    value ??= build().catch((error: unknown) => {
      value = undefined; // a failed build (the secret was unreadable) is tried again next time
      throw error;
    });
    return value;
  };
  return Object.assign(get, { built: () => value });
}
