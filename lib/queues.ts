import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface GzwatchQueuesProps {
  /** The collector's timeout: the queue must hide a message at least this long (AWS asks 6x). */
  collectorTimeout: Duration;
}

/**
 * The collection fan-out queue (one message per source per run) and dead-letter queues kept apart
 * on purpose: `collectDeadLetters` holds messages that failed three times (redrivable to their
 * queue), `failedInvocations` holds scheduler and asynchronous Lambda invocations that never
 * succeeded (schedule events, and the digest worker's events: digests fan out by invocation).
 */
export class GzwatchQueues extends Construct {
  readonly collect: Queue;
  readonly collectDeadLetters: Queue;
  readonly failedInvocations: Queue;

  constructor(scope: Construct, id: string, props: GzwatchQueuesProps) {
    super(scope, id);
    const common = { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true };
    // Fourteen days: long enough to notice an alarm after a holiday and redrive.
    this.collectDeadLetters = new Queue(this, 'CollectDeadLetters', { ...common, retentionPeriod: Duration.days(14) });
    this.failedInvocations = new Queue(this, 'FailedInvocations', { ...common, retentionPeriod: Duration.days(14) });
    const terminal = 'A dead-letter queue is the end of the line, read by a person after its alarm.';
    for (const dlq of [this.collectDeadLetters, this.failedInvocations]) {
      Validations.of(dlq).acknowledge({ id: 'Serverless::Serverless-SQSRedrivePolicy', reason: terminal });
    }
    // cdk-nag recognises a DLQ only through another queue's redrive policy; this one is fed by
    // Scheduler and Lambda destinations instead.
    Validations.of(this.failedInvocations).acknowledge({ id: 'AwsSolutions::AwsSolutions-SQS3', reason: terminal });
    this.collect = new Queue(this, 'Collect', {
      ...common,
      visibilityTimeout: Duration.seconds(props.collectorTimeout.toSeconds() * 6),
      // A run is stale once the next one has been scheduled; older messages are noise.
      retentionPeriod: Duration.hours(4),
      deadLetterQueue: { queue: this.collectDeadLetters, maxReceiveCount: 3 },
    });
  }
}
