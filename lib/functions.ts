import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, FunctionUrlAuthType, LoggingFormat, Runtime, SystemLogLevel, type CfnFunction, type FunctionUrl } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DIGEST_WORKER_TIMEOUT_SECONDS } from '../lambdas/core/use-cases/plan-digests';
import { NODE_RUNTIME_NAME, type HandlerName } from './bundling';
import type { DeployConfig } from './deploy-config';
import { lambdaCode } from './lambda-code';
import { GSI1 } from './table';

/*
 * Table actions per function, exactly what each handler's path sends: test/infra/iam-from-code
 * records every command the handlers send against dynalite and fails if one is missing here or
 * one here is never sent. No Scan and no DeleteItem for any function: removing subscribers,
 * entities and sources is the CLI's job, with the operator's own credentials.
 */
export const TABLE_ACTIONS: Record<HandlerName, string[]> = {
  // Reads the stored sources and their health, to enqueue those whose interval has passed.
  'schedule-sources': ['dynamodb:GetItem', 'dynamodb:Query'],
  // Reads the watchlist, stored sources and validators; checks known articles in one BatchGet;
  // writes articles, mentions, health and the alert outbox; marks an article done (a batched put)
  // once its records are durable.
  'collect-source': ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'],
  // Lists subscribers (and chat channels) and reads the due ones' cursors in one BatchGet, to
  // invoke the worker once per group of readers who share a render.
  'plan-digests': ['dynamodb:Query', 'dynamodb:BatchGetItem'],
  // Reads subscribers, mentions and articles, records each delivery in the outbox.
  'deliver-digests': ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  // Pages read the watchlist, mentions and subscribers; subscribing writes the subscriber and the
  // opt-in mail's outbox record (claimed, committed, marked sent).
  http: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  // Reads the address's record, writes it back suppressed.
  'mail-feedback': ['dynamodb:GetItem', 'dynamodb:PutItem'],
};

/** Only the digest queries gsi1 (articles by the day they were first seen). */
export const QUERIES_GSI1: Record<HandlerName, boolean> = {
  'schedule-sources': false,
  'collect-source': false,
  'plan-digests': false,
  'deliver-digests': true,
  http: false,
  'mail-feedback': false,
};

const SIZING: Record<HandlerName, { memoryMb: number; timeout: Duration; description: string }> = {
  'schedule-sources': { memoryMb: 256, timeout: Duration.seconds(30), description: 'Enqueues one collect message per enabled source' },
  // Politeness delays between article fetches make a source take tens of seconds.
  'collect-source': { memoryMb: 512, timeout: Duration.minutes(3), description: 'Collects one source: list, extract, match, store, alert' },
  'plan-digests': { memoryMb: 256, timeout: Duration.minutes(1), description: 'Invokes the digest worker once per group of due subscribers who share a render' },
  // A message is at most 100 readers (plan-digests.ts): well under a minute of work.
  'deliver-digests': { memoryMb: 512, timeout: Duration.seconds(DIGEST_WORKER_TIMEOUT_SECONDS), description: 'Mails the subscribers of one digest message, rendering once per group' },
  http: { memoryMb: 512, timeout: Duration.seconds(15), description: 'The web service: subscribe, confirm, unsubscribe, preferences, feeds, entity pages' },
  'mail-feedback': { memoryMb: 256, timeout: Duration.seconds(30), description: 'Suppresses addresses SES reports as permanently bounced or complained' },
};

export interface MailAccess {
  /** ARNs of the SES identities (and configuration set) the senders may use; empty for SMTP. */
  sesResources: string[];
  /** The SMTP secret, for MAIL_TRANSPORT=smtp. */
  smtpSecretArn?: string;
  /** The configuration set every SES send names, so bounces and complaints reach mail-feedback. */
  configurationSetName?: string;
}

export interface GzwatchFunctionsProps {
  config: DeployConfig;
  table: Table;
  collectQueue: Queue;
  failedInvocations: Queue;
  mail: MailAccess;
}

export class GzwatchFunctions extends Construct {
  readonly scheduleSources: NodejsFunction;
  readonly collectSource: NodejsFunction;
  readonly planDigests: NodejsFunction;
  readonly deliverDigests: NodejsFunction;
  readonly web: NodejsFunction;
  readonly webUrl: FunctionUrl;
  /** Only with SES: SMTP rejections are seen by the sender itself. */
  readonly mailFeedback?: NodejsFunction;
  readonly all: Partial<Record<HandlerName, NodejsFunction>>;

