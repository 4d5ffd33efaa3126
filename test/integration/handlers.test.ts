import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import dns from 'node:dns';
import { articleIdForUrl } from '../../lambdas/core/article-id';
import { builtInSources } from '../../lambdas/sources/registry';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';
import { eventsInvoked, sqsRecord } from '../support/lambda-events';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

/**
 * The Lambda handlers as AWS calls them: real event shapes, the table on dynalite, mail through
 * smtp-server. Only Secrets Manager, SQS and Lambda, which have no local implementation, are mocked, at
 * the SDK client boundary.
 */
const TABLE = 'gzwatch-handlers';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:gzwatch-smtp-AbCdEf';
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/gzwatch-collect';
const DIGEST_FUNCTION_NAME = 'Gzwatch-test-FunctionsDeliverDigestsFunction-AbCdEf';

let t: TestStore;
const stdout: string[] = [];
const jsonLines = () => stdout.flatMap((c) => c.split('\n')).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
let smtp: SmtpSink;
const secrets = mockClient(SecretsManagerClient);
const sqs = mockClient(SQSClient);
const lambda = mockClient(LambdaClient);

beforeAll(async () => {
  t = await startTestStore(TABLE);
  smtp = await startSmtpSink();
  Object.assign(process.env, {
    TABLE_NAME: TABLE,
    DYNAMODB_ENDPOINT: t.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    GZWATCH_FROM: 'gzwatch <digest@example.com>',
    GZWATCH_ADMIN: 'admin@example.com',
    MAIL_TRANSPORT: 'smtp',
    SMTP_SECRET_ARN: SECRET_ARN,
    COLLECT_QUEUE_URL: QUEUE_URL,
    DIGEST_FUNCTION_NAME,
    GZWATCH_STACK: 'Gzwatch-test',
  });
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: JSON.stringify({ url: smtp.url }) });
  // The handlers write JSON lines for CloudWatch to stdout; the tests read them instead of printing them.
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: { Id: string }[] }) => ({ Successful: input.Entries.map((e) => ({ Id: e.Id, MessageId: e.Id, MD5OfMessageBody: '' })), Failed: [] }));
});

afterAll(async () => {
  secrets.restore();
  sqs.restore();
  lambda.restore();
  jest.restoreAllMocks();
  await smtp.close();
  await t.close();
});

test('schedule-sources sends one SQS message per enabled source of the scheduled kind', async () => {
  // Imported only now: handlers read their environment once, at cold start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the environment is set
  const { handler } = require('../../lambdas/handlers/schedule-sources') as typeof import('../../lambdas/handlers/schedule-sources');
  const result = await handler({ kind: 'policy' });
  const sent = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!).sourceId as string));
  const policy = builtInSources.filter((s) => s.kind === 'policy').map((s) => s.id);
  expect(sent.sort()).toEqual([...policy].sort());
  expect(result.enqueued).toBe(policy.length);
  expect(sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.QueueUrl).toBe(QUEUE_URL);
});

