import { CfnOutput, Stack, Tags, Validations, type StackProps } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { GzwatchAlarms } from './alarms';
import type { DeployConfig } from './deploy-config';
import { GzwatchFunctions } from './functions';
import { GzwatchMailFeedback } from './mail-feedback';
import { GzwatchQueues } from './queues';
import { GzwatchSchedules } from './schedules';
import { GzwatchTable } from './table';

export interface GzwatchStackProps extends StackProps {
  config: DeployConfig;
}

/** The whole monitor: table, the collection queue, the functions, schedules, alarms. */
export class GzwatchStack extends Stack {
  readonly table: GzwatchTable;
  readonly queues: GzwatchQueues;
  readonly functions: GzwatchFunctions;
  readonly schedules: GzwatchSchedules;
  readonly alarms: GzwatchAlarms;
  readonly mailFeedback?: GzwatchMailFeedback;

  constructor(scope: Construct, id: string, props: GzwatchStackProps) {
    super(scope, id, { description: 'gzwatch: monitor of Guangzhou AI industry news and policy', ...props });
    const { config } = props;
    // On every taggable resource, so cost reports and the console can tell the deployments apart.
    Tags.of(this).add('project', 'gzwatch');
    Tags.of(this).add('stage', config.stage);

    this.table = new GzwatchTable(this, 'Store');
    this.queues = new GzwatchQueues(this, 'Queues', { collectorTimeout: GzwatchFunctions.collectorTimeout() });

    const sesResources: string[] = [];
    let smtpSecretArn: string | undefined;
    // With SES the stack owns the configuration set that carries bounces and complaints back.
    const configurationSetName = config.mailTransport === 'ses' ? (config.sesConfigurationSet ?? `gzwatch-${config.stage}`) : undefined;
    if (configurationSetName) {
      for (const identity of config.sesIdentities) {
        sesResources.push(this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }));
      }
      // SES authorises a send against the configuration set as well as the identity.
      sesResources.push(this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSetName }));
    } else if (config.smtpSecretArn) {
      smtpSecretArn = config.smtpSecretArn;
    } else {
      // The stack owns an empty-shaped secret; the operator puts the SMTP URL into it once.
      const secret = new Secret(this, 'SmtpUrl', {
        description: 'gzwatch SMTP URL (smtps://user:password@host:465); set it with put-secret-value',
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions::AwsSolutions-SMG4',
        reason: 'The SMTP password is issued by the mail provider; rotating it needs the provider, not a Lambda rotator.',
      });
      smtpSecretArn = secret.secretArn;
      new CfnOutput(this, 'SmtpSecretArn', { value: secret.secretArn, description: 'Put the SMTP URL into this secret' });
    }

    this.functions = new GzwatchFunctions(this, 'Functions', {
      config,
      table: this.table.table,
      collectQueue: this.queues.collect,
      failedInvocations: this.queues.failedInvocations,
      mail: { sesResources, smtpSecretArn, configurationSetName },
    });
    this.schedules = new GzwatchSchedules(this, 'Schedules', {
      config,
      scheduleSources: this.functions.scheduleSources,
      planDigests: this.functions.planDigests,
      failedInvocations: this.queues.failedInvocations,
    });
    this.alarms = new GzwatchAlarms(this, 'Alarms', {
      adminEmail: config.admin,
      functions: {
        ScheduleSources: this.functions.scheduleSources,
        CollectSource: this.functions.collectSource,
        PlanDigests: this.functions.planDigests,
        DeliverDigests: this.functions.deliverDigests,
        Web: this.functions.web,
        ...(this.functions.mailFeedback ? { MailFeedback: this.functions.mailFeedback } : {}),
      },
      deadLetterQueues: { CollectDeadLetters: this.queues.collectDeadLetters, FailedInvocations: this.queues.failedInvocations },
      sourceFailureThreshold: config.sourceFailureThreshold,
    });

    if (configurationSetName && this.functions.mailFeedback) {
      this.mailFeedback = new GzwatchMailFeedback(this, 'MailFeedback', { configurationSetName, handler: this.functions.mailFeedback, alarmTopic: this.alarms.topic, deadLetters: this.queues.failedInvocations });
    }

    new CfnOutput(this, 'WebUrl', { value: config.publicUrl ?? this.functions.webUrl.url, description: 'The web service (GZWATCH_PUBLIC_URL): subscribe, preferences, feeds' });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName, description: 'GZWATCH_TABLE for the CLI' });
    new CfnOutput(this, 'CollectQueueUrl', { value: this.queues.collect.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
  }
}
