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

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
  hitCount?: number;
}

function bucketOf(url: string, fn: string): string {
  for (const [name, re] of BUCKETS) if (re.test(url)) return name;
  if (fn === '(garbage collector)') return 'garbage collection';
  if (fn === '(idle)' || fn === '(program)') return fn;
  return 'Node.js internals (sockets, timers, streams)';
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
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const breakdown: CpuBreakdown = {};
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const bucket = bucketOf(node.callFrame.url, node.callFrame.functionName);
    breakdown[bucket] = (breakdown[bucket] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
  });
  delete breakdown['(idle)'];
  return { result, breakdown };
}