test('collect-source records a failing source in its health and only hands back messages it could not process', async () => {
  // news.dayoo.com "resolves" to a private address here, which the network policy refuses: the
  // same path a failing live site takes, without leaving this machine.
  const realLookup = dns.lookup;
  jest.spyOn(dns, 'lookup').mockImplementation(((host: string, options: unknown, callback: (...args: unknown[]) => void) => {
    if (host === 'news.dayoo.com') return callback(null, [{ address: '10.1.2.3', family: 4 }]);
    return (realLookup as (...a: unknown[]) => void)(host, options, callback);
  }) as unknown as typeof dns.lookup);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the environment is set
  const { handler } = require('../../lambdas/handlers/collect-source') as typeof import('../../lambdas/handlers/collect-source');
  const record = sqsRecord;
  const result = await handler({ Records: [record('m1', JSON.stringify({ sourceId: 'dayoo-guangzhou' })), record('m2', 'not json'), record('m3', JSON.stringify({ sourceId: 'retired-source' }))] });
  expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }]);
  const health = (await t.store.sources.list()).find((h) => h.sourceId === 'dayoo-guangzhou');
  expect(health).toMatchObject({ consecutiveFailures: 1, failureClass: 'blocked' });
  expect(health?.lastError).toContain('10.1.2.3');
  // The Embedded Metric Format line CloudWatch turns into the Gzwatch/SourceFailures metric.
  const emf = jsonLines().filter((l) => '_aws' in l) as { _aws: { CloudWatchMetrics: { Namespace: string }[] } }[];
  expect(emf).toEqual([expect.objectContaining({ sourceId: 'dayoo-guangzhou', SourceFailures: 1, NewArticles: 0 })]);
  expect(emf[0]!._aws.CloudWatchMetrics[0]!.Namespace).toBe('Gzwatch');
  // The stack's name is the metric's dimension, as the alarm reads it: stages never mix.
  expect(emf[0]).toMatchObject({ Stack: 'Gzwatch-test', _aws: { CloudWatchMetrics: [{ Dimensions: [['Stack']] }] } });
  // Every other line is a JSON log record with a level, which Lambda's JSON log format filters on.
  expect(jsonLines().filter((l) => !('_aws' in l)).map((l) => l.level)).toEqual(expect.arrayContaining(['WARN', 'INFO']));
});

test('plan-digests invokes the worker for the due subscribers; deliver-digests sends each their digest through the SMTP URL kept in Secrets Manager, once', async () => {
  const url = 'https://news.dayoo.com/guangzhou/202611/28/139995_7.htm';
  const body = '广州黄埔区今天举行发布会，云从科技发布了面向制造业的行业大模型。';
  const start = body.indexOf('云从科技');
  await t.store.articles.putIfNew({
    id: articleIdForUrl(url), url, title: '云从科技发布行业大模型', body, publishedAt: new Date().toISOString(), source: 'dayoo-guangzhou', sourceName: '广州日报·大洋网', sourceKind: 'news',
    firstSeenAt: new Date(Date.now() - 60_000).toISOString(),
    mentions: [{ entityId: 'company-cloudwalk', name: '云从科技', kind: 'company', text: '云从科技', start, end: start + 4, field: 'body', snippet: body }],
  });
  await t.store.subscribers.add({ email: 'early@example.com', follows: [], digestHour: 0, status: 'active', unsubscribeToken: 'tok', sendEmpty: false, createdAt: new Date().toISOString() });
  await t.store.subscribers.add({ email: 'gone@example.com', follows: [], digestHour: 0, status: 'unsubscribed', unsubscribeToken: 'tok2', sendEmpty: false, createdAt: new Date().toISOString() });
  const secretReads = secrets.commandCalls(GetSecretValueCommand).length;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded after the environment is set */
  const planner = require('../../lambdas/handlers/plan-digests') as typeof import('../../lambdas/handlers/plan-digests');
  const { handler } = require('../../lambdas/handlers/deliver-digests') as typeof import('../../lambdas/handlers/deliver-digests');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const before = smtp.received.length;
  const invokedBefore = lambda.commandCalls(InvokeCommand).length;
  expect(await planner.handler()).toEqual({ messages: 1, readers: 1, served: 0 });
  const events = eventsInvoked(lambda.commandCalls(InvokeCommand).slice(invokedBefore), DIGEST_FUNCTION_NAME);
  expect(events).toEqual([expect.objectContaining({ kind: 'readers', emails: ['early@example.com'] })]);
  expect(await handler(events[0])).toEqual({ kind: 'readers', statuses: { sent: 1 }, skipped: 0 });
  const mail = smtp.received.slice(before);
  expect(mail.map((m) => (m.to && 'text' in m.to ? m.to.text : ''))).toEqual(['early@example.com']);
  expect(mail[0]!.html).toContain('云从科技发布行业大模型');
  // The event delivered again (Lambda may deliver an asynchronous event twice) sends nothing; the next hour's plan leaves the reader out.
  expect(await handler(events[0])).toEqual({ kind: 'readers', statuses: { 'already-sent': 1 }, skipped: 0 });
  expect(await planner.handler()).toEqual({ messages: 0, readers: 0, served: 1 });
  expect(smtp.received.length).toBe(before + 1);
  // The secret is read once per cold start, not per invocation.
  expect(secrets.commandCalls(GetSecretValueCommand).length).toBe(secretReads + 1);
});

