/**
 * The deployed template, checked as CloudFormation sees it: the app is built exactly as
 * `cdk synth` builds it (lib/app.ts, cdk.json context, cdk-nag packs), bundled with local esbuild.
 * A second, unbundled synth covers the SMTP configuration.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { TABLE_KEYS, tableDefinition } from '../../lambdas/adapters/dynamo/table-schema';
import { createApp } from '../../lib/app';
import { LAZY_PACKAGES } from '../../lib/bundling';
import { readDeployConfig } from '../../lib/deploy-config';

const ROOT = path.resolve(__dirname, '../..');
const cdkJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
/** cdk.json as an operator fills it in: its own placeholder addresses are refused (tested below). */
const context = { ...cdkJson.context, 'gzwatch:from': 'digest@mail.gzwatch.test', 'gzwatch:admin': 'ops@gzwatch.test' };

// CloudFormation JSON is untyped by nature; the assertions below index into it freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface SuppressedViolation {
  ruleName: string;
  acknowledgedId: string;
  acknowledgedAt: string;
  reason: string;
  violatingConstructs: { constructPath: string }[];
}
interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
    suppressedViolations?: SuppressedViolation[];
  }[];
}
interface Synth {
  template: Template;
  json: Record<string, Json>;
  stackName: string;
  report: ValidationReport;
  assemblyDir: string;
  acknowledged: { id: string; path: string; reason: string }[];
}

/** Synthesises in a temp dir; a cdk-nag error makes synth throw, so keep the report for the message. */
function synth(context: Record<string, unknown>): Synth {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-cdk-'));
  const { app, stack } = createApp({ context, outdir, analyticsReporting: false });
  let failure: unknown;
  let assembly;
  try {
    assembly = app.synth();
  } catch (error) {
    failure = error;
  }
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  if (!assembly) {
    const violations = report.pluginReports.flatMap((p) => p.violations.map((v) => `${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`));
    throw new Error(`synth failed: ${String(failure)}\n${violations.join('\n')}`);
  }
  const json = assembly.getStackByName(stack.stackName).template as Record<string, Json>;
  const acknowledged = stack.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({ id, reason, path: construct.node.path }))),
  );
  return { template: Template.fromJSON(json), json, stackName: stack.stackName, report, assemblyDir: outdir, acknowledged };
}

let ses: Synth;
let smtp: Synth;
let dev: Synth;

beforeAll(() => {
  ses = synth(context);
  // Same app with SMTP mail, and a second stage; bundling is skipped (identical to the run above)
  // to keep the file fast.
  smtp = synth({ ...context, 'gzwatch:mailTransport': 'smtp', 'aws:cdk:bundling-stacks': [] });
  dev = synth({ ...context, 'gzwatch:stage': 'dev', 'aws:cdk:bundling-stacks': [] });
}, 120_000);

afterAll(() => {
  for (const s of [ses, smtp, dev]) if (s) fs.rmSync(s.assemblyDir, { recursive: true, force: true });
});

type Resource = { Type: string; Properties: Record<string, Json>; DeletionPolicy?: string };
const resources = (s: Synth, type: string): [string, Resource][] =>
  Object.entries(s.json.Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);
const logicalId = (s: Synth, type: string, pathPart: string): string => {
  const found = resources(s, type).filter(([id]) => id.startsWith(pathPart));
  if (found.length !== 1) throw new Error(`expected one ${type} starting ${pathPart}, found ${found.map(([id]) => id).join(', ')}`);
  return found[0]![0];
};
const fnId = (s: Synth, name: string): string => logicalId(s, 'AWS::Lambda::Function', `Functions${name}Function`);
const policyOf = (s: Synth, name: string): { Action: string | string[]; Resource: unknown }[] =>
  (s.json.Resources[logicalId(s, 'AWS::IAM::Policy', `Functions${name}RoleDefaultPolicy`)] as Resource).Properties.PolicyDocument.Statement;
const actionsOf = (statements: { Action: string | string[] }[]): string[] => statements.flatMap((st) => [st.Action].flat());

