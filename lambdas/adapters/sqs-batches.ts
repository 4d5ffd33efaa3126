import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** Sends each body as its own message, ten to a SendMessageBatch (SQS's limit); the count sent. */
export async function sendMessageBodies(client: SQSClient, queueUrl: string, bodies: string[], what: string): Promise<number> {
  let sent = 0;
  for (let i = 0; i < bodies.length; i += 10) {
    const batch = bodies.slice(i, i + 10);
    const out = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch.map((MessageBody, j) => ({ Id: String(j), MessageBody })) }));
    if (out.Failed?.length) throw new Error(`SQS refused ${out.Failed.length} ${what} messages: ${out.Failed.map((f) => f.Message).join('; ')}`);
    sent += batch.length;
  }
  return sent;
}
