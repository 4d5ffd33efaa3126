// zod/mini: the same validation, tree-shaken to a few kB instead of zod's 376 kB in every Lambda.
import path from 'node:path';
import * as z from 'zod/mini';
import { isEmailAddress, senderAddress } from '../core/addresses';
import { InputError } from '../core/errors';

/**
 * Configuration, read and validated once at the edge of each shell: the user's environment for the
 * CLI, the stack's environment for the Lambdas. Core code never reads process.env. A bad value
 * fails fast, naming the variable; both shells check addresses with the same rules.
 */

/** What both shells configure alike. */
export interface SharedConfig {
  from: string;
  admin?: string;
  /** https URL prefix to which a subscriber's unsubscribe token is appended. */
  unsubscribeBase?: string;
  /** GZWATCH_PUBLIC_URL: the base of every link in mail and pages (the web service). */
  publicUrl?: string;
  region: string;
  tableName: string;
  dynamoEndpoint?: string;
  /** A self-hosted RSSHub instance (GZWATCH_RSSHUB_URL): rss sources with an `rsshub` route read from it. */
  rsshubBase?: string;
}

export interface LocalConfig extends SharedConfig {
  home: string;
  smtpUrl?: string;
  digestTo?: string;
  /** 'aws': the deployed table in the account's DynamoDB (no embedded store, no table creation). */
  store: 'local' | 'aws';
}

export interface AwsConfig extends SharedConfig {
  collectQueueUrl?: string;
  /** The digest worker's function name: the hourly planner invokes it once per digest message. */
  digestFunctionName?: string;
  mailTransport: 'ses' | 'smtp';
  smtpSecretArn?: string;
  sesConfigurationSet?: string;
  enabledSources?: string[];
  /** Tests against local sites only; the stack never sets it. */
  allowPrivateNetwork: boolean;
  /** The stack's name, the dimension of every metric (set by the stack). */
  stack?: string;
}

