/** The two ways in: the form on GET / and the JSON API for tools; both end in the subscribe use-case. */
import { InputError } from '../errors';
import { subscribe, type Choices } from '../use-cases/subscriptions';
import { formFields, html, json, type WebRequest, type WebResponse } from './http';
import { fill, words } from './i18n';
import { messagePage, subscribePage, type PageContext, type SubscribeValues } from './subscription-pages';
import { resolveFollows, splitNames } from './watchlist-names';
import { enabledEntities, type WebDeps } from './web-deps';

function limited(deps: WebDeps, request: WebRequest): boolean {
  return deps.subscribeLimiter ? !deps.subscribeLimiter.allow(request.client ?? 'unknown', deps.now().getTime()) : false;
}

export function parseHour(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (!/^\d{1,2}$/.test(value)) throw new InputError('hour: must be a whole hour from 0 to 23 (Asia/Shanghai)');
  return Number(value);
}

export function parseFrequency(value: string | null | undefined): 'daily' | 'weekly' | undefined {
  if (!value) return undefined;
  if (value !== 'daily' && value !== 'weekly') throw new InputError('frequency: must be daily or weekly');
  return value;
}

export async function resolveOrThrow(deps: WebDeps, names: string[], field: string): Promise<string[]> {
  const { follows, unknown } = resolveFollows(await enabledEntities(deps), names);
  if (unknown.length) throw new InputError(`${field}: not on the watchlist: ${unknown.slice(0, 5).join(', ')}`);
  return follows;
}

export async function subscribeFromForm(deps: WebDeps, request: WebRequest, ctx: PageContext): Promise<WebResponse> {
  const w = words(ctx.lang);
  const f = formFields(request.body);
  const values: SubscribeValues = {
    email: f.get('email') ?? '',
    follow: f.get('follow') ?? '',
    hour: Number(f.get('hour') ?? 8) || 0,
    frequency: f.get('frequency') === 'weekly' ? 'weekly' : 'daily',
    alerts: f.get('alerts') === 'on',
  };
  if (limited(deps, request)) return html(429, subscribePage(ctx, await enabledEntities(deps), values, w.tooMany), { 'Retry-After': '600' });
  try {
    const choices: Choices = {
      follows: await resolveOrThrow(deps, splitNames(values.follow ?? ''), w.follow),
      digestHour: parseHour(f.get('hour')),
      frequency: parseFrequency(f.get('frequency')),
      alerts: values.alerts,
      lang: ctx.lang,
    };
    const outcome = await subscribe(deps, values.email ?? '', choices);
    if (outcome.status === 'rate-limited') return html(429, messagePage(ctx, w.checkMail, w.rateLimited, 'error'));
    if (outcome.status === 'mail-failed') return html(503, messagePage(ctx, w.checkMail, w.mailFailed, 'error'));
    return html(202, messagePage(ctx, w.checkMail, fill(w.checkMailText, { email: values.email!.trim() })));
  } catch (error) {
    if (error instanceof InputError) return html(400, subscribePage(ctx, await enabledEntities(deps), values, error.message));
    throw error;
  }
}

export async function subscribeFromApi(deps: WebDeps, request: WebRequest): Promise<WebResponse> {
  if (limited(deps, request)) return json(429, { error: 'too many requests from this client; try again later' }, { 'Retry-After': '600' });
  let input: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(request.body);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    input = parsed as Record<string, unknown>;
  } catch {
    return json(400, { error: 'body: must be a JSON object such as {"email": "you@example.com", "follow": ["company-cloudwalk"]}' });
  }
  const follow = input.follow ?? [];
  if (!Array.isArray(follow) || follow.some((f) => typeof f !== 'string')) return json(400, { error: 'follow: must be an array of watchlist ids or names' });
  if (input.hour !== undefined && typeof input.hour !== 'number') return json(400, { error: 'hour: must be a whole hour from 0 to 23 (Asia/Shanghai)' });
  if (input.alerts !== undefined && typeof input.alerts !== 'boolean') return json(400, { error: 'alerts: must be true or false' });
  const choices: Choices = {
    follows: await resolveOrThrow(deps, follow as string[], 'follow'),
    digestHour: input.hour as number | undefined,
    frequency: input.frequency as Choices['frequency'],
    lang: input.lang as Choices['lang'],
    alerts: input.alerts as boolean | undefined,
  };
  const outcome = await subscribe(deps, typeof input.email === 'string' ? input.email : '', choices);
  if (outcome.status === 'rate-limited') return json(429, { error: 'at most 3 confirmation mails per address per day' });
  if (outcome.status === 'mail-failed') return json(503, { error: 'the confirmation mail could not be sent; try again later' });
  // An active or suppressed address gets the same answer: the API does not tell who subscribed.
  return json(202, { status: 'pending', message: 'a confirmation mail was sent; the subscription starts once its link is confirmed' });
}

