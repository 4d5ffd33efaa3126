/**
 * Monthly AWS cost of the deployed stack for the reference workload, from us-east-1 list prices
 * (on-demand, no free tier: the free tier differs by account age, so it is left out; with it most
 * lines below are zero). Other regions cost more: ap-east-1 (Hong Kong) and ap-southeast-1
 * (Singapore) list Lambda, DynamoDB and SQS roughly 10-30% higher.
 *
 * Every figure is an assumption written next to its number; change the number, not the formula.
 *
 *   npx tsx scripts/cost-estimate.ts [ses|smtp]
 */

export interface CostLine {
  item: string;
  /** After the AWS always-free allowances (what the account is billed if nothing else uses them). */
  usd: number;
  /** At list price with no allowance at all. */
  usdNoFreeTier: number;
}

/**
 * DynamoDB units and digest time measured by `npm run bench` (ReturnConsumedCapacity from
 * dynalite): when given, they replace the WORKLOAD's guessed units.
 */
export interface MeasuredUnits {
  /** A source run with nothing new: robots, list page, known-article check, health, re-checks. */
  readUnitsPerQuietRun: number;
  writeUnitsPerQuietRun: number;
  /** What one new article adds to its run (dynalite does not count index writes: see gsiWriteUnitsPerArticle). */
  readUnitsPerArticle: number;
  writeUnitsPerArticle: number;
  /** One subscriber's day of digests: the due run and the 23 hourly runs where they are not due. */
  readUnitsPerSubscriberDay: number;
  writeUnitsPerSubscriberDay: number;
  /** Digest worker time per subscriber served (the fan-out's worker delivering planned messages). */
  digestSecondsPerSubscriber: number;
  /**
   * The article item's own write units as measured: its copy in gsi1 (ALL projection) costs the
   * same again, which dynalite does not report. Without it, WORKLOAD.gsiWriteUnitsPerArticle.
   */
  articleItemWriteUnits?: number;
  /** The hourly planner's time per subscriber on the list (measured at 10,000 due subscribers). */
  plannerSecondsPerSubscriber?: number;
}

/** The two workloads issue 16 prices: 30 sources / 50 readers, and 200 sources / 10,000 readers. */
export const WORKLOADS = {
  small: { newsSources: 22, policySources: 8, newArticlesPerDay: 300, subscribers: 50 },
  large: { newsSources: 160, policySources: 40, newArticlesPerDay: 2000, subscribers: 10_000 },
} as const;

export interface CostEstimate {
  /** What SES alone charges for the month's mails (US$0.10 per 1,000): the floor of any mail service. */
  sesFloorUsd: number;
  mails: number;
  /** The bill with AWS's always-free allowances applied: the figure the ≤ US$1 target is checked on. */
  monthlyUsd: number;
  /** The same workload at list prices with no allowance: what it costs on a busy account. */
  monthlyUsdNoFreeTier: number;
  lines: CostLine[];
}

/**
 * AWS's permanent ("always free") monthly allowances, unlike the 12-month trial tier: Lambda, SQS,
 * CloudWatch alarms and metrics, DynamoDB storage, SNS e-mail, CloudWatch Logs. They are per
 * account, so another workload on the same account may already use them up: hence both totals.
 */
export const ALWAYS_FREE = {
  lambdaGbSeconds: 400_000,
  lambdaRequests: 1_000_000,
  sqsRequests: 1_000_000,
  cloudwatchAlarms: 10,
  customMetrics: 10,
  dynamoStorageGb: 25,
  snsEmails: 1_000,
  logsGb: 5,
};

/** us-east-1 list prices (USD), checked against the AWS pricing pages as of 2025. */
export const PRICES = {
  lambdaArmGbSecond: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  schedulerInvocation: 1.0 / 1e6,
  sqsRequest: 0.4 / 1e6,
  // On-demand prices after the November 2024 reduction.
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  dynamoStorageGbMonth: 0.25,
  dynamoPitrGbMonth: 0.2,
  cloudwatchAlarm: 0.1,
  cloudwatchCustomMetric: 0.3,
  logsIngestGb: 0.5,
  logsStorageGbMonth: 0.03,
  sesEmail: 0.1 / 1000,
  sesDataGb: 0.12,
  snsEmail: 2.0 / 100_000,
  secretMonth: 0.4,
  secretApiCall: 0.05 / 10_000,
};

