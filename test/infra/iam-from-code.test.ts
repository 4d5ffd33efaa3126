/**
 * IAM follows from the code: each handler's real path runs against dynalite while every AWS
 * command it sends is recorded; the synthesized template must grant that function's role each of
 * those actions, on named resources, and nothing more. Removing a grant the code uses, or adding
 * one it does not, fails here, where dynalite (which has no IAM) never could.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser } from 'mailparser';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../lib/app';
import { seedWatchlistIfFirstUse } from '../../lambdas/core/use-cases/seed-watchlist';
import { defaultWatchlist } from '../../lambdas/default-watchlist';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';
import { iamAction, recordAwsCommands, type CommandRecorder } from '../support/aws-command-recorder';
import { linkToken } from '../../lambdas/core/web/link-token';
import { eventsInvoked, functionUrlEvent, lambdaEnvironment, sesEventThroughSns, sqsRecord } from '../support/lambda-events';

jest.setTimeout(120_000);

const TABLE = 'gzwatch-iam';
const ROOT = path.resolve(__dirname, '../..');
const cdkJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
const HANDLERS = ['schedule-sources', 'collect-source', 'plan-digests', 'deliver-digests', 'http', 'mail-feedback'] as const;
const DIGEST_FUNCTION_NAME = 'Gzwatch-FunctionsDeliverDigestsFunction-AbCdEf';
type HandlerName = (typeof HANDLERS)[number];

let t: TestStore;
let server: Server;
let origin: string;
let recorder: CommandRecorder;
let policyText = '本通知自发布之日起施行，支持云从科技等企业建设人工智能大模型应用场景。';
const sqs = mockClient(SQSClient);
const ses = mockClient(SESv2Client);
const lambda = mockClient(LambdaClient);
const mocked = new Map<HandlerName, Set<string>>();

const page = (title: string, body: string) => `<html><head><title>${title}</title></head><body><h1>${title}</h1><div id="content"><p>${body}</p></div></body></html>`;

beforeAll(async () => {
  server = createServer((req, res) => {
    const html = (s: string) => void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(s);
    if (req.url === '/news/') return html('<ul class="list"><li><a href="/news/1.html">云从科技发布新品</a> <span>2026-11-30</span></li></ul>');
    if (req.url === '/news/1.html') return html(page('云从科技发布新品', '云从科技今天在广州发布了面向金融行业的大模型产品。'));
    if (req.url === '/policy/') return html('<ul class="list"><li><a href="/policy/1.html">关于支持人工智能产业的通知</a> <span>2026-11-30</span></li></ul>');
    if (req.url === '/policy/1.html') return html(page('关于支持人工智能产业的通知', policyText));
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('gone');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await startTestStore(TABLE);
  await seedWatchlistIfFirstUse(t.store, defaultWatchlist(), new Date());
  const at = new Date().toISOString();
  const local = (id: string, kind: 'news' | 'policy', list: string) => ({ definition: { id, name: id, kind, type: 'html' as const, urls: [`${origin}${list}`], match: '/\\d+\\.html$' }, enabled: true, builtIn: false, updatedAt: at });
  await t.store.catalogue.putMany([local('local-news', 'news', '/news/'), local('local-policy', 'policy', '/policy/'), local('local-broken', 'news', '/missing/')]);
  await t.store.catalogue.markSeeded(at);
  await t.store.subscribers.add({ email: 'reader@gzwatch.test', follows: [], digestHour: 0, status: 'active', unsubscribeToken: 'a'.repeat(32), sendEmpty: true, createdAt: at });
  Object.assign(process.env, {
    ...lambdaEnvironment(TABLE, t.endpoint),
    GZWATCH_ADMIN: 'ops@gzwatch.test',
    MAIL_TRANSPORT: 'ses',
    COLLECT_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/gzwatch-collect',
    DIGEST_FUNCTION_NAME,
    GZWATCH_ALLOW_PRIVATE_NETWORK: '1',
  });
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: { Id: string }[] }) => ({ Successful: input.Entries.map((e) => ({ Id: e.Id, MessageId: e.Id, MD5OfMessageBody: '' })), Failed: [] }));
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  recorder = recordAwsCommands();
});

afterAll(async () => {
  recorder.restore();
  sqs.restore();
  ses.restore();
  lambda.restore();
  jest.restoreAllMocks();
  await t.close();
  await new Promise<void>((r) => server.close(() => r()));
});

/** Runs `body` as `name`: commands sent meanwhile (real ones and mocked ones) are that function's. */
async function as(name: HandlerName, body: () => Promise<unknown>): Promise<void> {
  recorder.setLabel(name);
  const [sqsBefore, sesBefore, lambdaBefore] = [sqs.calls().length, ses.calls().length, lambda.calls().length];
  await body();
  const set = mocked.get(name) ?? new Set<string>();
  for (const call of lambda.calls().slice(lambdaBefore)) set.add(iamAction('Lambda', (call.args[0] as object).constructor.name));
  for (const call of sqs.calls().slice(sqsBefore)) set.add(iamAction('SQS', (call.args[0] as object).constructor.name));
  for (const call of ses.calls().slice(sesBefore)) set.add(iamAction('SESv2', (call.args[0] as object).constructor.name));
  mocked.set(name, set);
  recorder.setLabel('');
}