const address = z.string().check(z.refine((v) => isEmailAddress(v.trim()), 'must be an email address'));
const sender = z.string().check(z.refine((v) => senderAddress(v) !== undefined, 'must be an address, optionally as "Name <address>"'));
const tableName = z.string().check(z.regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name'));
const unsubscribeUrl = z.string().check(z.regex(/^https:\/\/\S+$/, 'must be an https:// URL prefix, e.g. https://example.com/unsubscribe?token='));

const publicUrl = z.string().check(z.regex(/^https?:\/\/[^\s?#]+$/, 'must be the http(s) URL the web service answers at, e.g. https://gzwatch.example.com/'));

const shared = {
  GZWATCH_PUBLIC_URL: z.optional(publicUrl),
  GZWATCH_FROM: z.optional(sender),
  GZWATCH_ADMIN: z.optional(address),
  GZWATCH_UNSUBSCRIBE_URL: z.optional(unsubscribeUrl),
  AWS_REGION: z.optional(z.string().check(z.minLength(1))),
  DYNAMODB_ENDPOINT: z.optional(z.url('must be a URL such as http://127.0.0.1:8000')),
  GZWATCH_RSSHUB_URL: z.optional(z.string().check(z.regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'must be the http(s) URL of an RSSHub instance, e.g. http://127.0.0.1:1200'))),
};

const localSchema = z.object({
  ...shared,
  GZWATCH_HOME: z.optional(z.string().check(z.minLength(1))),
  SMTP_URL: z.optional(z.string().check(z.regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587'))),
  GZWATCH_DIGEST_TO: z.optional(address),
  GZWATCH_STORE: z.optional(z.enum(['local', 'aws'], 'must be local (embedded or DYNAMODB_ENDPOINT) or aws (the deployed table)')),
  GZWATCH_TABLE: z.optional(tableName),
  TABLE_NAME: z.optional(tableName),
});

const awsSchema = z.object({
  ...shared,
  GZWATCH_FROM: sender,
  TABLE_NAME: tableName,
  COLLECT_QUEUE_URL: z.optional(z.url('must be the SQS queue URL')),
  DIGEST_FUNCTION_NAME: z.optional(z.string().check(z.regex(/^[A-Za-z0-9:_-]{1,140}$/, 'must be a Lambda function name or ARN'))),
  MAIL_TRANSPORT: z._default(z.enum(['ses', 'smtp'], 'must be ses or smtp'), 'ses'),
  SMTP_SECRET_ARN: z.optional(z.string()),
  SES_CONFIGURATION_SET: z.optional(z.string()),
  GZWATCH_SOURCES: z.optional(z.string()),
  GZWATCH_ALLOW_PRIVATE_NETWORK: z.optional(z.enum(['0', '1', 'true', 'false'], 'must be 1 or 0')),
  GZWATCH_STACK: z.optional(z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'must be a CloudFormation stack name'))),
});

/** Empty strings count as unset: `SMTP_URL= npm start` should mean "no SMTP". */
function present(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

function parse<T>(schema: z.ZodMiniType<T>, env: NodeJS.ProcessEnv): T {
  const parsed = schema.safeParse(present(env));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const why = issue.code === 'invalid_type' ? 'is required' : issue.message;
  throw new InputError(`environment variable ${String(issue.path[0])} ${why}`);
}

export function readLocalConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LocalConfig {
  const e = parse(localSchema, env);
  return {
    home: path.resolve(cwd, e.GZWATCH_HOME ?? '.gzwatch'),
    smtpUrl: e.SMTP_URL,
    from: e.GZWATCH_FROM?.trim() ?? 'gzwatch <gzwatch@localhost>',
    admin: e.GZWATCH_ADMIN?.trim(),
    digestTo: e.GZWATCH_DIGEST_TO?.trim(),
    dynamoEndpoint: e.DYNAMODB_ENDPOINT,
    store: e.GZWATCH_STORE ?? 'local',
    region: e.AWS_REGION ?? 'us-east-1',
    tableName: e.GZWATCH_TABLE ?? e.TABLE_NAME ?? 'gzwatch',
    unsubscribeBase: e.GZWATCH_UNSUBSCRIBE_URL,
    publicUrl: e.GZWATCH_PUBLIC_URL,
    rsshubBase: e.GZWATCH_RSSHUB_URL,
  };
}

export function readAwsConfig(env: NodeJS.ProcessEnv = process.env): AwsConfig {
  const e = parse(awsSchema, env);
  if (e.MAIL_TRANSPORT === 'smtp' && !e.SMTP_SECRET_ARN) throw new InputError('environment variable SMTP_SECRET_ARN is required when MAIL_TRANSPORT=smtp');
  return {
    tableName: e.TABLE_NAME,
    region: e.AWS_REGION ?? 'us-east-1',
    dynamoEndpoint: e.DYNAMODB_ENDPOINT,
    collectQueueUrl: e.COLLECT_QUEUE_URL,
    digestFunctionName: e.DIGEST_FUNCTION_NAME,
    from: e.GZWATCH_FROM.trim(),
    admin: e.GZWATCH_ADMIN?.trim(),
    mailTransport: e.MAIL_TRANSPORT,
    smtpSecretArn: e.SMTP_SECRET_ARN,
    sesConfigurationSet: e.SES_CONFIGURATION_SET,
    enabledSources: e.GZWATCH_SOURCES?.split(',').map((s) => s.trim()).filter(Boolean),
    unsubscribeBase: e.GZWATCH_UNSUBSCRIBE_URL,
    publicUrl: e.GZWATCH_PUBLIC_URL,
    rsshubBase: e.GZWATCH_RSSHUB_URL,
    allowPrivateNetwork: e.GZWATCH_ALLOW_PRIVATE_NETWORK === '1' || e.GZWATCH_ALLOW_PRIVATE_NETWORK === 'true',
    stack: e.GZWATCH_STACK,
  };
}
