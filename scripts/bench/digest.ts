/**
 * Digest delivery at 1, 100 and 1,000 subscribers against dynalite, with a mailer that accepts at
 * once (SES's own latency is not ours): seconds per subscriber must stay flat as the list grows.
 * Also counts the DynamoDB units a digest costs per subscriber, and what the hourly runs where
 * nobody is due cost (the digest Lambda runs every hour).
 *
 * The fan-out (benchFanOut): the hourly planner over 10,000 due subscribers, and the worker's
 * seconds per subscriber when it delivers the planner's messages one by one, as each worker
 * invocation does; from those, how long 10,000 digests take at the configured worker concurrency.
 */
import { createDocumentClient, ensureTable } from '../../lambdas/adapters/dynamo/document-client';
import { startEmbeddedStore } from '../../lambdas/adapters/dynamo/embedded-store';
import { createDynamoStore } from '../../lambdas/adapters/dynamo/store';
import { articleIdForUrl } from '../../lambdas/core/article-id';
import type { Mailer } from '../../lambdas/core/ports';
import type { Entity, StoredArticle, Subscriber } from '../../lambdas/core/types';
import { deliverDueDigests } from '../../lambdas/core/use-cases/deliver-due-digests';
import type { DigestMessage } from '../../lambdas/core/digest-message';
import { deliverDigestMessage, DigestRunReadsCache } from '../../lambdas/core/use-cases/deliver-digest-message';
import { DIGEST_GROUP_SIZE, DIGEST_WORKER_TIMEOUT_SECONDS } from '../../lambdas/core/use-cases/plan-digests';
import { scheduleDueDigests } from '../../lambdas/core/use-cases/schedule-digests';
import { putAll } from '../../lambdas/adapters/dynamo/paginate';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONTEXT_KEYS, DEFAULTS } from '../../lib/deploy-config';
import { median } from './stats';
import { defaultWatchlist } from '../../lambdas/default-watchlist';
import { meterCapacity } from './capacity';
import { seededRandom } from './generate-sites';

export interface DigestRun {
  subscribers: number;
  seconds: number;
  secondsPerSubscriber: number;
  readUnits: number;
  writeUnits: number;
}

export interface DigestFigures {
  runs: DigestRun[];
  articlesPerDay: number;
  /** Units of one subscriber's daily digest, at the largest run. */
  readUnitsPerDigest: number;
  writeUnitsPerDigest: number;
  /** Units of one hourly run where nobody is due, per subscriber on the list. */
  idleRunReadUnitsPerSubscriber: number;
}

const AT = new Date('2026-11-28T01:30:00.000Z'); // 09:30 in Guangzhou
const DATE = '2026-11-28';
const ARTICLES = 300;

function articles(entities: Entity[]): StoredArticle[] {
  const random = seededRandom(42);
  return Array.from({ length: ARTICLES }, (_, i) => {
    const entity = entities[Math.floor(random() * entities.length)]!;
    const name = entity.name;
    const body = `据报道，${name}在广州发布了新的人工智能应用方案，覆盖制造、政务和交通等场景。${'会上还介绍了下一步的工作安排。'.repeat(60)}`;
    const url = `https://news.bench.invalid/2026/11/27/${i}.html`;
    const start = body.indexOf(name);
    return {
      id: articleIdForUrl(url),
      url,
      title: `${name}发布人工智能应用方案（${i}）`,
      body,
      publishedAt: '2026-11-27T02:00:00.000Z',
      source: `bench-${i % 30}`,
      sourceName: `测试站${i % 30}`,
      sourceKind: i % 10 === 0 ? 'policy' : 'news',
      firstSeenAt: new Date(AT.getTime() - (1 + (i % 20)) * 3600_000).toISOString(),
      mentions: [{ entityId: entity.id, name, kind: entity.kind, text: name, start, end: start + name.length, field: 'body', snippet: body.slice(0, 120) }],
    } as StoredArticle;
  });
}

/** Readers follow a few profiles (everything, one kind, a handful of companies), as real lists do. */
function subscribers(count: number, entities: Entity[]): Subscriber[] {
  const companies = entities.filter((e) => e.kind === 'company').map((e) => e.id);
  const profiles: string[][] = [[], ['policy'], companies.slice(0, 5), companies.slice(5, 12), ['company']];
  return Array.from({ length: count }, (_, i) => ({
    email: `reader${i}@bench.invalid`,
    follows: profiles[i % profiles.length]!,
    digestHour: 8,
    status: 'active',
    unsubscribeToken: `token${i}`,
    sendEmpty: false,
    createdAt: '2026-11-01T00:00:00.000Z',
  }));
}

