import type { SQSEvent } from 'aws-lambda';

/** One SQS record as Lambda's SQS event source delivers it to the collector. */
export function sqsRecord(messageId: string, body: string): SQSEvent['Records'][number] {
  return { messageId, body, receiptHandle: 'r', attributes: {}, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:gzwatch-collect', awsRegion: 'us-east-1' } as SQSEvent['Records'][number];
}

/** The environment the stack gives every function, pointed at a local dynalite. */
export function lambdaEnvironment(table: string, endpoint: string, extra: Record<string, string> = {}): Record<string, string> {
  return { TABLE_NAME: table, DYNAMODB_ENDPOINT: endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', GZWATCH_FROM: 'gzwatch <digest@mail.gzwatch.test>', ...extra };
}

/** A Lambda Function URL request (payload 2.0) as the web function receives it. */
export function functionUrlEvent(method: string, pathWithQuery: string, body = '', headers: Record<string, string> = {}): import('aws-lambda').LambdaFunctionURLEvent {
  const [rawPath, rawQueryString = ''] = pathWithQuery.split('?') as [string, string?];
  const base64 = body !== '' && headers['x-test-base64'] === '1';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: { host: 'abc123.lambda-url.us-east-1.on.aws', ...headers },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abc123',
      domainName: 'abc123.lambda-url.us-east-1.on.aws',
      domainPrefix: 'abc123',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'test' },
      requestId: 'r',
      routeKey: '$default',
      stage: '$default',
      time: '01/Dec/2026:00:00:00 +0000',
      timeEpoch: 0,
    },
    body: base64 ? Buffer.from(body).toString('base64') : body || undefined,
    isBase64Encoded: base64,
  } as import('aws-lambda').LambdaFunctionURLEvent;
}

/** One SES event (event publishing through a configuration set) delivered by SNS. */
export function sesEventThroughSns(message: object): import('aws-lambda').SNSEvent {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:us-east-1:000000000000:ses-events:1',
        Sns: {
          Type: 'Notification', MessageId: 'm', TopicArn: 'arn:aws:sns:us-east-1:000000000000:ses-events', Subject: undefined as unknown as string,
          Message: JSON.stringify(message), Timestamp: '2026-12-01T00:00:00.000Z', SignatureVersion: '1', Signature: '', SigningCertUrl: '', UnsubscribeUrl: '', MessageAttributes: {},
        },
      },
    ],
  };
}

/**
 * The events a mocked Lambda client's asynchronous InvokeCommand calls handed `functionName`, as
 * Lambda passes them to its handler: the payload parsed from JSON.
 */
export function eventsInvoked(calls: readonly { args: readonly unknown[] }[], functionName: string): unknown[] {
  const events: unknown[] = [];
  for (const call of calls) {
    const input = (call.args[0] as { input: { FunctionName?: string; InvocationType?: string; Payload?: Uint8Array } }).input;
    if (input.FunctionName !== functionName) continue;
    if (input.InvocationType !== 'Event') throw new Error(`${functionName} was invoked ${input.InvocationType ?? 'synchronously'}, not asynchronously`);
    events.push(JSON.parse(Buffer.from(input.Payload ?? new Uint8Array()).toString('utf8')));
  }
  return events;
}
