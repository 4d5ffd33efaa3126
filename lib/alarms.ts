import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The collector logs this EMF metric (dimension Stack: the stack's name) once per failed source run. */
export const SOURCE_FAILURE_METRIC = { namespace: 'Gzwatch', metricName: 'SourceFailures' } as const;
/** Logged when gzwatch itself (its store, a bug), not a site, kept a source from being collected. */
export const INFRASTRUCTURE_ERROR_METRIC = { namespace: 'Gzwatch', metricName: 'InfrastructureErrors' } as const;

export interface GzwatchAlarmsProps {
  adminEmail: string;
  functions: Record<string, IFunction>;
  deadLetterQueues: Record<string, Queue>;
  /** SourceFailures in one hour at or above which the admin hears about it. */
  sourceFailureThreshold: number;
}

/**
 * Everything that needs a person goes to one SNS topic mailed to the admin. The collector also
 * mails per-source health itself; these alarms catch what it cannot: crashes, poison messages,
 * and many sources failing at once (blocked, network down).
 */
export class GzwatchAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: GzwatchAlarmsProps) {
    super(scope, id);
    // Alarm names are unique per account and region, and they head the alarm mails: the stack name
    // in front keeps two stages apart and tells the admin which one is calling.
    const stackName = Stack.of(this).stackName;
    this.topic = new Topic(this, 'AdminTopic', { displayName: `gzwatch alarms (${stackName})`, enforceSSL: true });
    const subscription = new EmailSubscription(props.adminEmail);
    this.topic.addSubscription(subscription);
    Validations.of(this.topic).acknowledge({
      id: 'Serverless::Serverless-SNSRedrivePolicy',
      reason: 'The only subscriber is the admin mailbox; a bounced alarm mail has nobody else to alert, and SNS keeps NumberOfNotificationsFailed.',
    });
    const action = new SnsAction(this.topic);
    const add = (alarm: Alarm): void => {
      alarm.addAlarmAction(action);
      this.alarms.push(alarm);
    };

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      add(
        new Alarm(this, `${name}Visible`, {
          alarmName: `${stackName}-${name}Visible`,
          alarmDescription: `gzwatch: messages waiting in the ${name} dead-letter queue`,
          metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      add(
        new Alarm(this, `${name}Errors`, {
          alarmName: `${stackName}-${name}Errors`,
          alarmDescription: `gzwatch: the ${name} function failed`,
          metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    add(
      new Alarm(this, 'SourceFailures', {
        alarmName: `${stackName}-SourceFailures`,
        alarmDescription: `gzwatch: ${props.sourceFailureThreshold} or more source runs failed within an hour`,
        metric: new Metric({ ...SOURCE_FAILURE_METRIC, dimensionsMap: { Stack: stackName }, period: Duration.hours(1), statistic: 'Sum' }),
        threshold: props.sourceFailureThreshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    // One is enough: the store refusing the collector (a missing permission, throttling) is never a site's fault.
    add(
      new Alarm(this, 'InfrastructureErrors', {
        alarmName: `${stackName}-InfrastructureErrors`,
        alarmDescription: 'gzwatch: a source could not be collected because of gzwatch or its store (see the collect-source log); its message was returned to the queue',
        metric: new Metric({ ...INFRASTRUCTURE_ERROR_METRIC, dimensionsMap: { Stack: stackName }, period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}