  static collectorTimeout(): Duration {
    return SIZING['collect-source'].timeout;
  }

  constructor(scope: Construct, id: string, props: GzwatchFunctionsProps) {
    super(scope, id);
    const { config, table } = props;
    const runtime = Runtime.NODEJS_24_X;
    if (runtime.name !== NODE_RUNTIME_NAME) throw new Error(`lib/bundling.ts says ${NODE_RUNTIME_NAME}, the stack uses ${runtime.name}`);

    // Every function sees the same configuration, so the handlers' shared config loader can
    // validate it identically; permissions, not variables, decide what each one may touch.
    const environment: Record<string, string> = {
      // Metrics carry the stack's name, so a dev stack's failures never count toward prod's alarms.
      GZWATCH_STACK: Stack.of(this).stackName,
      TABLE_NAME: table.tableName,
      GZWATCH_FROM: config.from,
      GZWATCH_ADMIN: config.admin,
      MAIL_TRANSPORT: config.mailTransport,
      NODE_OPTIONS: '--enable-source-maps',
    };
    if (props.mail.smtpSecretArn) environment.SMTP_SECRET_ARN = props.mail.smtpSecretArn;
    const configurationSet = props.mail.configurationSetName ?? config.sesConfigurationSet;
    if (configurationSet) environment.SES_CONFIGURATION_SET = configurationSet;
    if (config.sources.length > 0) environment.GZWATCH_SOURCES = config.sources.join(',');
    if (config.unsubscribeUrl) environment.GZWATCH_UNSUBSCRIBE_URL = config.unsubscribeUrl;
    if (config.rsshubUrl) environment.GZWATCH_RSSHUB_URL = config.rsshubUrl;

    const make = (name: HandlerName, extraEnvironment: Record<string, string>, asyncRetries?: number, noDlqReason?: string): NodejsFunction => {
      const sizing = SIZING[name];
      const construct = new Construct(this, pascal(name));
      const logGroup = new LogGroup(construct, 'Logs', {
        // A readable name for `aws logs tail`; the stack name keeps two deployments apart.
        logGroupName: `/gzwatch/${Stack.of(this).stackName}/${name}`,
        retention: config.logRetentionDays as RetentionDays,
        // Logs are diagnostics, not records: they go with the stack.
        removalPolicy: RemovalPolicy.DESTROY,
      });
      // A role per function with an inline logs policy for its own log group only, instead of
      // AWSLambdaBasicExecutionRole, whose logs actions apply to every log group in the account.
      const role = new Role(construct, 'Role', {
        assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
        description: `gzwatch ${name}`,
      });
      role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
      );
      const tableResources = [table.tableArn];
      if (QUERIES_GSI1[name]) tableResources.push(`${table.tableArn}/index/${GSI1}`);
      role.addToPrincipalPolicy(new PolicyStatement({ actions: TABLE_ACTIONS[name], resources: tableResources }));

      const fn = new NodejsFunction(construct, 'Function', {
        // Built by lib/lambda-asset.ts (index.js and the lazily loaded packages beside it).
        code: lambdaCode(name),
        handler: 'index.handler',
        runtime,
        architecture: Architecture.ARM_64,
        memorySize: sizing.memoryMb,
        timeout: sizing.timeout,
        description: sizing.description,
        role,
        logGroup,
        // Every line a JSON object with its level (console.info/warn/error) and request id, so
        // Logs Insights can filter by level; debug lines stay out. System lines keep REPORT.
        loggingFormat: LoggingFormat.JSON,
        applicationLogLevelV2: ApplicationLogLevel.INFO,
        systemLogLevelV2: SystemLogLevel.INFO,
        environment: { ...environment, ...extraEnvironment },
        // Scheduled functions are invoked asynchronously: events that still fail after the
        // retries land in the failed-invocations queue (alarmed). An on-failure destination
        // rather than a DeadLetterConfig, because its record carries the error, not just the event.
        ...(asyncRetries === undefined
          ? {}
          : { retryAttempts: asyncRetries, onFailure: new SqsDestination(props.failedInvocations), maxEventAge: Duration.hours(1) }),
      });
      Validations.of(fn).acknowledge(
        {
          id: 'Serverless::Serverless-LambdaTracing',
          reason: 'X-Ray adds a Resource:* policy and cost; EMF metrics, alarms and logs cover a few invocations an hour.',
        },
        {
          id: 'Serverless::Serverless-LambdaDLQ',
          reason:
            noDlqReason ??
            (asyncRetries === undefined
              ? 'Invoked only by its SQS event source: failed messages go to its queue\'s redrive DLQ.'
              : 'Failed asynchronous invocations go to an on-failure SQS destination, which supersedes DeadLetterConfig.'),
        },
      );
      return fn;
    };

