import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { backOff } from 'exponential-backoff';
import { digestMessageBody, type DigestMessage } from '../core/digest-message';

/**
 * Lambda's limit on an asynchronous invocation's payload. A message names at most
 * DIGEST_GROUP_SIZE (100) addresses of at most 254 characters each, so a body stays under 30 KB
 * by construction; the check below turns a future change that broke that into a loud error.
 */
export const ASYNC_PAYLOAD_LIMIT_BYTES = 1024 * 1024;

export interface InvokeDigestsOptions {
  /** Tries per message before it counts as refused (throttled, a 5xx, the network). */
  attempts?: number;
  /** The first back-off; each later one doubles, with full jitter. */
  retryBaseMs?: number;
  /** Invocations in flight at once: 100 messages take a second or two, throttled ones a few more. */
  concurrency?: number;
}

/** Worth another try: throttling, Lambda's own 5xx, or no HTTP answer at all (the network). */
function retryable(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === undefined || status === 429 || status >= 500;
}

/**
 * Fan-out by asynchronous invocation (InvocationType Event): Lambda queues each event itself, so
 * nothing is polled while no digest is due. Lambda answers 202 once it holds the event; from then
 * on its retries and the on-failure destination (lib/functions.ts) are the worker's. Every message
 * is tried, each with its own retries; if any was still refused, this throws after the rest were
 * handed over, so the planner's invocation fails (its retry and alarm apply) and no group is
 * dropped silently. The count handed over is returned.
 */
export async function invokeDigests(client: LambdaClient, functionName: string, messages: DigestMessage[], options: InvokeDigestsOptions = {}): Promise<number> {
  const bodies = messages.map(digestMessageBody);
  for (const body of bodies) {
    const bytes = Buffer.byteLength(body);
    if (bytes > ASYNC_PAYLOAD_LIMIT_BYTES) throw new Error(`a digest message of ${bytes} bytes is over Lambda's asynchronous payload limit`);
  }
  const invoke = async (body: string): Promise<void> => {
    const out = await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(body) }));
    if (out.StatusCode !== 202) throw Object.assign(new Error(`Lambda answered ${out.StatusCode ?? 'nothing'} to an asynchronous invocation`), { $metadata: { httpStatusCode: out.StatusCode ?? 500 } });
  };
  const refused: string[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      try {
        await backOff(() => invoke(body), { numOfAttempts: options.attempts ?? 4, startingDelay: options.retryBaseMs ?? 200, jitter: 'full', retry: retryable });
      } catch (error) {
        refused.push((error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 10, bodies.length) }, lane));
  if (refused.length) throw new Error(`Lambda refused ${refused.length} of ${bodies.length} digest invocations: ${[...new Set(refused)].join('; ')}`);
  return bodies.length;
}
