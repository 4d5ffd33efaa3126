/**
 * Deployment settings, read once from CDK context (cdk.json or `-c key=value`) and validated so a
 * bad value fails `cdk synth` with the key's name instead of producing a broken stack.
 */
import type { Node } from 'constructs';

export type MailTransport = 'ses' | 'smtp';

export interface DeployConfig {
  /**
   * Which deployment this is (prod, dev, …): names the stack, so several can share one account and
   * region, and tags every resource.
   */
  stage: string;
  /** Sender of every mail (GZWATCH_FROM): an address, or "Name <address>". */
  from: string;
  /** Receives source-health mail and the alarm notifications (GZWATCH_ADMIN, SNS email). */
  admin: string;
  mailTransport: MailTransport;
  /**
   * SES identities the functions may send as (domain or address). Defaults to the sender's domain.
   * In the SES sandbox, SES also checks the recipients' identities: list them here too.
   */
  sesIdentities: string[];
  sesConfigurationSet?: string;
  /** Full ARN of an existing secret with the SMTP URL; when absent (smtp only) the stack makes one. */
  smtpSecretArn?: string;
  /** EventBridge Scheduler expressions, evaluated in `timeZone`. */
  newsSchedule: string;
  policySchedule: string;
  digestSchedule: string;
  timeZone: string;
  logRetentionDays: number;
  /** Built-in source ids to run (GZWATCH_SOURCES); empty means the handler's default set. */
  sources: string[];
  /** SourceFailures summed over one hour at or above which the admin is alarmed. */
  sourceFailureThreshold: number;
  /** Source messages handled per collector invocation, and collectors running at once. */
  collectBatchSize: number;
  collectMaxConcurrency: number;
  /**
   * Digest workers running at once (the worker's reserved concurrency; each invocation is one
   * group of up to 100 readers): the ceiling on how fast the hour's mail goes out, and on SES's send rate.
   */
  digestMaxConcurrency: number;
  /** https:// prefix the digest appends the unsubscribe token to (GZWATCH_UNSUBSCRIBE_URL). */
  unsubscribeUrl?: string;
  /** GZWATCH_PUBLIC_URL: where readers reach the web service (a custom domain); default its Function URL. */
  publicUrl?: string;
  /** GZWATCH_RSSHUB_URL: a self-hosted RSSHub that sources with an `rsshub` route are read from. */
  rsshubUrl?: string;
  /** Reserved concurrency of the web function: a flood of requests is throttled (429) at this many at once. */
  webConcurrency: number;
}

/** Context keys, all prefixed so they cannot collide with CDK's own. */
export const CONTEXT_KEYS = {
  stage: 'gzwatch:stage',
  from: 'gzwatch:from',
  admin: 'gzwatch:admin',
  mailTransport: 'gzwatch:mailTransport',
  sesIdentities: 'gzwatch:sesIdentities',
  sesConfigurationSet: 'gzwatch:sesConfigurationSet',
  smtpSecretArn: 'gzwatch:smtpSecretArn',
  newsSchedule: 'gzwatch:newsSchedule',
  policySchedule: 'gzwatch:policySchedule',
  digestSchedule: 'gzwatch:digestSchedule',
  timeZone: 'gzwatch:timeZone',
  logRetentionDays: 'gzwatch:logRetentionDays',
  sources: 'gzwatch:sources',
  sourceFailureThreshold: 'gzwatch:sourceFailureThreshold',
  collectBatchSize: 'gzwatch:collectBatchSize',
  collectMaxConcurrency: 'gzwatch:collectMaxConcurrency',
  digestMaxConcurrency: 'gzwatch:digestMaxConcurrency',
  unsubscribeUrl: 'gzwatch:unsubscribeUrl',
  publicUrl: 'gzwatch:publicUrl',
  rsshubUrl: 'gzwatch:rsshubUrl',
  webConcurrency: 'gzwatch:webConcurrency',
} as const satisfies Record<keyof DeployConfig, string>;

