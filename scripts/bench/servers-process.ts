/**
 * The bench's far side, in its own process: the generated sites (every response delayed) and the
 * DynamoDB stand-in. In production both are other machines; running them beside gzwatch in one
 * event loop would charge their CPU to the pass being measured.
 * Prints one JSON line {sitesOrigin, dynamoEndpoint} when ready; exits when stdin closes.
 */
import { startEmbeddedStore } from '../../lambdas/adapters/dynamo/embedded-store';
import { startFixtureSites } from '../../lambdas/demo/fixture-sites-server';

async function main(): Promise<void> {
  const [root, delay] = process.argv.slice(2);
  const sites = await startFixtureSites({ root: root!, delayMs: Number(delay) });
  const store = await startEmbeddedStore();
  process.stdout.write(`${JSON.stringify({ sitesOrigin: sites.origin, dynamoEndpoint: store.endpoint })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    void Promise.all([sites.close(), store.close()]).then(() => process.exit(0));
  });
}

void main();