describe('table', () => {
  test('one on-demand table with exactly the keys and index the local store creates, TTL and point-in-time recovery', () => {
    // The embedded store and the stack must agree, or the CLI and the Lambdas would read different shapes.
    const local = tableDefinition('local');
    ses.template.resourceCountIs('AWS::DynamoDB::Table', 1);
    ses.template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: local.BillingMode,
      KeySchema: local.KeySchema,
      AttributeDefinitions: Match.arrayWith(local.AttributeDefinitions!),
      GlobalSecondaryIndexes: local.GlobalSecondaryIndexes,
      TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttl, Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  test('survives stack deletion and replacement', () => {
    ses.template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('functions', () => {
  test('six arm64 functions on nodejs24.x with source maps enabled and the table name', () => {
    ses.template.resourceCountIs('AWS::Lambda::Function', 6);
    for (const [, fn] of resources(ses, 'AWS::Lambda::Function')) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Environment: {
          Variables: {
            NODE_OPTIONS: '--enable-source-maps',
            TABLE_NAME: { Ref: logicalId(ses, 'AWS::DynamoDB::Table', 'StoreTable') },
            GZWATCH_FROM: 'digest@mail.gzwatch.test',
            GZWATCH_ADMIN: 'ops@gzwatch.test',
            MAIL_TRANSPORT: 'ses',
          },
        },
      });
      expect(fn.Properties.Environment.Variables.SMTP_SECRET_ARN).toBeUndefined();
    }
  });

  test('only schedule-sources knows the collect queue URL', () => {
    const queue = logicalId(ses, 'AWS::SQS::Queue', 'QueuesCollect2');
    const withUrl = resources(ses, 'AWS::Lambda::Function').filter(([, fn]) => fn.Properties.Environment.Variables.COLLECT_QUEUE_URL);
    expect(withUrl.map(([id]) => id)).toEqual([fnId(ses, 'ScheduleSources')]);
    expect(withUrl[0]![1].Properties.Environment.Variables.COLLECT_QUEUE_URL).toEqual({ Ref: queue });
  });

  test('only plan-digests knows the digest worker, by its function name', () => {
    const withName = resources(ses, 'AWS::Lambda::Function').filter(([, fn]) => fn.Properties.Environment.Variables.DIGEST_FUNCTION_NAME);
    expect(withName.map(([id]) => id)).toEqual([fnId(ses, 'PlanDigests')]);
    expect(withName[0]![1].Properties.Environment.Variables.DIGEST_FUNCTION_NAME).toEqual({ Ref: fnId(ses, 'DeliverDigests') });
  });

  test('each function logs to its own group kept for the configured 30 days', () => {
    ses.template.resourceCountIs('AWS::Logs::LogGroup', 6);
    ses.template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    const groups = resources(ses, 'AWS::Lambda::Function').map(([, fn]) => fn.Properties.LoggingConfig.LogGroup.Ref as string);
    expect(new Set(groups).size).toBe(6);
    const names = groups.map((id) => ses.json.Resources[id].Properties.LogGroupName as string).sort();
    expect(names).toEqual(['collect-source', 'deliver-digests', 'http', 'mail-feedback', 'plan-digests', 'schedule-sources'].map((n) => `/gzwatch/Gzwatch/${n}`));
  });

  test('each function writes JSON log lines with a level, info and above', () => {
    for (const [, fn] of resources(ses, 'AWS::Lambda::Function')) {
      expect(fn.Properties.LoggingConfig).toMatchObject({ LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO' });
    }
  });

  test('bundles are minified CommonJS with a source map and no embedded sources', () => {
    const assets = resources(ses, 'AWS::Lambda::Function').map(([, fn]) => String(fn.Properties.Code.S3Key).replace(/\.zip$/, ''));
    for (const hash of assets) {
      const dir = path.join(ses.assemblyDir, `asset.${hash}`);
      const code = fs.readFileSync(path.join(dir, 'index.js'), 'utf8');
      const map = JSON.parse(fs.readFileSync(path.join(dir, 'index.js.map'), 'utf8')) as { sourcesContent?: unknown };
      expect(code).toMatch(/\/\/# sourceMappingURL=index\.js\.map\s*$/);
      // Unminified esbuild output names each source file in a comment and keeps short lines.
      expect(code).not.toMatch(/^\/\/ lambdas\//m);
      expect(code.length / code.split('\n').length).toBeGreaterThan(500);
      expect(map.sourcesContent).toBeUndefined();
    }
  });

  test('each function has its own asset, holding its own handler', () => {
    const keys = resources(ses, 'AWS::Lambda::Function').map(([, fn]) => String(fn.Properties.Code.S3Key));
    expect(new Set(keys).size).toBe(keys.length);
    // The web function's bundle carries its pages' text; the scheduler's does not.
    const code = (name: string) => fs.readFileSync(path.join(ses.assemblyDir, `asset.${String(ses.json.Resources[fnId(ses, name)].Properties.Code.S3Key).replace(/\.zip$/, '')}`, 'index.js'), 'utf8');
    expect(code('Http')).toContain('按下按钮后');
    expect(code('ScheduleSources')).not.toContain('按下按钮后');
  });

  test('mail and SQS packages sit beside index.js, and a cold start reads none of them', () => {
    const assets = resources(ses, 'AWS::Lambda::Function').map(([, fn]) => path.join(ses.assemblyDir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`));
    const lazyOf = (dir: string) => [...fs.readFileSync(path.join(dir, 'index.js'), 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!).filter((p) => LAZY_PACKAGES.some((l) => p === l || p.startsWith(`${l}/`)));
    for (const dir of assets) {
      const lazy = [...new Set(lazyOf(dir))];
      // Every function composes the same AWS root, whose mailer and queue are loaded on first use.
      expect(lazy).toEqual(expect.arrayContaining(['nodemailer', '@aws-sdk/client-sesv2', '@aws-sdk/client-sqs']));
      // In a fresh process with the function's environment: loading index.js loads no other file;
      // each lazy package then resolves inside the asset (not this repository's node_modules) and loads.
      const script = `
        const dir = process.argv[1];
        require(dir + '/index.js');
        const cached = Object.keys(require.cache);
        const lazy = JSON.parse(process.argv[2]).map((p) => {
          const file = require.resolve(p, { paths: [dir] });
          const m = require(file);
          // A package's exports object, or the class a subpath exports (nodemailer/lib/mail-composer).
          return { p, file, exports: typeof m === 'function' ? 1 : Object.keys(m).length };
        });
        process.stdout.write(JSON.stringify({ cached, lazy }));`;
      const run = spawnSync(process.execPath, ['-e', script, dir, JSON.stringify(lazy)], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1', TABLE_NAME: 'gzwatch-test', GZWATCH_FROM: 'digest@mail.gzwatch.test', GZWATCH_ADMIN: 'ops@gzwatch.test', MAIL_TRANSPORT: 'ses', NODE_NO_WARNINGS: '1' },
      });
      expect(run.stderr).toBe('');
      const out = JSON.parse(run.stdout) as { cached: string[]; lazy: { p: string; file: string; exports: number }[] };
      expect(out.cached).toEqual([path.join(dir, 'index.js')]);
      for (const l of out.lazy) {
        expect(l.file).toBe(path.join(dir, 'node_modules', l.p, 'index.js'));
        expect(l.exports).toBeGreaterThan(0);
      }
    }
  });

  test('scheduled functions and the digest worker send failed asynchronous invocations to the failed-invocations queue', () => {
    const dlq = logicalId(ses, 'AWS::SQS::Queue', 'QueuesFailedInvocations');
    ses.template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 3);
    for (const [name, retries] of [['ScheduleSources', 2], ['PlanDigests', 1], ['DeliverDigests', 2]] as const) {
      ses.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: fnId(ses, name) },
        MaximumRetryAttempts: retries,
        MaximumEventAgeInSeconds: 3600,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlq, 'Arn'] } } },
      });
    }
  });
});

describe('web service', () => {
  test('the web function answers at a public Function URL and is throttled by reserved concurrency', () => {
    const web = fnId(ses, 'Http');
    ses.template.resourceCountIs('AWS::Lambda::Url', 1);
    ses.template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', TargetFunctionArn: { 'Fn::GetAtt': [web, 'Arn'] } });
    expect(ses.json.Resources[web].Properties.ReservedConcurrentExecutions).toBe(5);
    expect(synth({ ...context, 'gzwatch:webConcurrency': 2, 'aws:cdk:bundling-stacks': [] }).json.Resources[web].Properties.ReservedConcurrentExecutions).toBe(2);
    ses.template.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunctionUrl', FunctionUrlAuthType: 'NONE', Principal: '*' });
  });

  test('links in mail point at the Function URL unless gzwatch:publicUrl names a domain', () => {
    const url = { 'Fn::GetAtt': [logicalId(ses, 'AWS::Lambda::Url', 'FunctionsHttpFunctionFunctionUrl'), 'FunctionUrl'] };
    for (const name of ['CollectSource', 'PlanDigests', 'DeliverDigests']) expect(ses.json.Resources[fnId(ses, name)].Properties.Environment.Variables.GZWATCH_PUBLIC_URL).toEqual(url);
    // The web function reads its own address from each request instead (no self-reference).
    expect(ses.json.Resources[fnId(ses, 'Http')].Properties.Environment.Variables.GZWATCH_PUBLIC_URL).toBeUndefined();
    expect(ses.json.Outputs.WebUrl.Value).toEqual(url);
    const custom = synth({ ...context, 'gzwatch:publicUrl': 'https://watch.gzwatch.test/', 'aws:cdk:bundling-stacks': [] });
    for (const name of ['CollectSource', 'DeliverDigests', 'Http']) {
      expect(custom.json.Resources[fnId(custom, name)].Properties.Environment.Variables.GZWATCH_PUBLIC_URL).toBe('https://watch.gzwatch.test/');
    }
    expect(() => synth({ ...context, 'gzwatch:publicUrl': 'http://watch.gzwatch.test/', 'aws:cdk:bundling-stacks': [] })).toThrow('CDK context gzwatch:publicUrl: must be an https:// URL');
  });

  test('bounces and complaints: the configuration set publishes them to SNS, whose subscriber is the mail-feedback function', () => {
    ses.template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'gzwatch-prod', ReputationOptions: { ReputationMetricsEnabled: true } });
    const topic = logicalId(ses, 'AWS::SNS::Topic', 'MailFeedbackEvents');
    ses.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: logicalId(ses, 'AWS::SES::ConfigurationSet', 'MailFeedbackConfigurationSet') },
      EventDestination: { Enabled: true, MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']), SnsDestination: { TopicARN: { Ref: topic } } },
    });
    ses.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'ses.amazonaws.com' } })]) },
    });
    ses.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: topic },
      Endpoint: { 'Fn::GetAtt': [fnId(ses, 'MailFeedback'), 'Arn'] },
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(ses, 'AWS::SQS::Queue', 'QueuesFailedInvocations'), 'Arn'] } },
    });
    expect(actionsOf(policyOf(ses, 'MailFeedback')).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  test('SES bounce and complaint rates alarm the admin before SES reviews the account', () => {
    const topic = { Ref: logicalId(ses, 'AWS::SNS::Topic', 'AlarmsAdminTopic') };
    ses.template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate', Threshold: 0.04, AlarmActions: [topic] });
    ses.template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/SES', MetricName: 'Reputation.ComplaintRate', Threshold: 0.0008, AlarmActions: [topic] });
  });

  test('with SMTP there is no SES configuration set and no mail-feedback function', () => {
    smtp.template.resourceCountIs('AWS::SES::ConfigurationSet', 0);
    smtp.template.resourceCountIs('AWS::Lambda::Function', 5);
    smtp.template.resourceCountIs('AWS::Lambda::Url', 1);
  });
});

describe('schedules', () => {
  test('news hourly, policy every 30 minutes, digests hourly, all in Asia/Shanghai', () => {
    ses.template.resourceCountIs('AWS::Scheduler::Schedule', 3);
    const byExpression = (expr: string) => ({ ScheduleExpression: expr, ScheduleExpressionTimezone: 'Asia/Shanghai', State: 'ENABLED' });
    ses.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ...byExpression('cron(0 * * * ? *)'),
      Target: { Arn: { 'Fn::GetAtt': [fnId(ses, 'ScheduleSources'), 'Arn'] }, Input: '{"kind":"news"}' },
    });
    ses.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ...byExpression('cron(0/30 * * * ? *)'),
      Target: { Arn: { 'Fn::GetAtt': [fnId(ses, 'ScheduleSources'), 'Arn'] }, Input: '{"kind":"policy"}' },
    });
    ses.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ...byExpression('cron(10 * * * ? *)'),
      Target: { Arn: { 'Fn::GetAtt': [fnId(ses, 'PlanDigests'), 'Arn'] } },
    });
  });

  test('undeliverable schedule events go to the failed-invocations queue', () => {
    const dlq = logicalId(ses, 'AWS::SQS::Queue', 'QueuesFailedInvocations');
    ses.template.allResourcesProperties('AWS::Scheduler::Schedule', {
      Target: { DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } }, RetryPolicy: { MaximumRetryAttempts: 2 } },
    });
  });
});

describe('stages side by side in one account and region', () => {
  test('the default stage deploys as Gzwatch (the name the README uses), dev as Gzwatch-dev', () => {
    expect(ses.stackName).toBe('Gzwatch');
    expect(dev.stackName).toBe('Gzwatch-dev');
  });

  test.each([
    ['prod', () => ses, 'Gzwatch'],
    ['dev', () => dev, 'Gzwatch-dev'],
  ])('%s: log groups, the schedule group and alarms are named after the stack', (_stage, get, stackName) => {
    const s = get();
    const logGroups = resources(s, 'AWS::Logs::LogGroup').map(([, r]) => r.Properties.LogGroupName as string);
    expect(logGroups.sort()).toEqual(['collect-source', 'deliver-digests', 'http', 'mail-feedback', 'plan-digests', 'schedule-sources'].map((name) => `/gzwatch/${stackName}/${name}`));
    const groups = resources(s, 'AWS::Scheduler::ScheduleGroup');
    expect(groups.map(([, r]) => r.Properties.Name)).toEqual([stackName]);
    // Created after their group: the name is a literal, not a reference CloudFormation would order by.
    for (const [, schedule] of resources(s, 'AWS::Scheduler::Schedule')) {
      expect([schedule.Properties.GroupName, (schedule as { DependsOn?: string[] }).DependsOn]).toEqual([stackName, [groups[0]![0]]]);
    }
    const alarms = resources(s, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties.AlarmName as string);
    expect(alarms.sort()).toEqual(
      [
        'BounceRate',
        'CollectDeadLettersVisible',
        'CollectSourceErrors',
        'ComplaintRate',
        'DeliverDigestsErrors',
        'FailedInvocationsVisible',
        'InfrastructureErrors',
        'MailFeedbackErrors',
        'PlanDigestsErrors',
        'ScheduleSourcesErrors',
        'SourceFailures',
        'WebErrors',
      ].map(
        (name) => `${stackName}-${name}`,
      ),
    );
    // Nothing else carries a fixed name that a second stage would collide with.
    const named = Object.entries(s.json.Resources as Record<string, Resource>).filter(([, r]) =>
      ['TableName', 'QueueName', 'TopicName', 'RoleName', 'FunctionName', 'Name'].some((key) => typeof r.Properties?.[key] === 'string'),
    );
    expect(named.map(([, r]) => r.Type).sort()).toEqual(['AWS::SES::ConfigurationSet', 'AWS::Scheduler::ScheduleGroup']);
    // The SES configuration set is named after the stage, so a second stage gets its own.
    expect(resources(s, 'AWS::SES::ConfigurationSet').map(([, r]) => r.Properties.Name)).toEqual([stackName === 'Gzwatch' ? 'gzwatch-prod' : 'gzwatch-dev']);
  });

  test.each([
    ['prod', () => ses],
    ['dev', () => dev],
  ])('%s: every taggable resource is tagged project=gzwatch and its stage', (stage, get) => {
    const all = Object.values(get().json.Resources as Record<string, Resource>);
    const tagged = all.filter((r) => r.Properties?.Tags);
    const types = new Set(tagged.map((r) => r.Type));
    for (const type of ['AWS::Lambda::Function', 'AWS::DynamoDB::Table', 'AWS::SQS::Queue', 'AWS::SNS::Topic', 'AWS::Logs::LogGroup', 'AWS::IAM::Role', 'AWS::Scheduler::ScheduleGroup']) {
      expect(types).toContain(type);
    }
    for (const r of tagged) {
      expect([r.Type, r.Properties.Tags]).toEqual([r.Type, expect.arrayContaining([{ Key: 'project', Value: 'gzwatch' }, { Key: 'stage', Value: stage }])]);
    }
  });
});

describe('fan-out queue', () => {
  test('the collect queue redrives to its DLQ after 3 receives and hides messages 6x the collector timeout', () => {
    const dlq = logicalId(ses, 'AWS::SQS::Queue', 'QueuesCollectDeadLetters');
    const timeout = ses.json.Resources[fnId(ses, 'CollectSource')].Properties.Timeout as number;
    ses.template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] }, maxReceiveCount: 3 },
      VisibilityTimeout: timeout * 6,
      SqsManagedSseEnabled: true,
    });
  });

  test('no digest queue: the worker is invoked, not polled, at most gzwatch:digestMaxConcurrency at once', () => {
    expect(Object.keys(ses.json.Resources).filter((id) => /Digest/.test(id) && ses.json.Resources[id].Type === 'AWS::SQS::Queue')).toEqual([]);
    const worker = fnId(ses, 'DeliverDigests');
    expect(resources(ses, 'AWS::Lambda::EventSourceMapping').filter(([, m]) => JSON.stringify(m.Properties.FunctionName).includes(worker))).toEqual([]);
    expect(ses.json.Resources[worker].Properties.ReservedConcurrentExecutions).toBe(10);
    const custom = synth({ ...context, 'gzwatch:digestMaxConcurrency': 40, 'aws:cdk:bundling-stacks': [] });
    expect(custom.json.Resources[fnId(custom, 'DeliverDigests')].Properties.ReservedConcurrentExecutions).toBe(40);
  });

  test('the collector consumes it in batches and reports partial batch failures', () => {
    ses.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    ses.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId(ses, 'CollectSource') },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(ses, 'AWS::SQS::Queue', 'QueuesCollect2'), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 2,
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });
});

describe('alarms', () => {
  test('the admin is subscribed by email to the alarm topic', () => {
    ses.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@gzwatch.test' });
  });

  test('dead letters, function errors, source failures and infrastructure errors each alarm the admin topic', () => {
    const topic = { Ref: logicalId(ses, 'AWS::SNS::Topic', 'AlarmsAdminTopic') };
    ses.template.resourceCountIs('AWS::CloudWatch::Alarm', 12);
    // One infrastructure error (the store refused the collector) is enough to tell the admin.
    ses.template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'Gzwatch', MetricName: 'InfrastructureErrors', Statistic: 'Sum', Threshold: 1 });
    ses.template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [topic], TreatMissingData: 'notBreaching' });
    for (const queue of ['QueuesCollectDeadLetters', 'QueuesFailedInvocations']) {
      ses.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(ses, 'AWS::SQS::Queue', queue), 'QueueName'] } }],
        Threshold: 1,
      });
    }
    for (const name of ['ScheduleSources', 'CollectSource', 'PlanDigests', 'DeliverDigests', 'Http', 'MailFeedback']) {
      ses.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId(ses, name) } }],
      });
    }
    ses.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Gzwatch',
      MetricName: 'SourceFailures',
      Statistic: 'Sum',
      Period: 3600,
      Threshold: 5,
      Dimensions: [{ Name: 'Stack', Value: 'Gzwatch' }],
    });
  });
});

describe('least privilege', () => {
  const allStatements = (s: Synth) =>
    resources(s, 'AWS::IAM::Policy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);

  test.each([
    ['SES', () => ses],
    ['SMTP', () => smtp],
  ])('%s: no action or resource wildcard in any policy', (_label, get) => {
    const statements = allStatements(get());
    expect(statements.length).toBeGreaterThan(8);
    for (const action of actionsOf(statements)) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
    expect(JSON.stringify(statements.map((st) => st.Resource))).not.toContain('*');
    // No managed policies either: each role carries only its inline statements.
    for (const [, role] of resources(get(), 'AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('each function gets only its table actions, and only the digest may query gsi1', () => {
    const table = logicalId(ses, 'AWS::DynamoDB::Table', 'StoreTable');
    const tableActions = (name: string) => actionsOf(policyOf(ses, name)).filter((a) => a.startsWith('dynamodb:')).sort();
    expect(tableActions('ScheduleSources')).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    expect(tableActions('CollectSource')).toEqual(['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    expect(tableActions('PlanDigests')).toEqual(['dynamodb:BatchGetItem', 'dynamodb:Query']);
    expect(tableActions('DeliverDigests')).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    for (const name of ['ScheduleSources', 'CollectSource', 'PlanDigests', 'DeliverDigests']) {
      const text = JSON.stringify(policyOf(ses, name));
      expect(text).toContain(table);
      expect(text.includes('/index/gsi1')).toBe(name === 'DeliverDigests');
      // Only the collector deletes, and only its pending markers: subscribers and the rest are the CLI's.
      if (name !== 'CollectSource') expect(actionsOf(policyOf(ses, name))).not.toContain('dynamodb:DeleteItem');
      expect(actionsOf(policyOf(ses, name))).not.toContain('dynamodb:Scan');
    }
  });

  test('only schedule-sources may send to the collect queue', () => {
    const queue = logicalId(ses, 'AWS::SQS::Queue', 'QueuesCollect2');
    const senders = ['ScheduleSources', 'CollectSource', 'PlanDigests', 'DeliverDigests'].filter((name) =>
      policyOf(ses, name).some((st) => [st.Action].flat().includes('sqs:SendMessage') && JSON.stringify(st.Resource).includes(queue)),
    );
    expect(senders).toEqual(['ScheduleSources']);
  });

  test('only plan-digests may invoke a function, only the digest worker, and it sends no mail', () => {
    const invokers = ['ScheduleSources', 'CollectSource', 'PlanDigests', 'DeliverDigests', 'Http'].filter((name) => actionsOf(policyOf(ses, name)).some((a) => a.startsWith('lambda:')));
    expect(invokers).toEqual(['PlanDigests']);
    expect(policyOf(ses, 'PlanDigests').filter((st) => [st.Action].flat().some((a) => a.startsWith('lambda:')))).toEqual([
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [fnId(ses, 'DeliverDigests'), 'Arn'] } },
    ]);
    expect(actionsOf(policyOf(ses, 'PlanDigests')).filter((a) => a.startsWith('ses:'))).toEqual([]);
    expect(JSON.stringify(policyOf(smtp, 'PlanDigests'))).not.toContain('secretsmanager');
  });

  test('SES: the mail senders may send only as the sender domain identity, through the stack’s configuration set', () => {
    const arn = (resource: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${resource}`]] });
    for (const name of ['CollectSource', 'DeliverDigests', 'Http']) {
      const statement = policyOf(ses, name).find((st) => [st.Action].flat().includes('ses:SendEmail'));
      expect(statement).toEqual({ Action: 'ses:SendEmail', Effect: 'Allow', Resource: expect.arrayContaining([arn('identity/mail.gzwatch.test'), arn('configuration-set/gzwatch-prod')]) });
      expect(statement!.Resource).toHaveLength(2);
      expect(ses.json.Resources[fnId(ses, name)].Properties.Environment.Variables.SES_CONFIGURATION_SET).toBe('gzwatch-prod');
    }
    expect(actionsOf(policyOf(ses, 'MailFeedback')).filter((a) => a.startsWith('ses:'))).toEqual([]);
    expect(actionsOf(policyOf(ses, 'ScheduleSources')).filter((a) => a.startsWith('ses:'))).toEqual([]);
    expect(JSON.stringify(ses.json)).not.toContain('secretsmanager:');
  });

  test('SMTP: the URL lives in a secret only the mail senders can read, never in a variable', () => {
    smtp.template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    const secret = { Ref: logicalId(smtp, 'AWS::SecretsManager::Secret', 'SmtpUrl') };
    for (const name of ['CollectSource', 'DeliverDigests', 'Http']) {
      expect(policyOf(smtp, name)).toContainEqual({ Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: secret });
    }
    expect(JSON.stringify(policyOf(smtp, 'ScheduleSources'))).not.toContain('secretsmanager');
    expect(JSON.stringify(smtp.json)).not.toContain('ses:Send');
    for (const [, fn] of resources(smtp, 'AWS::Lambda::Function')) {
      const vars = fn.Properties.Environment.Variables as Record<string, unknown>;
      expect(vars.MAIL_TRANSPORT).toBe('smtp');
      expect(vars.SMTP_SECRET_ARN).toEqual(secret);
      expect(JSON.stringify(vars)).not.toMatch(/smtps?:\/\//);
    }
    expect(smtp.json.Outputs.SmtpSecretArn.Value).toEqual(secret);
  });

  test('the scheduler role may invoke exactly the two scheduled functions', () => {
    const statements = (ses.json.Resources[logicalId(ses, 'AWS::IAM::Policy', 'SchedulesInvokeRoleDefaultPolicy')] as Resource).Properties
      .PolicyDocument.Statement;
    const invoke = statements.filter((st: { Action: string }) => st.Action === 'lambda:InvokeFunction');
    expect(invoke).toHaveLength(1);
    expect(new Set(invoke[0].Resource.map((r: { 'Fn::GetAtt': string[] }) => r['Fn::GetAtt'][0]))).toEqual(
      new Set([fnId(ses, 'ScheduleSources'), fnId(ses, 'PlanDigests')]),
    );
  });
});

describe('cdk-nag', () => {
  test.each([
    ['SES', () => ses],
    ['SMTP', () => smtp],
  ])('%s: AwsSolutions and Serverless packs pass with every suppression explained and used', (_label, get) => {
    const { report, acknowledged } = get();
    expect(report.pluginReports.map((p) => p.pluginName)).toEqual(expect.arrayContaining(['AwsSolutions', 'Serverless']));
    // Every plugin, CDK's own CloudFormation checks included, passes with nothing left open.
    for (const plugin of report.pluginReports) expect([plugin.pluginName, plugin.conclusion, plugin.violations]).toEqual([plugin.pluginName, 'success', []]);
    const suppressed = report.pluginReports.flatMap((p) => p.suppressedViolations ?? []);
    for (const violation of suppressed) expect(violation.reason.length).toBeGreaterThan(30);
    // An acknowledgement no finding needs is a hole waiting for a future finding.
    const used = new Set(suppressed.map((v) => `${v.acknowledgedId} at ${v.acknowledgedAt}`));
    expect(acknowledged.map((a) => `${a.id} at ${a.path}`).filter((key) => !used.has(key))).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(0);
  });

  test('SMTP: the secret rotation finding is acknowledged with a reason', () => {
    const ids = smtp.report.pluginReports.flatMap((p) => p.suppressedViolations ?? []).map((v) => v.acknowledgedId);
    expect(ids).toContain('AwsSolutions::AwsSolutions-SMG4');
  });
});

describe('outputs', () => {
  test('the table name is an output, for GZWATCH_TABLE', () => {
    expect(ses.json.Outputs.TableName.Value).toEqual({ Ref: logicalId(ses, 'AWS::DynamoDB::Table', 'StoreTable') });
  });
});

test('template snapshot (asset hashes normalised)', () => {
  const text = JSON.stringify(ses.json, null, 1).replace(/[0-9a-f]{64}(\.zip)?/g, (_m, zip: string | undefined) => `<asset-hash>${zip ?? ''}`);
  expect(JSON.parse(text)).toMatchSnapshot();
});

describe('configuration through context', () => {
  const read = (overrides: Record<string, unknown>) =>
    readDeployConfig({ tryGetContext: (key: string) => ({ ...context, ...overrides })[key] }, ['gz-gxj', '36kr']);

  test('a named sender is accepted and its domain becomes the SES identity', () => {
    const config = read({ 'gzwatch:from': 'gzwatch 监测 <digest@news.gzwatch.test>' });
    expect(config.from).toBe('gzwatch 监测 <digest@news.gzwatch.test>');
    expect(config.sesIdentities).toEqual(['news.gzwatch.test']);
  });

  test('an RSSHub instance given as context reaches the configuration the functions get', () => {
    expect(read({ 'gzwatch:rsshubUrl': 'https://rsshub.gzwatch.test' }).rsshubUrl).toBe('https://rsshub.gzwatch.test');
    expect(read({}).rsshubUrl).toBeUndefined();
  });

  test('cdk.json as shipped is refused at its placeholder sender, then at its placeholder admin', () => {
    const shipped = (overrides: Record<string, unknown>) => () => readDeployConfig({ tryGetContext: (key: string) => ({ ...cdkJson.context, ...overrides })[key] });
    expect(shipped({})).toThrow('CDK context gzwatch:from: gzwatch@example.com is a placeholder');
    expect(shipped({ 'gzwatch:from': 'digest@mail.gzwatch.test' })).toThrow('CDK context gzwatch:admin: admin@example.com is a placeholder');
  });

  test('`cdk synth` on cdk.json as shipped prints one line naming the key and exits 2', () => {
    // The CDK CLI hands cdk.json's context to the app in CDK_CONTEXT_JSON; this runs bin/app.ts the same way.
    const run = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'bin/app.ts')], {
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(cdkJson.context), CDK_OUTDIR: fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-cdk-')) },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^CDK context gzwatch:from: gzwatch@example\.com is a placeholder .* -c gzwatch:from=/)]);
  });

  test('the stage defaults to prod', () => {
    expect(read({ 'gzwatch:stage': undefined }).stage).toBe('prod');
    expect(read({ 'gzwatch:stage': 'staging-2' }).stage).toBe('staging-2');
  });

  test('sources may be a list or a comma string, and must be built-in ids', () => {
    expect(read({ 'gzwatch:sources': 'gz-gxj, 36kr' }).sources).toEqual(['gz-gxj', '36kr']);
    expect(() => read({ 'gzwatch:sources': ['gz-gxj', 'gz-gxjj'] })).toThrow('CDK context gzwatch:sources: not a built-in source id: gz-gxjj');
  });

  test.each([
    [{ 'gzwatch:from': '' }, 'gzwatch:from: is required'],
    [{ 'gzwatch:admin': 'admin at example.com' }, 'gzwatch:admin: is not an email address'],
    [{ 'gzwatch:mailTransport': 'sendmail' }, 'gzwatch:mailTransport: must be "ses" or "smtp"'],
    [{ 'gzwatch:logRetentionDays': 10 }, 'gzwatch:logRetentionDays: must be one of 1, 3, 5, 7, 14, 30'],
    [{ 'gzwatch:newsSchedule': 'every hour' }, 'gzwatch:newsSchedule: must be cron(...) or rate(...)'],
    [{ 'gzwatch:smtpSecretArn': 'gzwatch/smtp' }, 'gzwatch:smtpSecretArn: must be the full secret ARN'],
    [{ 'gzwatch:collectMaxConcurrency': 1 }, 'gzwatch:collectMaxConcurrency: must be an integer from 2 to 1000'],
    [{ 'gzwatch:from': 'gzwatch 监测 <digest@news.example.org>' }, 'gzwatch:from: digest@news.example.org is a placeholder'],
    [{ 'gzwatch:admin': 'admin@example.net' }, 'gzwatch:admin: admin@example.net is a placeholder'],
    [{ 'gzwatch:rsshubUrl': 'rsshub.local:1200' }, 'gzwatch:rsshubUrl: must be an http(s):// URL of an RSSHub instance'],
    [{ 'gzwatch:stage': 'Dev' }, 'gzwatch:stage: must be 1 to 20 lower-case letters'],
    [{ 'gzwatch:stage': 'dev_1' }, 'gzwatch:stage: must be 1 to 20 lower-case letters'],
  ])('%j is refused with the key named', (overrides, message) => {
    expect(() => read(overrides)).toThrow(message);
  });
});
