import { channelAlerts } from '../core/channels/policy-events-message';
import { unsubscribeUrl } from '../core/digest/unsubscribe-url';
import { MatcherCache } from '../core/matcher-cache';
import { publicLinks, type PublicLinks } from '../core/web/public-links';
import { RateLimiter } from '../core/web/rate-limit';
// Types only: the collector and digest bundles must not carry the router and its feed writer.
import type { WebDeps } from '../core/web/router';
import type { Subscriber } from '../core/types';
import type { PassDeps } from '../core/use-cases/collect-sources';
import type { DueDigestDeps } from '../core/use-cases/deliver-due-digests';
import type { ChannelDeliveryDeps } from '../core/use-cases/deliver-to-channels';
import type { DispatchDeps } from '../core/use-cases/dispatch-outbox';
import type { ScheduleDigestsDeps } from '../core/use-cases/schedule-digests';
import type { Services } from './services';

/**
 * Every use-case's dependencies, derived from a shell's Services in this one place: the Lambdas
 * and the CLI cannot wire a use-case differently.
 */

const matchers = new WeakMap<Services, MatcherCache>();

function dispatchDeps(s: Services): DispatchDeps {
  return { store: s.store, now: () => s.clock.now(), from: s.config.from, log: (line) => s.logger.info(line), ...s.delivery };
}

/** Links under GZWATCH_PUBLIC_URL once the web service has one; before that the older prefix or mailto. */
function linksOf(s: Services): PublicLinks | undefined {
  return s.config.publicUrl ? publicLinks(s.config.publicUrl) : undefined;
}

function unsubscribeFor(s: Services): (subscriber: Subscriber) => string {
  return (subscriber) => {
    const links = linksOf(s);
    return links ? links.unsubscribe(subscriber) : unsubscribeUrl(s.config.unsubscribeBase, s.config.from, subscriber.unsubscribeToken);
  };
}

/** 10 subscriptions per client per 10 minutes, per process (a Lambda container, or `gzwatch serve`). */
function subscribeLimiter(): RateLimiter {
  return new RateLimiter(10, 10 * 60_000);
}

const limiters = new WeakMap<Services, NonNullable<WebDeps['subscribeLimiter']>>();

/** The web service's deps: the router, the subscription use-cases and the opt-in mail. */
export function webDeps(s: Services, publicUrl = s.config.publicUrl): WebDeps {
  if (!publicUrl) throw new Error('GZWATCH_PUBLIC_URL is not set: the web service needs the URL its links point to');
  let limiter = limiters.get(s);
  if (!limiter) limiters.set(s, (limiter = subscribeLimiter()));
  return { ...dispatchDeps(s), mailer: s.mailer, links: publicLinks(publicUrl), subscribeLimiter: limiter };
}

/** What `subscribers add --invite` needs: the opt-in use-case without the web service's limiter. */
export function subscriptionDeps(s: Services): WebDeps {
  const links = linksOf(s);
  if (!links) throw new Error('GZWATCH_PUBLIC_URL is not set (or run `gzwatch serve`): the confirmation link needs the web service');
  return { ...dispatchDeps(s), mailer: s.mailer, links };
}

export function collectDeps(s: Services): PassDeps {
  let cache = matchers.get(s);
  if (!cache) matchers.set(s, (cache = new MatcherCache({ words: s.words })));
  const base = dispatchDeps(s);
  return {
    ...base,
    fetcher: s.fetcher,
    rsshubBase: s.config.rsshubBase,
    matchers: cache,
    metrics: s.metrics,
    alerts: s.config.admin ? { ...base, admin: s.config.admin, mailer: s.mailer } : undefined,
    policyAlerts: { ...base, mailerFor: (subscriber) => s.mailerFor(subscriber), unsubscribeUrl: unsubscribeFor(s), preferencesUrl: (subscriber) => linksOf(s)?.preferences(subscriber) },
    alertChannels: channelAlerts(channelDeps(s), () => s.store.watchlist.list()),
  };
}

export function digestDeps(s: Services): DueDigestDeps {
  return {
    ...dispatchDeps(s),
    mailerFor: (subscriber) => s.mailerFor(subscriber),
    unsubscribeUrl: unsubscribeFor(s),
    pageLinks: (subscriber, date) => {
      const links = linksOf(s);
      return links && { preferences: links.preferences(subscriber), view: links.digest(subscriber, date) };
    },
    fallbackRecipient: s.config.fallbackRecipient,
    channels: channelDeps(s),
  };
}

/** The hourly digest planner: the digest deps and this shell's digest fan-out (AWS only). */
export function scheduleDigestsDeps(s: Services): ScheduleDigestsDeps {
  if (!s.digestFanOut) throw new Error('environment variable DIGEST_FUNCTION_NAME is required by the digest planner');
  return { ...digestDeps(s), digestFanOut: s.digestFanOut };
}

/** For deliverToChannels: the store's outbox and channels, this shell's chat sender, and its delivery identity. */
export function channelDeps(s: Services): ChannelDeliveryDeps {
  return {
    store: s.store,
    sender: s.channels,
    now: () => s.clock.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    log: (line) => s.logger.info(line),
    holder: s.delivery.holder,
    isHolderAlive: s.delivery.isHolderAlive,
  };
}
