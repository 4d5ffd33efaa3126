import { createDocumentClient } from '../adapters/dynamo/document-client';
import { createDynamoStore } from '../adapters/dynamo/store';
import { createEmfMetrics } from '../adapters/emf-metrics';
import { createJsonLogger } from '../adapters/json-logger';
import type { DigestFanOut, Fetcher, SourceQueue } from '../core/ports';
import { enabledStoredSources } from '../core/use-cases/source-catalogue';
import { enabledSources } from '../sources/enabled-sources';
import { builtInSources } from '../sources/registry';
import { readAwsConfig, type AwsConfig } from './config';
import { lazyMailer } from './lazy-mailer';
import { lazy, type Services } from './services';

/**
 * The AWS shell's composition root, built once per cold start. Only the store client is made at
 * once; the fetcher, the mail transport and the SQS and Lambda clients are loaded on first use, so each
 * function pays at start-up only for what every one of its invocations needs.
 */
export function composeAws(env: NodeJS.ProcessEnv = process.env): Services & { config: AwsConfig } {
  const config = readAwsConfig(env);
  const doc = createDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });
  const logger = createJsonLogger();
  // Adapters some invocations never use are required on first use (this project is CommonJS, so
  // `require` is the lazy import). The packages behind them (nodemailer, SES, Secrets Manager, SQS, Lambda,
  // the fetcher's sniffer) sit beside index.js as their own files (lib/bundling.ts LAZY_PACKAGES),
  // so a cold start does not even read them; the adapters' own small code stays in index.js.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const fetcher = lazy(async () => {
    const { createHttpFetcher } = require('../adapters/http-fetcher') as typeof import('../adapters/http-fetcher');
    // Production politeness: one request at a time per host, 1 s apart; public addresses only
    // (the stack never sets GZWATCH_ALLOW_PRIVATE_NETWORK; tests do, to reach their local sites).
    return createHttpFetcher({ allowPrivateNetwork: config.allowPrivateNetwork });
  });
  const mailer = lazyMailer(config.mailTransport === 'smtp' ? 'SMTP (URL from Secrets Manager)' : 'Amazon SES', async () => {
    if (config.mailTransport === 'smtp') {
      const { SecretsManagerClient } = require('@aws-sdk/client-secrets-manager') as typeof import('@aws-sdk/client-secrets-manager');
      const { readSmtpUrlSecret } = require('../adapters/secret-smtp-url') as typeof import('../adapters/secret-smtp-url');
      const { createSmtpMailer } = require('../adapters/mail/smtp-mailer') as typeof import('../adapters/mail/smtp-mailer');
      return createSmtpMailer(await readSmtpUrlSecret(new SecretsManagerClient({ region: config.region }), config.smtpSecretArn!));
    }
    const { createSesMailer } = require('../adapters/mail/ses-mailer') as typeof import('../adapters/mail/ses-mailer');
    return createSesMailer({ configurationSet: config.sesConfigurationSet });
  });
  const sqs = lazy(async () => {
    const { SQSClient } = require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs');
    return new SQSClient({ region: config.region });
  });
  const queue: SourceQueue | undefined = config.collectQueueUrl
    ? {
        async enqueue(ids) {
          const { enqueueSources } = require('../adapters/sqs-source-queue') as typeof import('../adapters/sqs-source-queue');
          return enqueueSources(await sqs(), config.collectQueueUrl!, ids);
        },
      }
    : undefined;
  const lambda = lazy(async () => {
    const { LambdaClient } = require('@aws-sdk/client-lambda') as typeof import('@aws-sdk/client-lambda');
    // One attempt per send: invokeDigests retries throttles and 5xx itself, per message, so the
    // SDK's own retries would only multiply its attempts.
    return new LambdaClient({ region: config.region, maxAttempts: 1 });
  });
  const digestFanOut: DigestFanOut | undefined = config.digestFunctionName
    ? {
        async dispatch(messages) {
          const { invokeDigests } = require('../adapters/lambda-digest-invoker') as typeof import('../adapters/lambda-digest-invoker');
          return invokeDigests(await lambda(), config.digestFunctionName!, messages);
        },
      }
    : undefined;
  const chat = lazy(async () => {
    const { createChatSender } = require('../adapters/chat/chat-sender') as typeof import('../adapters/chat/chat-sender');
    return createChatSender();
  });
  /* eslint-enable @typescript-eslint/no-require-imports */
  const lazyFetcher: Fetcher = { get: async (url, options) => (await fetcher()).get(url, options) };
  const store = createDynamoStore(doc, config.tableName);
  const builtIns = enabledSources(config.enabledSources);
  const left = new Set(builtInSources.filter((s) => !builtIns.includes(s)).map((s) => s.id));
  return {
    store,
    fetcher: lazyFetcher,
    mailer,
    mailerFor: () => mailer,
    channels: { send: async (channel, body, hooks) => (await chat()).send(channel, body, hooks) },
    clock: { now: () => new Date() },
    logger,
    metrics: createEmfMetrics('Gzwatch', config.stack),
    // No word segmenter: jieba is a native module, and its arm64 build is not something the
    // bundle can carry (npm installs only the build machine's platform). People's names are then
    // checked by context alone, as before; the local shell has the segmenter.
    // The stored sources (`gzwatch sources add`, `seed`); GZWATCH_SOURCES narrows the built-in ones.
    sources: { list: async () => (await enabledStoredSources(store, builtIns)).filter((s) => !left.has(s.id)) },
    queue,
    digestFanOut,
    config,
    delivery: {},
    async close() {
      await mailer.close?.();
      doc.destroy();
    },
  };
}
