import { randomBytes } from 'node:crypto';
import { isEmailAddress } from '../addresses';
import { InputError } from '../errors';
import type { Mailer } from '../ports';
import { shanghaiDate } from '../time';
import type { Subscriber } from '../types';
import { renderConfirmationMail } from '../web/confirmation-mail';
import { parseLinkToken, tokenMatches } from '../web/link-token';
import type { PublicLinks } from '../web/public-links';
import { dispatchOutbox, type DispatchDeps } from './dispatch-outbox';
import { suppressAddress } from './suppress-address';

export interface SubscriptionDeps extends DispatchDeps {
  /** The transport for opt-in mail. */
  mailer: Mailer;
  links: PublicLinks;
}

/** What a reader chooses; absent fields keep their defaults (or, for an update, their value). */
export interface Choices {
  follows?: string[];
  digestHour?: number;
  frequency?: 'daily' | 'weekly';
  lang?: 'zh' | 'en';
  alerts?: boolean;
}

export const CONFIRMATIONS_PER_DAY = 3;

export type SubscribeOutcome =
  /** A confirmation mail went out; the subscriber is pending until they confirm. */
  | { status: 'pending'; mailed: true }
  /** Already active, or suppressed by a bounce or complaint: nothing is sent, nothing said. */
  | { status: 'unchanged'; mailed: false }
  | { status: 'rate-limited'; mailed: false }
  | { status: 'mail-failed'; mailed: false; error: string };

export function checkEmail(value: unknown): string {
  if (typeof value !== 'string' || !value.trim()) throw new InputError('email: required');
  const email = value.trim();
  if (email.length > 254 || !isEmailAddress(email)) throw new InputError(`email: "${email.slice(0, 80)}" is not an email address`);
  return email.toLowerCase();
}

/** Pages say zh or en; a subscriber's mail language is stored as the digest writes it (zh-CN, en). */
function storedLang(lang: Choices['lang']): Subscriber['lang'] {
  return lang === undefined ? undefined : lang === 'zh' ? 'zh-CN' : 'en';
}

export function checkChoices(choices: Choices): Choices {
  const { digestHour, frequency, lang } = choices;
  if (digestHour !== undefined && !(Number.isInteger(digestHour) && digestHour >= 0 && digestHour <= 23)) throw new InputError('hour: must be a whole hour from 0 to 23 (Asia/Shanghai)');
  if (frequency !== undefined && frequency !== 'daily' && frequency !== 'weekly') throw new InputError('frequency: must be daily or weekly');
  if (lang !== undefined && lang !== 'zh' && lang !== 'en') throw new InputError('lang: must be zh or en');
  if (choices.follows && choices.follows.length > 200) throw new InputError('follow: at most 200 names');
  return choices;
}

/**
 * Double opt-in: records the address as pending with the reader's choices and mails a link to
 * confirm, at most CONFIRMATIONS_PER_DAY a day per address (each mail is an outbox record of that
 * day, so the limit and exactly-once sending are the same conditional writes). An unsubscribed
 * address may opt in again; a bounced or complained one, or an active one, is left alone.
 */
export async function subscribe(deps: SubscriptionDeps, emailInput: string, choices: Choices): Promise<SubscribeOutcome> {
  const email = checkEmail(emailInput);
  checkChoices(choices);
  const now = deps.now();
  const current = await deps.store.subscribers.get(email);
  if (current && (current.status === 'active' || current.status === 'bounced' || current.status === 'complained')) return { status: 'unchanged', mailed: false };
  const subscriber: Subscriber = {
    email,
    name: current?.name,
    follows: choices.follows ?? current?.follows ?? [],
    digestHour: choices.digestHour ?? current?.digestHour ?? 8,
    frequency: choices.frequency ?? current?.frequency,
    lang: storedLang(choices.lang) ?? current?.lang,
    alerts: choices.alerts ?? current?.alerts,
    status: 'pending',
    // A pending record keeps its token, so each of the day's mails carries a link that works;
    // an unsubscribed one gets a new token, so links from before the unsubscribe stay dead.
    unsubscribeToken: current?.status === 'pending' ? current.unsubscribeToken : randomBytes(16).toString('hex'),
    sendEmpty: current?.sendEmpty ?? false,
    createdAt: current?.createdAt ?? now.toISOString(),
    invitedAt: now.toISOString(),
  };
  const day = shanghaiDate(now);
  let key: string | undefined;
  const mail = renderConfirmationMail(deps.links.confirm(subscriber), deps.links.home());
  for (let n = 1; n <= CONFIRMATIONS_PER_DAY && !key; n++) {
    const candidate = `CONFIRM#${day}#${n}`;
    const created = await deps.store.outbox.createIfAbsent({
      recipient: email,
      key: candidate,
      status: 'PENDING',
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      headers: {},
      messageId: `<confirm-${day}-${n}-${subscriber.unsubscribeToken.slice(0, 8)}@gzwatch>`,
      attempts: 0,
      createdAt: now.toISOString(),
    });
    if (created) key = candidate;
  }
  if (!key) return { status: 'rate-limited', mailed: false };
  await deps.store.subscribers.put(subscriber);
  const outcome = await dispatchOutbox(deps, deps.mailer, email, key);
  if (outcome.status === 'sent' || outcome.status === 'already-sent') return { status: 'pending', mailed: true };
  return { status: 'mail-failed', mailed: false, error: outcome.error };
}

export type TokenLookup = { ok: true; subscriber: Subscriber } | { ok: false };

/** The subscriber a link token belongs to, if the token is exactly theirs. */
export async function subscriberByToken(deps: Pick<SubscriptionDeps, 'store'>, token: string): Promise<TokenLookup> {
  const parsed = parseLinkToken(token);
  if (!parsed) return { ok: false };
  const subscriber = await deps.store.subscribers.get(parsed.email);
  if (!subscriber || !tokenMatches(subscriber, parsed.secret)) return { ok: false };
  return { ok: true, subscriber };
}

/** pending → active. Confirming twice is fine; a suppressed address stays suppressed (it needs a new opt-in). */
export async function confirmSubscription(deps: Pick<SubscriptionDeps, 'store' | 'now'>, subscriber: Subscriber): Promise<Subscriber> {
  if (subscriber.status !== 'pending') return subscriber;
  const next: Subscriber = { ...subscriber, status: 'active', confirmedAt: deps.now().toISOString() };
  await deps.store.subscribers.put(next);
  return next;
}

export async function unsubscribe(deps: Pick<SubscriptionDeps, 'store' | 'now'>, subscriber: Subscriber): Promise<Subscriber> {
  if (subscriber.status === 'bounced' || subscriber.status === 'complained') return subscriber;
  return suppressAddress(deps.store, subscriber.email, 'unsubscribed', deps.now(), 'unsubscribe link');
}

/** Follows, hour, frequency, language, alerts; the status is not touched. */
export async function updatePreferences(deps: Pick<SubscriptionDeps, 'store'>, subscriber: Subscriber, choices: Choices): Promise<Subscriber> {
  checkChoices(choices);
  const { lang, ...rest } = Object.fromEntries(Object.entries(choices).filter(([, v]) => v !== undefined)) as Choices;
  const next: Subscriber = { ...subscriber, ...rest, ...(lang ? { lang: storedLang(lang) } : {}) };
  await deps.store.subscribers.put(next);
  return next;
}
