/**
 * The fetcher's failures: core's typed site failures with one-line messages that say what
 * happened and where. Callers `instanceof` the core classes or read `failureClass` and `retryable`.
 */
import * as core from '../core/errors';

export class FetchTimeoutFailure extends core.TimeoutFailure {
  constructor(url: string, timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms fetching ${url}`, url);
  }
}

export class TooLargeFailure extends core.TooLargeFailure {
  constructor(url: string, maxBytes: number, detail = 'body') {
    super(`${detail} of ${url} is larger than the ${maxBytes}-byte cap; download stopped`, url);
  }
}

/** The network policy refused an address or scheme (private network, non-http URL, redirect loop). */
export class BlockedFailure extends core.BlockedFailure {
  constructor(url: string, reason: string) {
    super(`refused ${url}: ${reason}`, url);
  }
}

export class RobotsFailure extends core.RobotsFailure {
  constructor(url: string, userAgent: string) {
    super(`robots.txt of ${new URL(url).origin} disallows ${url} for ${userAgent}`, url);
  }
}

export class HttpStatusFailure extends core.HttpFailure {
  constructor(url: string, status: number, statusText: string, detail = '') {
    super(`HTTP ${status}${statusText ? ` ${statusText}` : ''} from ${url}${detail ? ` (${detail})` : ''}`, url, status);
  }
}

export class NetworkFailure extends core.NetworkFailure {
  constructor(
    url: string,
    readonly code: string,
    explanation: string,
  ) {
    super(`${code} fetching ${url}: ${explanation}`, url);
  }
}

export class UndecodableFailure extends core.UndecodableFailure {
  constructor(url: string, reason: string) {
    super(`${reason} at ${url}`, url);
  }
}

/** The source's time budget (FetchOptions.deadline) ran out before or during the request. */
export class BudgetFailure extends core.BudgetFailure {
  constructor(url: string, when: 'before' | 'during') {
    super(when === 'before' ? `time budget spent before fetching ${url}; not started` : `time budget ran out while fetching ${url}; request cut`, url);
  }
}
