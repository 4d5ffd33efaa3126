import path from 'node:path';
import { z } from 'zod';
import { InputError } from './core/errors';

/**
 * Environment, read and validated once at the edge. Core code never reads process.env;
 * it receives what it needs from here. A bad value fails fast, naming the variable.
 */
export interface LocalConfig {
  home: string;
  smtpUrl?: string;
  from: string;
  admin?: string;
  digestTo?: string;
  dynamoEndpoint?: string;
  /** 'aws': the deployed table in the account's DynamoDB (no embedded store, no table creation). */
  store: 'local' | 'aws';
  region: string;
  tableName: string;
  /** https URL prefix to which a subscriber's unsubscribe token is appended. */
  unsubscribeBase?: string;
}

const emailish = z.string().trim().regex(/^[^\s@<>]+@[^\s@<>]+$/, 'must be an email address');
const fromish = z
  .string()
  .trim()
  .regex(/^([^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'must be an address, optionally as "Name <address>"');

const envSchema = z.object({
  GZWATCH_HOME: z.string().min(1).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587')
    .optional(),
  GZWATCH_FROM: fromish.optional(),
  GZWATCH_ADMIN: emailish.optional(),
  GZWATCH_DIGEST_TO: emailish.optional(),
  DYNAMODB_ENDPOINT: z.string().url('must be a URL such as http://127.0.0.1:8000').optional(),
  AWS_REGION: z.string().min(1).optional(),
  GZWATCH_STORE: z.enum(['local', 'aws'], 'must be local (embedded or DYNAMODB_ENDPOINT) or aws (the deployed table)').optional(),
  GZWATCH_TABLE: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name').optional(),
  TABLE_NAME: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name').optional(),
  GZWATCH_UNSUBSCRIBE_URL: z.string().regex(/^https:\/\/\S+$/, 'must be an https:// URL prefix, e.g. https://example.com/unsubscribe?token=').optional(),
});

/** Empty strings count as unset: `SMTP_URL= npm start` should mean "no SMTP". */
function present(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

export function readLocalConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LocalConfig {
  const parsed = envSchema.safeParse(present(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`environment variable ${String(issue.path[0])} ${issue.message}`);
  }
  const e = parsed.data;
  return {
    home: path.resolve(cwd, e.GZWATCH_HOME ?? '.gzwatch'),
    smtpUrl: e.SMTP_URL,
    from: e.GZWATCH_FROM ?? 'gzwatch <gzwatch@localhost>',
    admin: e.GZWATCH_ADMIN,
    digestTo: e.GZWATCH_DIGEST_TO,
    dynamoEndpoint: e.DYNAMODB_ENDPOINT,
    store: e.GZWATCH_STORE ?? 'local',
    region: e.AWS_REGION ?? 'us-east-1',
    tableName: e.GZWATCH_TABLE ?? e.TABLE_NAME ?? 'gzwatch',
    unsubscribeBase: e.GZWATCH_UNSUBSCRIBE_URL,
  };
}