export interface FanOutFigures {
  /** Subscribers of the worker measurement, and the messages the planner made for them. */
  subscribers: number;
  messages: number;
  readersPerMessage: number;
  /** Worker time (all messages delivered one after another) per subscriber. */
  workerSecondsPerSubscriber: number;
  /** The longest and the median message, against the worker's timeout. */
  messageSecondsMax: number;
  messageSecondsMedian: number;
  workerTimeoutSeconds: number;
  /** Workers running at once (gzwatch:digestMaxConcurrency, the worker's reserved concurrency). */
  workerConcurrency: number;
  /** The planner for 10,000 due subscribers (median of 3 runs), and the messages it made. */
  plannerSubscribers: number;
  plannerSeconds: number;
  plannerMessages: number;
  /** 10,000 × worker seconds per subscriber / concurrency, plus the planner: the hour's mail. */
  projectedSeconds: number;
  hourSeconds: number;
  /** Units of one subscriber's digest through the planner and the worker. */
  readUnitsPerDigest: number;
  writeUnitsPerDigest: number;
  /** Units, per subscriber, of an hourly plan after everyone's hour (each cursor is read, then left out). */
  servedRunReadUnitsPerSubscriber: number;
}

const acceptingMailer: Mailer = {
  description: 'bench: accepts every message',
  async send(mail, hooks) {
    await hooks?.commit?.();
    return { messageId: mail.messageId ?? '<bench@gzwatch>' };
  },
};

export async function benchDigest(sizes: readonly number[] = [1, 100, 1000]): Promise<DigestFigures> {
  const embedded = await startEmbeddedStore();
  const doc = createDocumentClient({ endpoint: embedded.endpoint, region: 'us-east-1' });
  const meter = meterCapacity(doc);
  const entities = defaultWatchlist();
  const runs: DigestRun[] = [];
  let idleRunReadUnitsPerSubscriber = 0;
  try {
    // The first, single-subscriber run warms up the JIT and the SDK; it is not reported.
    for (const [index, size] of [1, ...sizes].entries()) {
      const table = `bench-digest-${index}`;
      await ensureTable(doc, table);
      const store = createDynamoStore(doc, table);
      await store.watchlist.putMany(entities);
      for (const a of articles(entities)) await store.articles.putIfNew(a);
      for (const s of subscribers(size, entities)) await store.subscribers.add(s);
      const deps = { store, now: () => AT, from: 'gzwatch <gzwatch@bench.invalid>', log: () => undefined, mailerFor: () => acceptingMailer, unsubscribeUrl: (s: Subscriber) => `https://gzwatch.bench.invalid/u?t=${s.unsubscribeToken}` };
      // An hour before anyone's digest hour: the run finds nobody due.
      meter.reset();
      await deliverDueDigests(deps, { at: new Date(AT.getTime() - 2 * 3600_000), date: DATE });
      const idleReads = meter.readUnits;
      meter.reset();
      const started = performance.now();
      const report = await deliverDueDigests(deps, { at: AT, date: DATE });
      const seconds = (performance.now() - started) / 1000;
      const sent = report.results.filter((r) => r.status === 'sent').length;
      if (sent !== size) throw new Error(`digest bench: ${sent} of ${size} digests sent`);
      if (index === 0) continue;
      runs.push({ subscribers: size, seconds, secondsPerSubscriber: seconds / size, readUnits: meter.readUnits, writeUnits: meter.writeUnits });
      idleRunReadUnitsPerSubscriber = idleReads / size;
    }
  } finally {
    doc.destroy();
    await embedded.close();
  }
  const largest = runs[runs.length - 1]!;
  return {
    runs,
    articlesPerDay: ARTICLES,
    readUnitsPerDigest: largest.readUnits / largest.subscribers,
    writeUnitsPerDigest: largest.writeUnits / largest.subscribers,
    idleRunReadUnitsPerSubscriber,
  };
}

async function seededTable(doc: ReturnType<typeof createDocumentClient>, table: string, size: number, entities: Entity[]) {
  await ensureTable(doc, table);
  const store = createDynamoStore(doc, table);
  await store.watchlist.putMany(entities);
  for (const a of articles(entities)) await store.articles.putIfNew(a);
  // Batched: 10,000 one-by-one puts would be most of the bench's time, and they are not what it measures.
  await putAll(doc, table, subscribers(size, entities).map((s) => ({ pk: 'SUBSCRIBER', sk: s.email.toLowerCase(), ...s })), 'bench subscriber');
  const deps = { store, now: () => AT, from: 'gzwatch <gzwatch@bench.invalid>', log: () => undefined, mailerFor: () => acceptingMailer, unsubscribeUrl: (s: Subscriber) => `https://gzwatch.bench.invalid/u?t=${s.unsubscribeToken}` };
  return { store, deps };
}

/** A fan-out that keeps what the planner would have invoked the worker with, so the bench hands it to the worker. */
function memoryFanOut() {
  const messages: DigestMessage[] = [];
  return { messages, dispatch: async (batch: DigestMessage[]) => messages.push(...batch) };
}

