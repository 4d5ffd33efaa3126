import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { ASYNC_PAYLOAD_LIMIT_BYTES, invokeDigests } from '../../lambdas/adapters/lambda-digest-invoker';
import type { DigestMessage } from '../../lambdas/core/digest-message';
import { DIGEST_GROUP_SIZE } from '../../lambdas/core/use-cases/plan-digests';

/** The planner's side of the fan-out at the SDK client boundary: what is retried, what fails the run. */
const lambda = mockClient(LambdaClient);
const client = new LambdaClient({ region: 'us-east-1', maxAttempts: 1 });
const message = (emails: string[]): DigestMessage => ({ kind: 'readers', date: '2026-11-28', at: '2026-11-28T01:30:00.000Z', emails });
const fast = { retryBaseMs: 1 };

afterEach(() => lambda.reset());
afterAll(() => lambda.restore());

test('each message is one asynchronous invocation of the named function, its body the payload', async () => {
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  const messages = [message(['a@x.test']), message(['b@x.test', 'c@x.test'])];
  expect(await invokeDigests(client, 'worker', messages, fast)).toBe(2);
  const inputs = lambda.commandCalls(InvokeCommand).map((c) => c.args[0].input);
  expect(inputs.map((i) => [i.FunctionName, i.InvocationType])).toEqual([['worker', 'Event'], ['worker', 'Event']]);
  expect(inputs.map((i) => JSON.parse(Buffer.from(i.Payload as Uint8Array).toString()) as DigestMessage)).toEqual(messages);
});

test('a refusal that will not pass (404: no such function) is not retried, and fails the run', async () => {
  lambda.on(InvokeCommand).rejects(Object.assign(new Error('Function not found'), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } }));
  await expect(invokeDigests(client, 'worker', [message(['a@x.test'])], fast)).rejects.toThrow(/refused 1 of 1 .*Function not found/);
  expect(lambda.commandCalls(InvokeCommand)).toHaveLength(1);
});

test('an answer other than 202 is a refusal, retried like a 5xx', async () => {
  lambda.on(InvokeCommand).resolvesOnce({ StatusCode: 500 }).resolves({ StatusCode: 202 });
  expect(await invokeDigests(client, 'worker', [message(['a@x.test'])], fast)).toBe(1);
  expect(lambda.commandCalls(InvokeCommand)).toHaveLength(2);
});

test('a full group of the longest addresses stays far below the asynchronous payload limit; a body over it is never sent', async () => {
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  const longest = (i: number) => `${String(i).padStart(64, 'x')}@${'d'.repeat(185)}.test`;
  const full = message(Array.from({ length: DIGEST_GROUP_SIZE }, (_, i) => longest(i)));
  expect(Buffer.byteLength(JSON.stringify(full))).toBeLessThan(ASYNC_PAYLOAD_LIMIT_BYTES / 30);
  const huge = message(Array.from({ length: 5000 }, (_, i) => longest(i)));
  await expect(invokeDigests(client, 'worker', [full, huge], fast)).rejects.toThrow(/over Lambda's asynchronous payload limit/);
  expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
});
