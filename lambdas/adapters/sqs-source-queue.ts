import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { sourceMessageBody } from '../core/source-message';

/** Fan-out: one message per source, so each source is collected (and retried) on its own. */
export async function enqueueSources(client: SQSClient, queueUrl: string, sourceIds: string[]): Promise<number> {
  let sent = 0;
  for (let i = 0; i < sourceIds.length; i += 10) {
    const batch = sourceIds.slice(i, i + 10);
    const out = await client.send(
      new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch.map((id, j) => ({ Id: String(j), MessageBody: sourceMessageBody(id) })) }),
    );
    if (out.Failed?.length) throw new Error(`SQS refused ${out.Failed.length} source messages: ${out.Failed.map((f) => f.Message).join('; ')}`);
    sent += batch.length;
  }
  return sent;
}
