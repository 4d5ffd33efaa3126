import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/** Where CPU time went during a piece of work, in coarse buckets people can act on. */
export type CpuBreakdown = Record<string, number>;

const BUCKETS: Array<[string, RegExp]> = [
  ['HTML parsing (cheerio, parse5, htmlparser2)', /node_modules\/(cheerio|parse5|htmlparser2|domhandler|domutils|css-select|entities|nth-check|boolbase|css-what|cheerio-select|encoding-sniffer|whatwg)/],
  ['AWS SDK (DynamoDB requests)', /node_modules\/@(aws-sdk|smithy|aws-crypto)\//],
  ['matching (normalise, automaton, rules)', /lambdas\/core\/(matcher|normalise|aho-corasick|matcher-cache|cut-text)/],
  ['extraction (our selectors, dates, text)', /lambdas\/core\/(extract|dates|canonical-url|article-id)/],
  ['fetching (our HTTP client, robots)', /lambdas\/adapters\/(http-|host-scheduler|robots|network-policy|fetch-)/],
  ['store adapters (items, packing)', /lambdas\/adapters\/dynamo\//],
  ['other gzwatch code', /lambdas\//],
  ['other packages', /node_modules\//],
];

/** Node's own modules with no caller above them (callbacks from the event loop), by what they do. */
const INTERNALS: Array<[string, RegExp]> = [
  ['Node.js HTTP (parser, agents, both clients)', /^node:(_http|http|https)|internal\/http/],
  ['Node.js sockets and streams', /^node:(net|tls|stream|_stream)|internal\/(streams|stream_base|net|tls)/],
  ['Node.js crypto (SDK signing)', /crypto/],
  ['Node.js zlib', /zlib/],
  ['Node.js timers and microtasks', /timers|process\/task_queues|async_hooks/],
];

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
  hitCount?: number;
  children?: number[];
}

function ownBucket(url: string): string | undefined {
  for (const [name, re] of BUCKETS) if (re.test(url)) return name;
  return undefined;
}

/**
 * A sample's bucket: its own code's, or else (Node's internals, V8 builtins) the bucket of the
 * nearest caller that has one, so a socket write the SDK asked for is the SDK's cost. What runs
 * with no such caller (event-loop callbacks) is split by Node module.
 */
function bucketOf(node: ProfileNode, parentOf: Map<number, ProfileNode>): string {
  const fn = node.callFrame.functionName;
  if (fn === '(garbage collector)') return 'garbage collection';
  if (fn === '(idle)' || fn === '(program)') return fn;
  for (let n: ProfileNode | undefined = node; n; n = parentOf.get(n.id)) {
    const bucket = ownBucket(n.callFrame.url);
    if (bucket) return bucket;
  }
  for (let n: ProfileNode | undefined = node; n; n = parentOf.get(n.id)) {
    for (const [name, re] of INTERNALS) if (re.test(n.callFrame.url)) return name;
  }
  return 'Node.js internals (other)';
}

/** Runs `work` under V8's sampling profiler and returns milliseconds of samples per bucket. */
export async function profileCpu<T>(work: () => Promise<T>): Promise<{ result: T; breakdown: CpuBreakdown }> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (error, out) => (error ? reject(error) : resolve(out))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  let result: T;
  let profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  try {
    result = await work();
  } finally {
    ({ profile } = (await post('Profiler.stop')) as { profile: typeof profile });
    session.disconnect();
  }
  // For a closer look: load the file in Chrome DevTools (Performance > Load profile).
  if (process.env.BENCH_PROFILE_OUT) writeFileSync(process.env.BENCH_PROFILE_OUT, JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, ProfileNode>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n);
  const breakdown: CpuBreakdown = {};
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const bucket = bucketOf(node, parentOf);
    breakdown[bucket] = (breakdown[bucket] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
  });
  delete breakdown['(idle)'];
  return { result, breakdown };
}
