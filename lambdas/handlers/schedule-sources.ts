import { SQSClient } from '@aws-sdk/client-sqs';
import { readAwsConfig } from '../aws-config';
import { enqueueSources } from '../adapters/sqs-source-queue';
import { enabledSources } from '../sources/enabled-sources';

const config = readAwsConfig();
const sqs = new SQSClient({});

/** EventBridge Scheduler → one SQS message per enabled source of the scheduled kind. */
export const handler = async (event: { kind?: 'news' | 'policy' }): Promise<{ enqueued: number }> => {
  const sources = enabledSources(config.enabledSources).filter((s) => !event?.kind || s.kind === event.kind);
  const enqueued = await enqueueSources(sqs, config.collectQueueUrl!, sources.map((s) => s.id));
  console.log(JSON.stringify({ message: 'sources enqueued', kind: event?.kind ?? 'all', enqueued }));
  return { enqueued };
};
