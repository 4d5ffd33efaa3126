import type { SQSClient } from '@aws-sdk/client-sqs';
import { sourceMessageBody } from '../core/source-message';
import { sendMessageBodies } from './sqs-batches';

/** Fan-out: one message per source, so each source is collected (and retried) on its own. */
export async function enqueueSources(client: SQSClient, queueUrl: string, sourceIds: string[]): Promise<number> {
  return sendMessageBodies(client, queueUrl, sourceIds.map(sourceMessageBody), 'source');
}
