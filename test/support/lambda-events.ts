import type { SQSEvent } from 'aws-lambda';

/** One SQS record as Lambda's SQS event source delivers it to the collector. */
export function sqsRecord(messageId: string, body: string): SQSEvent['Records'][number] {
  return { messageId, body, receiptHandle: 'r', attributes: {}, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:gzwatch-collect', awsRegion: 'us-east-1' } as SQSEvent['Records'][number];
}

/** The environment the stack gives every function, pointed at a local dynalite. */
export function lambdaEnvironment(table: string, endpoint: string, extra: Record<string, string> = {}): Record<string, string> {
  return { TABLE_NAME: table, DYNAMODB_ENDPOINT: endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', GZWATCH_FROM: 'gzwatch <digest@mail.gzwatch.test>', ...extra };
}
