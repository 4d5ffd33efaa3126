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
  usd: number;
}

export interface CostEstimate {
  monthlyUsd: number;
  lines: CostLine[];
}

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
  digestSecondsPerRun: 3,
  digestMemoryGb: 0.5,
  // Article item ~5 KB (body text), written once to the table and once to gsi1 (ALL projection).
  articleWriteUnits: 5 * 2,
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
  alarms: 6,
  // The collector's EMF line publishes SourceFailures and NewArticles (no dimensions).
  customMetrics: 2,
  alarmNotificationsPerMonth: 20,
};

export function estimateMonthlyCost(options: { mailTransport?: 'ses' | 'smtp' } = {}): CostEstimate {
  const w = WORKLOAD;
  const p = PRICES;
  const mailTransport = options.mailTransport ?? 'ses';

  const sourceRuns = (w.newsSources * w.newsRunsPerDay + w.policySources * w.policyRunsPerDay) * w.days;
  const scheduleRuns = (w.newsRunsPerDay + w.policyRunsPerDay) * w.days;
  const digestRuns = 24 * w.days;
  const collectInvocations = Math.ceil(sourceRuns / w.collectBatchSize);
  const newArticles = w.newArticlesPerDay * w.days;

  const collectGbSeconds = (sourceRuns * w.secondsPerSourceRun + newArticles * w.secondsPerNewArticle) * w.collectMemoryGb;
  const scheduleGbSeconds = scheduleRuns * w.scheduleSecondsPerRun * w.scheduleMemoryGb;
  const digestGbSeconds = digestRuns * w.digestSecondsPerRun * w.digestMemoryGb;
  const invocations = collectInvocations + scheduleRuns + digestRuns;

  // SendMessageBatch carries 10 messages; each message is then received and deleted (batched per invocation).
  const sqsRequests =
    Math.ceil(sourceRuns / 10) + collectInvocations * 2 + w.sqsIdlePollers * 3 * 60 * 24 * w.days;

  const digestMails = w.subscribers * w.days;
  const alertMails = w.alertsPerDay * w.subscribers * w.days;
  const adminMails = w.adminMailsPerDay * w.days;
  const mails = digestMails + alertMails + adminMails;
  const outboxWrites = (digestMails + alertMails) * 2;

  const writeUnits = newArticles * (w.articleWriteUnits + w.mentionsPerArticle) + sourceRuns * w.writesPerSourceRun + outboxWrites;
  const readUnits = sourceRuns * w.readUnitsPerSourceRun + digestMails * w.readUnitsPerDigest;

  const logGb = (invocations * w.logKbPerInvocation) / 1024 / 1024;

  const lines: CostLine[] = [
    { item: `Lambda compute, arm64 (${Math.round(collectGbSeconds + scheduleGbSeconds + digestGbSeconds)} GB-s)`, usd: (collectGbSeconds + scheduleGbSeconds + digestGbSeconds) * p.lambdaArmGbSecond },
    { item: `Lambda requests (${invocations})`, usd: invocations * p.lambdaRequest },
    { item: `EventBridge Scheduler (${scheduleRuns + digestRuns} invocations)`, usd: (scheduleRuns + digestRuns) * p.schedulerInvocation },
    { item: `SQS requests incl. idle long polling (${sqsRequests})`, usd: sqsRequests * p.sqsRequest },
    { item: `DynamoDB writes (${Math.round(writeUnits)} WRU)`, usd: writeUnits * p.dynamoWriteUnit },
    { item: `DynamoDB reads (${Math.round(readUnits)} RRU)`, usd: readUnits * p.dynamoReadUnit },
    { item: `DynamoDB storage (${w.storedGb} GB)`, usd: w.storedGb * p.dynamoStorageGbMonth },
    { item: 'DynamoDB point-in-time recovery', usd: w.storedGb * p.dynamoPitrGbMonth },
    { item: `CloudWatch alarms (${w.alarms})`, usd: w.alarms * p.cloudwatchAlarm },
    { item: `CloudWatch custom metrics (${w.customMetrics}, namespace Gzwatch)`, usd: w.customMetrics * p.cloudwatchCustomMetric },
    { item: `CloudWatch Logs (${logGb.toFixed(2)} GB ingested)`, usd: logGb * p.logsIngestGb + logGb * (w.logRetentionDays / 30) * p.logsStorageGbMonth },
    { item: 'SNS alarm e-mail', usd: w.alarmNotificationsPerMonth * p.snsEmail },
  ];
  if (mailTransport === 'ses') {
    lines.push({ item: `SES (${mails} mails)`, usd: mails * p.sesEmail + ((mails * w.mailKb) / 1024 / 1024) * p.sesDataGb });
  } else {
    // One GetSecretValue per cold start; a few hundred a month.
    lines.push({ item: 'Secrets Manager (SMTP URL; SMTP provider billed separately)', usd: p.secretMonth + 500 * p.secretApiCall });
  }
  const monthlyUsd = Math.round(lines.reduce((sum, line) => sum + line.usd, 0) * 100) / 100;
  return { monthlyUsd, lines: lines.map((line) => ({ item: line.item, usd: Math.round(line.usd * 10000) / 10000 })) };
}

function main(): void {
  const transport = process.argv[2] === 'smtp' ? 'smtp' : 'ses';
  const { monthlyUsd, lines } = estimateMonthlyCost({ mailTransport: transport });
  const w = WORKLOAD;
  console.log(
    `Monthly cost, us-east-1 list prices, no free tier: ${w.newsSources} news sources hourly, ${w.policySources} policy sources every 30 min, ` +
      `${w.newArticlesPerDay} new articles/day, ${w.subscribers} subscribers, mail via ${transport}`,
  );
  for (const line of lines) console.log(`  ${line.item.padEnd(62)} $${line.usd.toFixed(4)}`);
  console.log(`  ${'total'.padEnd(62)} $${monthlyUsd.toFixed(2)}`);
}

if (require.main === module) main();
