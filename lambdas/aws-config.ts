import { z } from 'zod';

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
  TABLE_NAME: z.string().min(3),
  COLLECT_QUEUE_URL: z.string().url().optional(),
  GZWATCH_FROM: z.string().min(3),
  GZWATCH_ADMIN: z.string().optional(),
  MAIL_TRANSPORT: z.enum(['ses', 'smtp']).default('ses'),
  SMTP_SECRET_ARN: z.string().optional(),
  SES_CONFIGURATION_SET: z.string().optional(),
  GZWATCH_SOURCES: z.string().optional(),
  GZWATCH_UNSUBSCRIBE_URL: z.string().optional(),
});

export function readAwsConfig(env: NodeJS.ProcessEnv = process.env): AwsConfig {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`environment variable ${String(issue.path[0])}: ${issue.message}`);
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
