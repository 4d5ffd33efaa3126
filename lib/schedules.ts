import { Duration, RemovalPolicy, Stack, TimeZone } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleGroup, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DeployConfig } from './deploy-config';

export interface GzwatchSchedulesProps {
  config: DeployConfig;
  scheduleSources: IFunction;
  /** The hourly digest planner (plan-digests), which fans the due readers out to the digest worker. */
  planDigests: IFunction;
  /** Where an invocation Scheduler could not deliver ends up. */
  failedInvocations: Queue;
}

/**
 * EventBridge Scheduler rather than EventBridge rules: it evaluates cron in a named time zone, so
 * "every hour" and "08:00" mean Guangzhou time without UTC arithmetic in the handlers.
 */
export class GzwatchSchedules extends Construct {
  readonly group: ScheduleGroup;
  readonly news: Schedule;
  readonly policy: Schedule;
  readonly digests: Schedule;

  constructor(scope: Construct, id: string, props: GzwatchSchedulesProps) {
    super(scope, id);
    const { config } = props;
    const timeZone = TimeZone.of(config.timeZone);
    // A group per stack (names are unique per account and region): a stage's schedules are listed,
    // tagged and deleted together instead of mixing with others' in the default group.
    this.group = new ScheduleGroup(this, 'Group', {
      scheduleGroupName: Stack.of(this).stackName,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // One role for the three schedules, written out: the target's own grant would add
    // `<function arn>:*` (every version), and the DLQ grant would be duplicated per schedule.
    const role = new Role(this, 'InvokeRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'gzwatch schedules: invoke the scheduled functions',
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.scheduleSources.functionArn, props.planDigests.functionArn] }),
    );
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [props.failedInvocations.queueArn] }));
    // Targets see an immutable view, so their automatic grants cannot widen the policy above.
    const targetRole = role.withoutPolicyUpdates();

    const target = (fn: IFunction, input: Record<string, unknown>): LambdaInvoke =>
      new LambdaInvoke(fn, {
        role: targetRole,
        input: ScheduleTargetInput.fromObject(input),
        deadLetterQueue: props.failedInvocations,
        retryAttempts: 2,
        // An invocation older than this would overlap the next run anyway.
        maxEventAge: Duration.minutes(30),
      });

    this.news = new Schedule(this, 'News', {
      scheduleGroup: this.group,
      description: 'gzwatch: collect news sources',
      schedule: ScheduleExpression.expression(config.newsSchedule, timeZone),
      target: target(props.scheduleSources, { kind: 'news' }),
    });
    this.policy = new Schedule(this, 'Policy', {
      scheduleGroup: this.group,
      description: 'gzwatch: collect policy sources',
      schedule: ScheduleExpression.expression(config.policySchedule, timeZone),
      target: target(props.scheduleSources, { kind: 'policy' }),
    });
    // Hourly: the planner enqueues the subscribers whose digest hour (Asia/Shanghai) has come.
    this.digests = new Schedule(this, 'Digests', {
      scheduleGroup: this.group,
      description: 'gzwatch: deliver digests due this hour',
      schedule: ScheduleExpression.expression(config.digestSchedule, timeZone),
      target: target(props.planDigests, {}),
    });
    // The schedules name their group by its literal name, which CloudFormation does not read as a
    // reference: without this it may create them before the group exists.
    for (const schedule of [this.news, this.policy, this.digests]) schedule.node.addDependency(this.group);
  }
}