export const DEFAULTS = {
  stage: 'prod',
  mailTransport: 'ses' as MailTransport,
  newsSchedule: 'cron(0 * * * ? *)',
  policySchedule: 'cron(0/30 * * * ? *)',
  // Ten minutes past the hour, so the news collected on the hour is in the digest.
  digestSchedule: 'cron(10 * * * ? *)',
  timeZone: 'Asia/Shanghai',
  logRetentionDays: 30,
  sourceFailureThreshold: 5,
  collectBatchSize: 2,
  collectMaxConcurrency: 5,
  // 10 workers × ~100 readers a message: 10,000 digests in a few minutes (see `npm run bench`),
  // at a send rate a production SES account allows.
  digestMaxConcurrency: 10,
  webConcurrency: 5,
};

/** The values CloudWatch Logs accepts for a retention period. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
/** "Name <address>" as mail headers write it; the handlers accept the same form. */
const NAMED = /^[^<>\r\n]*<([^<>]+)>$/;
const SCHEDULE = /^(cron\(.+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/;

/** The stage whose stack keeps the plain name, so the README's `--stack-name Gzwatch` stays right. */
export const DEFAULT_STAGE = DEFAULTS.stage;

/** `Gzwatch` for the default stage, `Gzwatch-<stage>` for any other. */
export function stackNameFor(stage: string): string {
  return stage === DEFAULT_STAGE ? 'Gzwatch' : `Gzwatch-${stage}`;
}

/** Lower case, as it appears in stack, log group, schedule group and alarm names. */
const STAGE = /^[a-z][a-z0-9-]{0,19}$/;

/**
 * Domains reserved for documentation (RFC 2606, RFC 6761): cdk.json ships with them so its shape is
 * visible, and deploying them would verify nothing and mail nobody.
 */
const PLACEHOLDER_DOMAIN = /(^|\.)example\.(com|org|net)$|\.example$/i;

export class DeployConfigError extends Error {
  constructor(key: string, problem: string) {
    super(`CDK context ${key}: ${problem}`);
    this.name = 'DeployConfigError';
  }
}

type ContextReader = Pick<Node, 'tryGetContext'>;

/**
 * @param knownSourceIds the built-in source ids, so a typo in `gzwatch:sources` fails the synth
 *   instead of every collector run.
 */
export function readDeployConfig(node: ContextReader, knownSourceIds?: readonly string[]): DeployConfig {
  const text = (key: keyof DeployConfig): string | undefined => {
    const value: unknown = node.tryGetContext(CONTEXT_KEYS[key]);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw new DeployConfigError(CONTEXT_KEYS[key], 'must be a string');
    return value.trim();
  };
  // `-c key=a,b` arrives as a string, cdk.json may hold an array: accept both.
  const list = (key: keyof DeployConfig): string[] => {
    const value: unknown = node.tryGetContext(CONTEXT_KEYS[key]);
    if (value === undefined || value === null || value === '') return [];
    const items = Array.isArray(value) ? value : String(value).split(',');
    return items.map((item) => String(item).trim()).filter((item) => item.length > 0);
  };
  const integer = (key: keyof DeployConfig, fallback: number, min: number, max: number): number => {
    const raw: unknown = node.tryGetContext(CONTEXT_KEYS[key]);
    if (raw === undefined || raw === null || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new DeployConfigError(CONTEXT_KEYS[key], `must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
    }
    return value;
  };
  const email = (key: 'from' | 'admin', allowName: boolean): { value: string; address: string } => {
    const value = text(key);
    if (!value) throw new DeployConfigError(CONTEXT_KEYS[key], 'is required (an email address)');
    const address = allowName ? (NAMED.exec(value)?.[1]?.trim() ?? value) : value;
    if (!EMAIL.test(address)) throw new DeployConfigError(CONTEXT_KEYS[key], `is not an email address: ${value}`);
    if (PLACEHOLDER_DOMAIN.test(address.slice(address.lastIndexOf('@') + 1))) {
      throw new DeployConfigError(
        CONTEXT_KEYS[key],
        `${address} is a placeholder (example.com, .org and .net are reserved for documentation): put your own address in cdk.json or pass -c ${CONTEXT_KEYS[key]}=you@your-domain`,
      );
    }
    return { value, address };
  };
  const schedule = (key: 'newsSchedule' | 'policySchedule' | 'digestSchedule'): string => {
    const value = text(key) ?? DEFAULTS[key];
    if (!SCHEDULE.test(value)) throw new DeployConfigError(CONTEXT_KEYS[key], `must be cron(...) or rate(...), got ${value}`);
    return value;
  };

  const stage = text('stage') ?? DEFAULTS.stage;
  if (!STAGE.test(stage)) {
    throw new DeployConfigError(CONTEXT_KEYS.stage, `must be 1 to 20 lower-case letters, digits or dashes starting with a letter, got ${stage}`);
  }
  const from = email('from', true);
  const admin = email('admin', false).value;
  const mailTransport = (text('mailTransport') ?? DEFAULTS.mailTransport) as MailTransport;
  if (mailTransport !== 'ses' && mailTransport !== 'smtp') {
    throw new DeployConfigError(CONTEXT_KEYS.mailTransport, `must be "ses" or "smtp", got ${String(mailTransport)}`);
  }
  const sesIdentities = list('sesIdentities');
  const smtpSecretArn = text('smtpSecretArn');
  if (smtpSecretArn && !/^arn:aws[\w-]*:secretsmanager:[\w-]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$/.test(smtpSecretArn)) {
    throw new DeployConfigError(CONTEXT_KEYS.smtpSecretArn, 'must be the full secret ARN, ending in the 6-character suffix');
  }
  const logRetentionDays = integer('logRetentionDays', DEFAULTS.logRetentionDays, 1, 3653);
  if (!LOG_RETENTION_DAYS.includes(logRetentionDays)) {
    throw new DeployConfigError(CONTEXT_KEYS.logRetentionDays, `must be one of ${LOG_RETENTION_DAYS.join(', ')}`);
  }
  const sources = list('sources');
  const badSource = sources.find((id) => !/^[A-Za-z0-9][\w.-]*$/.test(id) || (knownSourceIds && !knownSourceIds.includes(id)));
  if (badSource) {
    const known = knownSourceIds ? ` (known: ${knownSourceIds.join(', ')})` : '';
    throw new DeployConfigError(CONTEXT_KEYS.sources, `not a built-in source id: ${badSource}${known}`);
  }
  const unsubscribeUrl = text('unsubscribeUrl');
  if (unsubscribeUrl && !/^https:\/\/\S+$/.test(unsubscribeUrl)) {
    throw new DeployConfigError(CONTEXT_KEYS.unsubscribeUrl, 'must be an https:// URL prefix');
  }

  const publicUrl = text('publicUrl');
  if (publicUrl && !/^https:\/\/[^\s?#]+$/.test(publicUrl)) {
    throw new DeployConfigError(CONTEXT_KEYS.publicUrl, 'must be an https:// URL without query, e.g. https://gzwatch.example.org/');
  }

  const rsshubUrl = text('rsshubUrl');
  if (rsshubUrl && !/^https?:\/\/[^\s?#]+$/.test(rsshubUrl)) {
    throw new DeployConfigError(CONTEXT_KEYS.rsshubUrl, 'must be an http(s):// URL of an RSSHub instance, e.g. https://rsshub.example.org');
  }

  return {
    stage,
    from: from.value,
    admin,
    mailTransport,
    sesIdentities: sesIdentities.length > 0 ? sesIdentities : [from.address.slice(from.address.indexOf('@') + 1)],
    sesConfigurationSet: text('sesConfigurationSet'),
    smtpSecretArn,
    newsSchedule: schedule('newsSchedule'),
    policySchedule: schedule('policySchedule'),
    digestSchedule: schedule('digestSchedule'),
    timeZone: text('timeZone') ?? DEFAULTS.timeZone,
    logRetentionDays,
    sources,
    sourceFailureThreshold: integer('sourceFailureThreshold', DEFAULTS.sourceFailureThreshold, 1, 1000),
    collectBatchSize: integer('collectBatchSize', DEFAULTS.collectBatchSize, 1, 10),
    // Lambda's SQS event source accepts 2 to 1000 concurrent invocations.
    collectMaxConcurrency: integer('collectMaxConcurrency', DEFAULTS.collectMaxConcurrency, 2, 1000),
    // Reserved concurrency: at least 2 so one slow group never holds up the hour alone.
    digestMaxConcurrency: integer('digestMaxConcurrency', DEFAULTS.digestMaxConcurrency, 2, 1000),
    unsubscribeUrl,
    publicUrl,
    rsshubUrl,
    webConcurrency: integer('webConcurrency', DEFAULTS.webConcurrency, 1, 100),
  };
}