/** The reference workload of issue 6, with the assumptions needed to price it. */
export const WORKLOAD = {
  days: 30,
  newsSources: 30,
  newsRunsPerDay: 24,
  // sources.md lists about ten government sites (gz.gov.cn columns, gxj, kjj, hp, gzns, gdii, gov.cn).
  policySources: 10,
  policyRunsPerDay: 48,
  newArticlesPerDay: 300,
  subscribers: 50,
  // Most runs only re-read a list page (often a 304); new articles cost an extra page each.
  secondsPerSourceRun: 2,
  secondsPerNewArticle: 1.5,
  collectMemoryGb: 0.5,
  collectBatchSize: 2,
  scheduleSecondsPerRun: 0.5,
  scheduleMemoryGb: 0.25,
  // The hourly planner (plan-digests) when not measured: the subscriber list and cursors, then the invocations.
  digestSecondsPerRun: 3,
  plannerMemoryGb: 0.25,
  digestMemoryGb: 0.5,
  // Readers per digest message (DIGEST_GROUP_SIZE), and the groups a day that are not full: one per
  // distinct (follows, language, frequency, window) still due in a run, about the interest profiles in use.
  digestGroupSize: 100,
  digestPartialGroupsPerDay: 20,
  // Article item ~5 KB (body text), written once to the table and once to gsi1 (ALL projection).
  articleWriteUnits: 5 * 2,
  // dynalite reports no index writes: the article's copy in gsi1 (ALL projection, ~5 KB).
  gsiWriteUnitsPerArticle: 5,
  mentionsPerArticle: 1.5,
  // Per source run: a health update and an HTTP-validator write.
  writesPerSourceRun: 2,
  // Per source run: ~20 listed items checked by key (0.5 RRU, eventually consistent) and the
  // watchlist read (~60 KB, 8 RRU).
  readUnitsPerSourceRun: 20 * 0.5 + 8,
  // Per digest: the day's articles through gsi1 (300 x 5 KB = 1.5 MB, eventually consistent).
  readUnitsPerDigest: (300 * 5) / 4 / 2,
  // Table size after a year of articles (TTL removes older ones).
  storedGb: 0.6,
  // Policy alerts: two a day to every subscriber; admin mail about one a day.
  alertsPerDay: 2,
  adminMailsPerDay: 1,
  mailKb: 50,
  // Lambda's SQS poller long-polls (20 s) with about 5 connections even when the queue is idle.
  sqsIdlePollers: 5,
  logKbPerInvocation: 3,
  logRetentionDays: 30,
  // The fan-out added the planner's errors (its digest queue and that queue's DLQ alarm are gone:
  // digests fan out by invocation). The SES stack synthesises 12 alarms in all; this count predates some of them.
  alarms: 7,
  // The collector's EMF line publishes SourceFailures and NewArticles (no dimensions).
  customMetrics: 2,
  alarmNotificationsPerMonth: 20,
};