function load<T>(name: HandlerName): T {
  // Required only now: each handler composes its services at load, after the environment is set.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(`../../lambdas/handlers/${name}`) as T;
}

const message = (id: string, sourceId: string) => sqsRecord(id, JSON.stringify({ sourceId }));

// CloudFormation JSON is untyped by nature.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Actions granted to each function's role in the template, with the resources they are granted on. */
function grantsByFunction(): Map<HandlerName, Map<string, Json[]>> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-iam-'));
  try {
    const context = { ...cdkJson.context, 'gzwatch:from': 'digest@mail.gzwatch.test', 'gzwatch:admin': 'ops@gzwatch.test', 'aws:cdk:bundling-stacks': [] };
    const { app, stack } = createApp({ context, outdir, analyticsReporting: false });
    const template = app.synth().getStackByName(stack.stackName).template as { Resources: Record<string, { Type: string; Properties: Json }> };
    const entries = Object.entries(template.Resources);
    const out = new Map<HandlerName, Map<string, Json[]>>();
    for (const name of HANDLERS) {
      const pascal = name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
      const fns = entries.filter(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(`Functions${pascal}Function`));
      expect(fns).toHaveLength(1);
      const roleId = fns[0]![1].Properties.Role['Fn::GetAtt'][0] as string;
      const grants = new Map<string, Json[]>();
      for (const [, r] of entries) {
        if (r.Type !== 'AWS::IAM::Policy' || !(r.Properties.Roles as Json[]).some((ref) => ref.Ref === roleId)) continue;
        for (const statement of r.Properties.PolicyDocument.Statement as Json[]) {
          for (const action of [statement.Action].flat() as string[]) grants.set(action, [...(grants.get(action) ?? []), ...[statement.Resource].flat()]);
        }
      }
      out.set(name, grants);
    }
    return out;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * What the Lambda service itself does with a function's role, not the function's code: poll the
 * SQS event source (collect-source) and put a failed asynchronous invocation on its dead-letter
 * queue or on-failure destination. CDK grants these with the event source and the destination.
 */
const RUNTIME_SQS = new Set(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl']);
const isDeadLetterQueue = (resource: Json) => /Dlq|DeadLetter|FailedInvocations/i.test(JSON.stringify(resource));

test('every AWS action each handler sends is granted to its role on named resources, and no other is', async () => {
  const schedule = load<typeof import('../../lambdas/handlers/schedule-sources')>('schedule-sources');
  await as('schedule-sources', async () => expect((await schedule.handler({ kind: 'news' })).enqueued).toBe(2));

  const collect = load<typeof import('../../lambdas/handlers/collect-source')>('collect-source');
  const batch = { Records: [message('m1', 'local-news'), message('m2', 'local-policy'), message('m3', 'local-broken')] };
  // Three runs: new articles and a policy alert, then a revised document, then the broken source's third failure (an admin alert).
  await as('collect-source', async () => expect((await collect.handler(batch)).batchItemFailures).toEqual([]));
  policyText = '本通知已废止。原支持云从科技等企业建设人工智能大模型应用场景的措施停止执行。';
  await as('collect-source', async () => expect((await collect.handler(batch)).batchItemFailures).toEqual([]));
  await as('collect-source', async () => expect((await collect.handler(batch)).batchItemFailures).toEqual([]));
  const health = new Map((await t.store.sources.list()).map((h) => [h.sourceId, h]));
  expect(health.get('local-broken')).toMatchObject({ consecutiveFailures: 3 });
  expect(health.get('local-policy')).toMatchObject({ consecutiveFailures: 0 });
  // The paths really ran: policy alerts (new, then revised) and the admin's alert went out through SES.
  const sent = ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input.Destination?.ToAddresses?.[0]);
  expect(sent.filter((to) => to === 'reader@gzwatch.test').length).toBeGreaterThanOrEqual(2);
  expect(sent).toContain('ops@gzwatch.test');

  // The planner's asynchronous Invoke is recorded at the mocked client; its payload is the worker's event.
  const planner = load<typeof import('../../lambdas/handlers/plan-digests')>('plan-digests');
  await as('plan-digests', async () => expect(await planner.handler()).toEqual({ messages: 1, readers: 1, served: 0 }));
  const digestEvents = eventsInvoked(lambda.commandCalls(InvokeCommand), DIGEST_FUNCTION_NAME);
  expect(digestEvents).toHaveLength(1);
  const digests = load<typeof import('../../lambdas/handlers/deliver-digests')>('deliver-digests');
  const digestMails = ses.commandCalls(SendEmailCommand).length;
  await as('deliver-digests', async () => expect(await digests.handler(digestEvents[0])).toEqual({ kind: 'readers', statuses: { sent: 1 }, skipped: 0 }));
  expect(ses.commandCalls(SendEmailCommand).slice(digestMails).map((c) => c.args[0].input.Destination?.ToAddresses?.[0])).toEqual(['reader@gzwatch.test']);

  // The web function: every page and feed, the opt-in (its mail through SES), confirm, preferences, one-click.
  const web = load<typeof import('../../lambdas/handlers/http')>('http');
  const call = async (method: string, path: string, body = '', headers: Record<string, string> = {}) => (await web.handler(functionUrlEvent(method, path, body, headers))).statusCode;
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  await as('http', async () => {
    for (const path of ['/', '/entities?q=cloudwalk', '/entities/company-cloudwalk', '/feeds/company-cloudwalk.xml', '/feeds/kind/company.json', '/feeds/tag/ai.rss']) expect([path, await call('GET', path)]).toEqual([path, 200]);
    expect(await call('POST', '/api/subscribe', JSON.stringify({ email: 'web@gzwatch.test', follow: ['CloudWalk'] }), { 'content-type': 'application/json' })).toBe(202);
  });
  const token = linkToken((await t.store.subscribers.get('web@gzwatch.test'))!);
  // Without GZWATCH_PUBLIC_URL the confirmation link points at the Function URL the request came to.
  const optIn = ses.commandCalls(SendEmailCommand).find((c) => c.args[0].input.Destination?.ToAddresses?.[0] === 'web@gzwatch.test')!;
  const optInText = (await simpleParser(Buffer.from(optIn.args[0].input.Content!.Raw!.Data!))).text!;
  expect(optInText).toContain(`https://abc123.lambda-url.us-east-1.on.aws/confirm/${token}`);
  await as('http', async () => {
    expect(await call('GET', `/confirm/${token}`)).toBe(200);
    expect(await call('POST', `/confirm/${token}`, 'lang=zh', form)).toBe(200);
    expect(await call('GET', `/preferences/${token}`)).toBe(200);
    expect(await call('POST', `/preferences/${token}`, 'keep=company-cloudwalk&add=%E7%AE%97%E5%8A%9B&hour=9', form)).toBe(200);
    expect(await call('GET', `/feeds/private/${token}.json`)).toBe(200);
    expect(await call('POST', `/unsubscribe/${token}`, 'List-Unsubscribe=One-Click', form)).toBe(200);
  });
  expect(await t.store.subscribers.get('web@gzwatch.test')).toMatchObject({ status: 'unsubscribed', follows: ['company-cloudwalk', 'policy-compute'] });
  expect(ses.commandCalls(SendEmailCommand).some((c) => c.args[0].input.Destination?.ToAddresses?.[0] === 'web@gzwatch.test')).toBe(true);

  const feedback = load<typeof import('../../lambdas/handlers/mail-feedback')>('mail-feedback');
  const bounce = { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: 'reader@gzwatch.test' }] }, mail: {} };
  await as('mail-feedback', async () => expect(await feedback.handler(sesEventThroughSns(bounce))).toEqual({ suppressed: 1 }));
  expect(await t.store.subscribers.get('reader@gzwatch.test')).toMatchObject({ status: 'bounced' });

  const granted = grantsByFunction();
  // The planner may invoke the digest worker and nothing else: the one function's ARN.
  expect(granted.get('plan-digests')!.get('lambda:InvokeFunction')).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^FunctionsDeliverDigestsFunction/), 'Arn'] }]);
  const report: string[] = [];
  for (const name of HANDLERS) {
    const used = new Set([...recorder.actions(name), ...(mocked.get(name) ?? [])]);
    const grants = granted.get(name)!;
    for (const action of used) {
      const on = grants.get(action);
      if (!on) report.push(`${name} sends ${action}, which its role is not granted`);
      else if (on.includes('*')) report.push(`${name} is granted ${action} on every resource`);
    }
    // Logs and X-Ray are the runtime's own; everything else granted must be something the code sends.
    for (const [action, on] of grants) {
      if (/^(logs|xray):/.test(action)) continue;
      if (RUNTIME_SQS.has(action) || (action === 'sqs:SendMessage' && !used.has(action) && on.every(isDeadLetterQueue))) continue;
      if (!used.has(action)) report.push(`${name} is granted ${action}, which it never sends`);
    }
  }
  expect(report).toEqual([]);
});
