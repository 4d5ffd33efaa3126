import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createHttpFetcher } from '../adapters/http-fetcher';
import { readAwsConfig } from '../aws-config';
import { buildAws, type AwsWiring } from '../aws-wiring';
import { unsubscribeUrl } from '../core/digest/unsubscribe-url';
import { buildMatcher } from '../core/matcher';
import type { Subscriber } from '../core/types';
import { collectAndStore } from '../core/use-cases/run-pass';
import { enabledSources } from '../sources/enabled-sources';

const config = readAwsConfig();
let wiring: Promise<AwsWiring> | undefined;
// Production politeness: one request at a time per host, 1 s apart; public addresses only.
const fetcher = createHttpFetcher({ allowPrivateNetwork: false });

/**
 * SQS → collect one source per message. A source that fails is recorded in its health and counted
 * in the SourceFailures metric; only an unexpected error (the store is down) returns the message
 * for a retry, so a broken site is not hammered three times an hour.
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  wiring ??= buildAws(config);
  const { store, mailer } = await wiring;
  const now = () => new Date();
  const log = (line: string) => console.log(line);
  const alerts = config.admin ? { store, now, from: config.from, log, admin: config.admin, mailer } : undefined;
  const policyAlerts = { store, now, from: config.from, log, mailerFor: () => mailer, unsubscribeUrl: (s: Subscriber) => unsubscribeUrl(config.unsubscribeBase, config.from, s.unsubscribeToken) };
  const matcher = buildMatcher((await store.watchlist.list()).filter((e) => e.enabled));
  const sources = enabledSources(config.enabledSources);
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const { sourceId } = JSON.parse(record.body) as { sourceId: string };
      const source = sources.find((s) => s.id === sourceId);
      if (!source) {
        console.warn(JSON.stringify({ message: 'unknown source id, dropped', sourceId }));
        continue;
      }
      const result = await collectAndStore({ store, fetcher, now, log, alerts, policyAlerts }, source, matcher);
      // Embedded Metric Format: CloudWatch turns this log line into the Gzwatch/SourceFailures metric.
      console.log(
        JSON.stringify({
          _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: 'Gzwatch', Dimensions: [[]], Metrics: [{ Name: 'SourceFailures', Unit: 'Count' }, { Name: 'NewArticles', Unit: 'Count' }] }] },
          SourceFailures: result.ok ? 0 : 1,
          NewArticles: result.newArticles,
          ...result,
        }),
      );
    } catch (error) {
      console.error(JSON.stringify({ message: 'collect failed', messageId: record.messageId, error: (error as Error).message }));
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
