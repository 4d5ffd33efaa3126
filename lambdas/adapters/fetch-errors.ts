/**
 * One SourceFailure subclass per way a fetch can fail, so callers can `instanceof` or read
 * `failureClass` (what source health counts). Messages are one line: what happened, where.
 */
import { SourceFailure } from '../core/errors';

export class FetchTimeoutFailure extends SourceFailure {
  constructor(url: string, timeoutMs: number) {
    super('timeout', `timed out after ${timeoutMs} ms fetching ${url}`, url);
    this.name = 'FetchTimeoutFailure';
  }
}

export class TooLargeFailure extends SourceFailure {
  constructor(url: string, maxBytes: number, detail = 'body') {
    super('too-large', `${detail} of ${url} is larger than the ${maxBytes}-byte cap; download stopped`, url);
    this.name = 'TooLargeFailure';
  }
}

/** The network policy refused an address or scheme (private network, non-http URL, redirect loop). */
export class BlockedFailure extends SourceFailure {
  constructor(url: string, reason: string) {
    super('blocked', `refused ${url}: ${reason}`, url);
    this.name = 'BlockedFailure';
  }
}

export class RobotsFailure extends SourceFailure {
  constructor(url: string, userAgent: string) {
    super('robots', `robots.txt of ${new URL(url).origin} disallows ${url} for ${userAgent}`, url);
    this.name = 'RobotsFailure';
  }
}

export class HttpStatusFailure extends SourceFailure {
  constructor(
    url: string,
    readonly status: number,
    statusText: string,
    detail = '',
  ) {
    super('http', `HTTP ${status}${statusText ? ` ${statusText}` : ''} from ${url}${detail ? ` (${detail})` : ''}`, url);
    this.name = 'HttpStatusFailure';
  }
}

export class NetworkFailure extends SourceFailure {
  constructor(
    url: string,
    readonly code: string,
    explanation: string,
  ) {
    super('network', `${code} fetching ${url}: ${explanation}`, url);
    this.name = 'NetworkFailure';
  }
}

export class UndecodableFailure extends SourceFailure {
  constructor(url: string, reason: string) {
    super('undecodable', `${reason} at ${url}`, url);
    this.name = 'UndecodableFailure';
  }
}

/** The source's time budget (FetchOptions.deadline) ran out before or during the request. */
export class BudgetFailure extends SourceFailure {
  constructor(url: string, when: 'before' | 'during') {
    super(
      'budget',
      when === 'before'
        ? `time budget spent before fetching ${url}; not started`
        : `time budget ran out while fetching ${url}; request cut`,
      url,
    );
    this.name = 'BudgetFailure';
  }
}
