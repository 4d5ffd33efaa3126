import { channelAlerts } from '../core/channels/policy-events-message';
import { unsubscribeUrl } from '../core/digest/unsubscribe-url';
import { MatcherCache } from '../core/matcher-cache';
import type { Subscriber } from '../core/types';
import type { PassDeps } from '../core/use-cases/collect-sources';
import type { DueDigestDeps } from '../core/use-cases/deliver-due-digests';
import type { ChannelDeliveryDeps } from '../core/use-cases/deliver-to-channels';
import type { DispatchDeps } from '../core/use-cases/dispatch-outbox';
import type { Services } from './services';

/**
 * Every use-case's dependencies, derived from a shell's Services in this one place: the Lambdas
 * and the CLI cannot wire a use-case differently.
 */

const matchers = new WeakMap<Services, MatcherCache>();

function dispatchDeps(s: Services): DispatchDeps {
  return { store: s.store, now: () => s.clock.now(), from: s.config.from, log: (line) => s.logger.info(line), ...s.delivery };
}

function unsubscribeFor(s: Services): (subscriber: Subscriber) => string {
  return (subscriber) => unsubscribeUrl(s.config.unsubscribeBase, s.config.from, subscriber.unsubscribeToken);
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
    policyAlerts: { ...base, mailerFor: (subscriber) => s.mailerFor(subscriber), unsubscribeUrl: unsubscribeFor(s) },
    alertChannels: channelAlerts(channelDeps(s), () => s.store.watchlist.list()),
  };
}

export function digestDeps(s: Services): DueDigestDeps {
  return { ...dispatchDeps(s), mailerFor: (subscriber) => s.mailerFor(subscriber), unsubscribeUrl: unsubscribeFor(s), fallbackRecipient: s.config.fallbackRecipient, channels: channelDeps(s) };
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
