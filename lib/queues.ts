import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface GzwatchQueuesProps {
  /** The collector's timeout: the queue must hide a message at least this long (AWS asks 6x). */
  collectorTimeout: Duration;
  /** The digest worker's timeout, for the digest queue's visibility timeout likewise. */
  digestWorkerTimeout: Duration;
}

/**
 * The fan-out queues (one message per source per run; one per group of digest readers) and
 * dead-letter queues kept apart on purpose: `collectDeadLetters` and `digestDeadLetters` hold
 * messages that failed three times (redrivable to their queue), `failedInvocations` holds scheduler and asynchronous Lambda invocations
 * that never succeeded (schedule events, not source messages).
 */
export class GzwatchQueues extends Construct {
  readonly collect: Queue;
  readonly collectDeadLetters: Queue;
  /** The digest fan-out: one message per group of readers who share a render (plan-digests). */
  readonly digests: Queue;
  readonly digestDeadLetters: Queue;
  readonly failedInvocations: Queue;

  constructor(scope: Construct, id: string, props: GzwatchQueuesProps) {
    super(scope, id);
    const common = { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true };
    // Fourteen days: long enough to notice an alarm after a holiday and redrive.
    this.collectDeadLetters = new Queue(this, 'CollectDeadLetters', { ...common, retentionPeriod: Duration.days(14) });
    this.digestDeadLetters = new Queue(this, 'DigestDeadLetters', { ...common, retentionPeriod: Duration.days(14) });
    this.failedInvocations = new Queue(this, 'FailedInvocations', { ...common, retentionPeriod: Duration.days(14) });
    const terminal = 'A dead-letter queue is the end of the line, read by a person after its alarm.';
    for (const dlq of [this.collectDeadLetters, this.digestDeadLetters, this.failedInvocations]) {
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
    this.digests = new Queue(this, 'Digests', {
      ...common,
      visibilityTimeout: Duration.seconds(props.digestWorkerTimeout.toSeconds() * 6),
      // The next hourly plan enqueues whoever is still due; a message older than a few hours is stale.
      retentionPeriod: Duration.hours(4),
      // Three receives: a 4xx or an outage that lasts that long is for a person (the DLQ alarm);
      // the outbox keeps the readers' PENDING records and the next plan enqueues them again.
      deadLetterQueue: { queue: this.digestDeadLetters, maxReceiveCount: 3 },
    });
  }
}