/**
 * The worker's reserved concurrency as the stack would deploy it from cdk.json (a `-c` on the
 * command line can override it there too): gzwatch:digestMaxConcurrency, or its default.
 */
export function configuredDigestConcurrency(root = path.resolve(__dirname, '../..')): number {
  const context = (JSON.parse(readFileSync(path.join(root, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
  const raw = context[CONTEXT_KEYS.digestMaxConcurrency];
  return raw === undefined || raw === null || raw === '' ? DEFAULTS.digestMaxConcurrency : Number(raw);
}

export async function benchFanOut(options: { workerSubscribers?: number; plannerSubscribers?: number } = {}): Promise<FanOutFigures> {
  const workerSubscribers = options.workerSubscribers ?? 1000;
  const plannerSubscribers = options.plannerSubscribers ?? 10_000;
  const embedded = await startEmbeddedStore();
  const doc = createDocumentClient({ endpoint: embedded.endpoint, region: 'us-east-1' });
  const meter = meterCapacity(doc);
  const entities = defaultWatchlist();
  try {
    // The worker: plan, then deliver each message in turn as one worker invocation would, the
    // messages dealt round-robin to as many containers as may run at once (each keeps its own
    // run reads, as the handler does): with ten messages and ten workers, every message reads afresh.
    const { deps } = await seededTable(doc, 'bench-fan-out-worker', workerSubscribers, entities);
    const fanOut = memoryFanOut();
    meter.reset();
    await scheduleDueDigests({ ...deps, digestFanOut: fanOut }, { at: AT, date: DATE });
    const messageSeconds: number[] = [];
    const workerConcurrency = configuredDigestConcurrency();
    const containers = Array.from({ length: workerConcurrency }, () => new DigestRunReadsCache(deps.store));
    let sent = 0;
    for (const [i, message] of fanOut.messages.entries()) {
      const started = performance.now();
      const outcome = await deliverDigestMessage(deps, message, containers[i % containers.length]!.for(message));
      messageSeconds.push((performance.now() - started) / 1000);
      if (outcome.open.length) throw new Error('fan-out bench: a message was not delivered');
      sent += outcome.results.filter((r) => r.status === 'sent').length;
    }
    if (sent !== workerSubscribers) throw new Error(`fan-out bench: ${sent} of ${workerSubscribers} digests sent`);
    const readUnitsPerDigest = meter.readUnits / workerSubscribers;
    const writeUnitsPerDigest = meter.writeUnits / workerSubscribers;
    // The next hour: everyone served, each cursor read once and the reader left out.
    meter.reset();
    const later = memoryFanOut();
    await scheduleDueDigests({ ...deps, digestFanOut: later }, { at: new Date(AT.getTime() + 3600_000), date: DATE });
    if (later.messages.length) throw new Error('fan-out bench: served readers were planned again');
    const servedRunReadUnitsPerSubscriber = meter.readUnits / workerSubscribers;
    const workerSecondsPerSubscriber = messageSeconds.reduce((a, b) => a + b, 0) / workerSubscribers;

    // The planner at 10,000 due subscribers: the subscriber list, the cursors in batches, the grouping.
    const big = await seededTable(doc, 'bench-fan-out-planner', plannerSubscribers, entities);
    const plannerRuns: number[] = [];
    let plannerMessages = 0;
    for (let run = 0; run < 3; run++) {
      const q = memoryFanOut();
      const started = performance.now();
      await scheduleDueDigests({ ...big.deps, digestFanOut: q }, { at: AT, date: DATE });
      plannerRuns.push((performance.now() - started) / 1000);
      plannerMessages = q.messages.length;
    }
    const plannerSeconds = median(plannerRuns);
    return {
      subscribers: workerSubscribers,
      messages: fanOut.messages.length,
      readersPerMessage: DIGEST_GROUP_SIZE,
      workerSecondsPerSubscriber,
      messageSecondsMax: Math.max(...messageSeconds),
      messageSecondsMedian: median(messageSeconds),
      workerTimeoutSeconds: DIGEST_WORKER_TIMEOUT_SECONDS,
      workerConcurrency,
      plannerSubscribers,
      plannerSeconds,
      plannerMessages,
      projectedSeconds: plannerSeconds + (10_000 * workerSecondsPerSubscriber) / workerConcurrency,
      hourSeconds: 3600,
      readUnitsPerDigest,
      writeUnitsPerDigest,
      servedRunReadUnitsPerSubscriber,
    };
  } finally {
    doc.destroy();
    await embedded.close();
  }
}

if (require.main === module) {
  void (async () => {
    console.log(JSON.stringify(await benchDigest()));
    console.log(JSON.stringify(await benchFanOut()));
  })();
}
