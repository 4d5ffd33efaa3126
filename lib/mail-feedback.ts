import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ConfigurationSet, ConfigurationSetEventDestination, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * SES reviews an account at a 5 % bounce rate or a 0.1 % complaint rate; the admin hears of it
 * well before, at 4 % and 0.08 %.
 */
export const REPUTATION_ALARMS = { bounceRate: 0.04, complaintRate: 0.0008 } as const;

export interface MailFeedbackProps {
  configurationSetName: string;
  handler: IFunction;
  alarmTopic: ITopic;
  /** Where SNS keeps an event it could not hand to the function (alarmed). */
  deadLetters: IQueue;
}

/**
 * Bounces and complaints: every SES send names this configuration set, whose event destination
 * publishes permanent bounces and complaints to an SNS topic; the mail-feedback function marks
 * those addresses suppressed. Reputation metrics are on, and alarmed.
 */
export class GzwatchMailFeedback extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly topic: Topic;
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: MailFeedbackProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', { configurationSetName: props.configurationSetName, reputationMetrics: true });
    this.topic = new Topic(this, 'Events', { displayName: `gzwatch SES bounces and complaints (${stackName})`, enforceSSL: true });
    new ConfigurationSetEventDestination(this, 'BouncesAndComplaints', {
      configurationSet: this.configurationSet,
      destination: EventDestination.snsTopic(this.topic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    this.topic.addSubscription(new LambdaSubscription(props.handler, { deadLetterQueue: props.deadLetters }));

    const action = new SnsAction(props.alarmTopic);
    const reputation = (name: string, metricName: string, threshold: number, what: string) => {
      const alarm = new Alarm(this, name, {
        alarmName: `${stackName}-${name}`,
        alarmDescription: `gzwatch: the SES ${what} rate reached ${threshold * 100} %; SES reviews the account at ${name === 'BounceRate' ? '5' : '0.1'} %`,
        metric: new Metric({ namespace: 'AWS/SES', metricName, period: Duration.hours(1), statistic: 'Maximum' }),
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      return alarm;
    };
    this.alarms = [
      reputation('BounceRate', 'Reputation.BounceRate', REPUTATION_ALARMS.bounceRate, 'bounce'),
      reputation('ComplaintRate', 'Reputation.ComplaintRate', REPUTATION_ALARMS.complaintRate, 'complaint'),
    ];
  }
}
