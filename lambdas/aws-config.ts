// zod/mini: the same validation, tree-shaken to a few kB instead of zod's 376 kB in every Lambda.
import * as z from 'zod/mini';

/** The Lambdas' environment (set by the CDK stack), validated once per cold start. */
export interface AwsConfig {
  tableName: string;
  collectQueueUrl?: string;
  from: string;
  admin?: string;
  mailTransport: 'ses' | 'smtp';
  smtpSecretArn?: string;
  sesConfigurationSet?: string;
  enabledSources?: string[];
  unsubscribeBase?: string;
}

const schema = z.object({
  TABLE_NAME: z.string().check(z.minLength(3, 'must be a table name')),
  COLLECT_QUEUE_URL: z.optional(z.url('must be the SQS queue URL')),
  GZWATCH_FROM: z.string().check(z.regex(/@/, 'must be an address, optionally as "Name <address>"')),
  GZWATCH_ADMIN: z.optional(z.string().check(z.regex(/^[^\s@<>]+@[^\s@<>]+$/, 'must be an email address'))),
  MAIL_TRANSPORT: z._default(z.enum(['ses', 'smtp'], 'must be ses or smtp'), 'ses'),
  SMTP_SECRET_ARN: z.optional(z.string()),
  SES_CONFIGURATION_SET: z.optional(z.string()),
  GZWATCH_SOURCES: z.optional(z.string()),
  GZWATCH_UNSUBSCRIBE_URL: z.optional(z.string().check(z.regex(/^https:\/\/\S+$/, 'must be an https:// URL prefix'))),
});

export function readAwsConfig(env: NodeJS.ProcessEnv = process.env): AwsConfig {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`environment variable ${String(issue.path[0])}: ${issue.code === 'invalid_type' ? 'is required' : issue.message}`);
  }
  const e = parsed.data;
  if (e.MAIL_TRANSPORT === 'smtp' && !e.SMTP_SECRET_ARN) throw new Error('environment variable SMTP_SECRET_ARN is required when MAIL_TRANSPORT=smtp');
  return {
    tableName: e.TABLE_NAME,
    collectQueueUrl: e.COLLECT_QUEUE_URL,
    from: e.GZWATCH_FROM,
    admin: e.GZWATCH_ADMIN,
    mailTransport: e.MAIL_TRANSPORT,
    smtpSecretArn: e.SMTP_SECRET_ARN,
    sesConfigurationSet: e.SES_CONFIGURATION_SET,
    enabledSources: e.GZWATCH_SOURCES?.split(',').map((s) => s.trim()).filter(Boolean),
    unsubscribeBase: e.GZWATCH_UNSUBSCRIBE_URL,
  };
}