test('collect-source returns the message to the queue and leaves the health alone when the store refuses a write', async () => {
  const before = (await t.store.sources.list()).find((h) => h.sourceId === 'dayoo-guangzhou');
  const send = DynamoDBDocumentClient.prototype.send;
  const refused = jest.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(function (this: DynamoDBDocumentClient, command: object, ...rest: unknown[]) {
    if (command instanceof UpdateCommand) return Promise.reject(Object.assign(new Error('Throughput exceeds the current capacity of your table'), { name: 'ProvisionedThroughputExceededException' }));
    return (send as (...a: unknown[]) => Promise<unknown>).call(this, command, ...rest);
  } as typeof send);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the environment is set
  const { handler } = require('../../lambdas/handlers/collect-source') as typeof import('../../lambdas/handlers/collect-source');
  stdout.length = 0;
  const result = await handler({ Records: [sqsRecord('m9', JSON.stringify({ sourceId: 'dayoo-guangzhou' }))] });
  refused.mockRestore();
  expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm9' }]);
  expect((await t.store.sources.list()).find((h) => h.sourceId === 'dayoo-guangzhou')).toEqual(before);
  // The InfrastructureErrors metric raises the collector's alarm; the log line says why.
  expect(jsonLines()).toEqual(expect.arrayContaining([expect.objectContaining({ InfrastructureErrors: 1, sourceId: 'dayoo-guangzhou' }), expect.objectContaining({ level: 'ERROR', error: expect.stringContaining('Throughput exceeds') })]));
});

test('deliver-digests fails its invocation when the store refuses a write, so Lambda retries the event; the retry mails once', async () => {
  await t.store.subscribers.add({ email: 'store-outage@example.com', follows: [], digestHour: 0, status: 'active', unsubscribeToken: 'tok3', sendEmpty: true, createdAt: new Date().toISOString() });
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded after the environment is set */
  const planner = require('../../lambdas/handlers/plan-digests') as typeof import('../../lambdas/handlers/plan-digests');
  const { handler } = require('../../lambdas/handlers/deliver-digests') as typeof import('../../lambdas/handlers/deliver-digests');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const invokedBefore = lambda.commandCalls(InvokeCommand).length;
  expect(await planner.handler()).toMatchObject({ messages: 1, readers: 1 });
  const [event] = eventsInvoked(lambda.commandCalls(InvokeCommand).slice(invokedBefore), DIGEST_FUNCTION_NAME);
  const before = smtp.received.length;
  const send = DynamoDBDocumentClient.prototype.send;
  const refused = jest.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(function (this: DynamoDBDocumentClient, command: object, ...rest: unknown[]) {
    if (command.constructor.name === 'PutCommand') return Promise.reject(Object.assign(new Error('Throughput exceeds the current capacity of your table'), { name: 'ProvisionedThroughputExceededException' }));
    return (send as (...a: unknown[]) => Promise<unknown>).call(this, command, ...rest);
  } as typeof send);
  try {
    await expect(handler(event)).rejects.toThrow(/Throughput exceeds/);
  } finally {
    refused.mockRestore();
  }
  expect(smtp.received.length).toBe(before);
  expect(await handler(event)).toEqual({ kind: 'readers', statuses: { sent: 1 }, skipped: 0 });
  expect(smtp.received.slice(before).map((m) => (m.to && 'text' in m.to ? m.to.text : ''))).toEqual(['store-outage@example.com']);
});
