import type { SQSClient } from '@aws-sdk/client-sqs';
import { digestMessageBody, type DigestMessage } from '../core/digest-message';
import { sendMessageBodies } from './sqs-batches';

/** Fan-out: one message per group of readers who share a render, so each group is delivered (and retried) on its own. */
export async function enqueueDigests(client: SQSClient, queueUrl: string, messages: DigestMessage[]): Promise<number> {
  return sendMessageBodies(client, queueUrl, messages.map(digestMessageBody), 'digest');
}