export function estimateMonthlyCost(options: { mailTransport?: 'ses' | 'smtp'; workload?: Partial<typeof WORKLOAD>; measured?: MeasuredUnits } = {}): CostEstimate {
  const w = { ...WORKLOAD, ...options.workload };
  const m = options.measured;
  const p = PRICES;
  const mailTransport = options.mailTransport ?? 'ses';

  const sourceRuns = (w.newsSources * w.newsRunsPerDay + w.policySources * w.policyRunsPerDay) * w.days;
  const scheduleRuns = (w.newsRunsPerDay + w.policyRunsPerDay) * w.days;
  const digestRuns = 24 * w.days;
  const collectInvocations = Math.ceil(sourceRuns / w.collectBatchSize);
  const newArticles = w.newArticlesPerDay * w.days;

  const collectGbSeconds = (sourceRuns * w.secondsPerSourceRun + newArticles * w.secondsPerNewArticle) * w.collectMemoryGb;
  const scheduleGbSeconds = scheduleRuns * w.scheduleSecondsPerRun * w.scheduleMemoryGb;
  // The fan-out: the planner every hour; one asynchronous worker invocation per digest message.
  const digestMessages = (Math.ceil(w.subscribers / w.digestGroupSize) + Math.min(w.subscribers, w.digestPartialGroupsPerDay)) * w.days;
  const plannerSecondsPerRun = m?.plannerSecondsPerSubscriber !== undefined ? Math.max(0.1, m.plannerSecondsPerSubscriber * w.subscribers) : w.digestSecondsPerRun;
  const plannerGbSeconds = digestRuns * plannerSecondsPerRun * w.plannerMemoryGb;
  const workerGbSeconds = m ? w.subscribers * w.days * m.digestSecondsPerSubscriber * w.digestMemoryGb : 0;
  const digestGbSeconds = plannerGbSeconds + workerGbSeconds;
  const invocations = collectInvocations + scheduleRuns + digestRuns + digestMessages;

  // SendMessageBatch carries 10 messages; each message is then received and deleted (batched per
  // invocation). Only collection uses a queue, whose event source long-polls all month; digests
  // fan out by asynchronous invocation (one Lambda request per digest message, counted above):
  // nothing is polled while no digest is due.
  const queues = 1;
  const sqsRequests = Math.ceil(sourceRuns / 10) + collectInvocations * 2 + queues * w.sqsIdlePollers * 3 * 60 * 24 * w.days;

  const digestMails = w.subscribers * w.days;
  const alertMails = w.alertsPerDay * w.subscribers * w.days;
  const adminMails = w.adminMailsPerDay * w.days;
  const mails = digestMails + alertMails + adminMails;
  const outboxWrites = (digestMails + alertMails) * 2;

  // Measured: alerts are priced like the digest's own outbox writes per mail (one record each).
  const writeUnits = m
    ? sourceRuns * m.writeUnitsPerQuietRun + newArticles * (m.writeUnitsPerArticle + (m.articleItemWriteUnits ?? w.gsiWriteUnitsPerArticle)) + w.subscribers * w.days * m.writeUnitsPerSubscriberDay * (1 + w.alertsPerDay)
    : newArticles * (w.articleWriteUnits + w.mentionsPerArticle) + sourceRuns * w.writesPerSourceRun + outboxWrites;
  const readUnits = m
    ? sourceRuns * m.readUnitsPerQuietRun + newArticles * m.readUnitsPerArticle + w.subscribers * w.days * m.readUnitsPerSubscriberDay
    : sourceRuns * w.readUnitsPerSourceRun + digestMails * w.readUnitsPerDigest;

  const logGb = (invocations * w.logKbPerInvocation) / 1024 / 1024;

  const f = ALWAYS_FREE;
  const gbSeconds = collectGbSeconds + scheduleGbSeconds + digestGbSeconds;
  const above = (used: number, free: number) => Math.max(0, used - free);
  const line = (item: string, usdNoFreeTier: number, usd = usdNoFreeTier): CostLine => ({ item, usd, usdNoFreeTier });
  const lines: CostLine[] = [
    line(`Lambda compute, arm64 (${Math.round(gbSeconds)} GB-s)`, gbSeconds * p.lambdaArmGbSecond, above(gbSeconds, f.lambdaGbSeconds) * p.lambdaArmGbSecond),
    line(`Lambda requests (${invocations}, ${digestMessages} digest messages)`, invocations * p.lambdaRequest, above(invocations, f.lambdaRequests) * p.lambdaRequest),
    line(`EventBridge Scheduler (${scheduleRuns + digestRuns} invocations)`, (scheduleRuns + digestRuns) * p.schedulerInvocation),
    line(`SQS requests incl. idle long polling (${sqsRequests})`, sqsRequests * p.sqsRequest, above(sqsRequests, f.sqsRequests) * p.sqsRequest),
    line(`DynamoDB writes (${Math.round(writeUnits)} WRU)`, writeUnits * p.dynamoWriteUnit),
    line(`DynamoDB reads (${Math.round(readUnits)} RRU)`, readUnits * p.dynamoReadUnit),
    line(`DynamoDB storage (${w.storedGb} GB)`, w.storedGb * p.dynamoStorageGbMonth, above(w.storedGb, f.dynamoStorageGb) * p.dynamoStorageGbMonth),
    line('DynamoDB point-in-time recovery', w.storedGb * p.dynamoPitrGbMonth),
    line(`CloudWatch alarms (${w.alarms})`, w.alarms * p.cloudwatchAlarm, above(w.alarms, f.cloudwatchAlarms) * p.cloudwatchAlarm),
    line(`CloudWatch custom metrics (${w.customMetrics}, namespace Gzwatch)`, w.customMetrics * p.cloudwatchCustomMetric, above(w.customMetrics, f.customMetrics) * p.cloudwatchCustomMetric),
    line(
      `CloudWatch Logs (${logGb.toFixed(2)} GB ingested)`,
      logGb * p.logsIngestGb + logGb * (w.logRetentionDays / 30) * p.logsStorageGbMonth,
      above(logGb, f.logsGb) * p.logsIngestGb + above(logGb * (w.logRetentionDays / 30), f.logsGb) * p.logsStorageGbMonth,
    ),
    line('SNS alarm e-mail', w.alarmNotificationsPerMonth * p.snsEmail, above(w.alarmNotificationsPerMonth, f.snsEmails) * p.snsEmail),
  ];
  if (mailTransport === 'ses') {
    // SES has no always-free allowance any more (only a 12-month trial).
    lines.push(line(`SES (${mails} mails)`, mails * p.sesEmail + ((mails * w.mailKb) / 1024 / 1024) * p.sesDataGb));
  } else {
    // One GetSecretValue per cold start; a few hundred a month.
    lines.push(line('Secrets Manager (SMTP URL; SMTP provider billed separately)', p.secretMonth + 500 * p.secretApiCall));
  }
  const total = (pick: (l: CostLine) => number) => Math.round(lines.reduce((sum, l) => sum + pick(l), 0) * 100) / 100;
  const round = (x: number) => Math.round(x * 10000) / 10000;
  return {
    sesFloorUsd: Math.round(mails * p.sesEmail * 100) / 100,
    mails,
    monthlyUsd: total((l) => l.usd),
    monthlyUsdNoFreeTier: total((l) => l.usdNoFreeTier),
    lines: lines.map((l) => ({ item: l.item, usd: round(l.usd), usdNoFreeTier: round(l.usdNoFreeTier) })),
  };
}

function main(): void {
  const transport = process.argv[2] === 'smtp' ? 'smtp' : 'ses';
  const { monthlyUsd, monthlyUsdNoFreeTier, lines } = estimateMonthlyCost({ mailTransport: transport });
  const w = WORKLOAD;
  console.log(
    `Monthly cost, us-east-1 list prices: ${w.newsSources} news sources hourly, ${w.policySources} policy sources every 30 min, ` +
      `${w.newArticlesPerDay} new articles/day, ${w.subscribers} subscribers, mail via ${transport}`,
  );
  console.log(`  ${'item'.padEnd(62)} ${'billed'.padStart(9)} ${'no free'.padStart(9)}`);
  for (const l of lines) console.log(`  ${l.item.padEnd(62)} ${`$${l.usd.toFixed(4)}`.padStart(9)} ${`$${l.usdNoFreeTier.toFixed(4)}`.padStart(9)}`);
  console.log(`  ${'total'.padEnd(62)} ${`$${monthlyUsd.toFixed(2)}`.padStart(9)} ${`$${monthlyUsdNoFreeTier.toFixed(2)}`.padStart(9)}`);
}

if (require.main === module) main();
