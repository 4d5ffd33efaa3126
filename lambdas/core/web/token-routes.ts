/** The pages behind a subscriber's links: confirm, unsubscribe, preferences, a digest in the browser. */
import { InputError } from '../errors';
import { shanghaiDate } from '../time';
import { type Subscriber } from '../types';
import { confirmSubscription, subscriberByToken, unsubscribe, updatePreferences, type Choices } from '../use-cases/subscriptions';
import { DIGEST_CSP, formFields, html, text, type WebRequest, type WebResponse } from './http';
import { fill, words } from './i18n';
import { messagePage, oneButtonPage, preferencesPage, type PageContext } from './subscription-pages';
import { splitNames } from './watchlist-names';
import { badLink, DAY_MS, enabledEntities, notFound, type WebDeps } from './web-deps';
import { parseFrequency, parseHour, resolveOrThrow } from './subscribe-routes';

export async function tokenPage(deps: WebDeps, request: WebRequest, post: boolean, action: 'confirm' | 'unsubscribe' | 'preferences', token: string, ctx: PageContext): Promise<WebResponse> {
  const w = words(ctx.lang);
  const found = await subscriberByToken(deps, token);
  if (!found.ok) {
    // RFC 8058 clients only look at the status; a tampered token changes nothing either way.
    return action === 'unsubscribe' && post && isOneClick(request) ? text(404, 'unknown unsubscribe link\n') : badLink(ctx);
  }
  const s = found.subscriber;
  // Without ?lang the pages of a subscriber speak the language they chose.
  if (!request.query.lang && !formFields(request.body).get('lang') && s.lang) ctx = { ...ctx, lang: s.lang === 'en' ? 'en' : 'zh' };
  if (action === 'confirm') {
    if (!post) {
      if (s.status === 'active') return html(200, messagePage(ctx, w.confirmed, w.confirmedText, 'notice', preferencesLink(deps, s, ctx)));
      if (s.status !== 'pending') return html(409, messagePage(ctx, w.confirmTitle, w.notConfirmable, 'error'));
      return html(200, oneButtonPage(ctx, w.confirmTitle, fill(w.confirmText, { email: s.email }), w.confirmButton));
    }
    const next = await confirmSubscription(deps, s);
    if (next.status !== 'active') return html(409, messagePage(ctx, w.confirmTitle, w.notConfirmable, 'error'));
    return html(200, messagePage(ctx, w.confirmed, w.confirmedText, 'notice', preferencesLink(deps, next, ctx)));
  }
  if (action === 'unsubscribe') {
    if (!post) return html(200, oneButtonPage(ctx, w.unsubscribeTitle, fill(w.unsubscribeText, { email: s.email }), w.unsubscribeButton));
    await unsubscribe(deps, s);
    if (isOneClick(request)) return text(200, 'unsubscribed\n');
    return html(200, messagePage(ctx, w.unsubscribed, fill(w.unsubscribedText, { email: s.email })));
  }
  if (!post) return html(200, preferencesPage(ctx, await preferencesView(deps, s)));
  const f = formFields(request.body);
  const keep = f.getAll('keep').filter((k) => s.follows.includes(k));
  const add = f.get('add') ?? '';
  const lang = f.get('language');
  try {
    const added = await resolveOrThrow(deps, splitNames(add), w.add);
    const choices: Choices = {
      follows: [...new Set([...keep, ...added])],
      digestHour: parseHour(f.get('hour')),
      frequency: parseFrequency(f.get('frequency')),
      lang: lang === 'en' || lang === 'zh' ? lang : undefined,
      alerts: f.get('alerts') === 'on',
    };
    const next = await updatePreferences(deps, s, choices);
    // The page answers in the language just chosen (a subscriber's zh-CN is the pages' zh).
    const shown: PageContext = { ...ctx, lang: next.lang ? (next.lang === 'en' ? 'en' : 'zh') : ctx.lang };
    return html(200, preferencesPage(shown, { ...(await preferencesView(deps, next)), saved: true }));
  } catch (error) {
    if (error instanceof InputError) return html(400, preferencesPage(ctx, { ...(await preferencesView(deps, s)), error: error.message, add }));
    throw error;
  }
}

function isOneClick(request: WebRequest): boolean {
  return formFields(request.body).get('List-Unsubscribe') === 'One-Click';
}

function preferencesLink(deps: WebDeps, s: Subscriber, ctx: PageContext): string {
  return `<p><a href="${deps.links.preferences(s)}${ctx.lang === 'en' ? '?lang=en' : ''}">${words(ctx.lang).preferences}</a></p>`;
}

async function preferencesView(deps: WebDeps, s: Subscriber) {
  const entities = new Map((await enabledEntities(deps)).map((e) => [e.id, e]));
  const today = deps.now().getTime();
  const dates = Array.from({ length: 14 }, (_, i) => shanghaiDate(new Date(today - i * DAY_MS)));
  const records = await Promise.all(dates.map((d) => deps.store.outbox.get(s.email, `DIGEST#${d}`)));
  const digests = dates.filter((_, i) => records[i]?.status === 'SENT' || records[i]?.status === 'COMMITTED').map((date) => ({ date, url: deps.links.digest(s, date) }));
  return { subscriber: s, entities, feedXml: deps.links.privateFeed(s, 'xml'), feedJson: deps.links.privateFeed(s, 'json'), digests };
}

/** "View in browser": the digest exactly as it was mailed, its inline chart turned into a data: image. */
export async function digestView(deps: WebDeps, ctx: PageContext, token: string, date: string): Promise<WebResponse> {
  const found = await subscriberByToken(deps, token);
  if (!found.ok) return badLink(ctx);
  const record = await deps.store.outbox.getWithMessage(found.subscriber.email, `DIGEST#${date}`);
  if (!record || (record.status !== 'SENT' && record.status !== 'COMMITTED')) return notFound(ctx);
  let body = record.html;
  for (const a of record.attachments ?? []) body = body.split(`cid:${a.cid}`).join(`data:${a.contentType};base64,${a.contentBase64}`);
  return html(200, body, { 'Content-Security-Policy': DIGEST_CSP });
}