    this.scheduleSources = make('schedule-sources', { COLLECT_QUEUE_URL: props.collectQueue.queueUrl }, 2);
    this.scheduleSources.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [props.collectQueue.queueArn] }));

    this.collectSource = make('collect-source', {});
    this.collectSource.addEventSource(
      new SqsEventSource(props.collectQueue, {
        batchSize: config.collectBatchSize,
        reportBatchItemFailures: true,
        maxConcurrency: config.collectMaxConcurrency,
      }),
    );
    Validations.of(this.collectSource).acknowledge({
      id: 'Serverless::Serverless-LambdaEventSourceMappingDestination',
      reason: 'SQS event sources take no on-failure destination; the collect queue redrives to its own DLQ after 3 receives.',
    });

    // One retry: a plan is idempotent (the outbox records each delivery), but a second failure
    // within the hour is better alarmed than repeated.
    this.planDigests = make('plan-digests', {}, 1);

    // Invoked asynchronously by the planner, one event per group of readers: no queue to poll all
    // month. Two retries within an hour (a mail outage, a store error: the worker throws), then the
    // event waits in the failed-invocations queue (alarmed); the next hour's plan includes whoever
    // is still PENDING anyway. Reserved concurrency is gzwatch:digestMaxConcurrency: the ceiling
    // on SES's send rate; events beyond it wait in Lambda's own queue, which retries throttles.
    this.deliverDigests = make('deliver-digests', {}, 2);
    (this.deliverDigests.node.defaultChild as CfnFunction).reservedConcurrentExecutions = config.digestMaxConcurrency;
    this.planDigests.addEnvironment('DIGEST_FUNCTION_NAME', this.deliverDigests.functionName);
    // Exactly the one action on the one function (not grantInvoke, which adds the function's versions and aliases).
    this.planDigests.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.deliverDigests.functionArn] }));

    // The web function is invoked synchronously by its URL: no async retries, no destination.
    this.web = make('http', config.publicUrl ? { GZWATCH_PUBLIC_URL: config.publicUrl } : {}, undefined, 'Invoked synchronously by its Function URL: the caller sees each failure, there is no event to keep.');
    // A flood of requests is throttled (HTTP 429 from the URL) at this many at once instead of
    // scaling out: the bill and the table's load stay bounded.
    (this.web.node.defaultChild as CfnFunction).reservedConcurrentExecutions = config.webConcurrency;
    this.webUrl = this.web.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    // Links in mail point at the custom domain when there is one, else at the Function URL.
    const publicUrl = config.publicUrl ?? this.webUrl.url;
    for (const fn of [this.collectSource, this.planDigests, this.deliverDigests]) fn.addEnvironment('GZWATCH_PUBLIC_URL', publicUrl);

    if (config.mailTransport === 'ses') {
      this.mailFeedback = make('mail-feedback', {}, undefined, 'Invoked by SNS, which retries a failed delivery (SNS keeps failures in its metrics); suppressing an address twice is harmless.');
    }

    const senders = [this.collectSource, this.deliverDigests, this.web];
    if (props.mail.sesResources.length > 0) {
      for (const fn of senders) {
        fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:SendEmail'], resources: props.mail.sesResources }));
      }
    }
    if (props.mail.smtpSecretArn) {
      for (const fn of senders) {
        fn.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [props.mail.smtpSecretArn] }));
      }
    }
    this.all = { 'schedule-sources': this.scheduleSources, 'collect-source': this.collectSource, 'plan-digests': this.planDigests, 'deliver-digests': this.deliverDigests, http: this.web, 'mail-feedback': this.mailFeedback };
  }
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, _dash: string, letter: string) => letter.toUpperCase());
}
