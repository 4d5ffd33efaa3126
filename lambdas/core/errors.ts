import type { FailureClass } from './types';

/**
 * A source failed in a way we can name: the site, not gzwatch or its store, is the cause. One
 * subclass per failure class; each says whether trying again soon may help. Anything thrown during
 * collection that is not a SourceFailure is infrastructure (the store, a bug): it is rethrown so
 * the queue retries the work and an alarm fires, and it is never recorded against the site.
 */
export abstract class SourceFailure extends Error {
  abstract readonly failureClass: FailureClass;
  /** True when the same request may well succeed in a few minutes (a timeout, a 503). */
  abstract readonly retryable: boolean;
  constructor(
    message: string,
    readonly url?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NetworkFailure extends SourceFailure {
  readonly failureClass = 'network';
  readonly retryable = true;
}
export class TimeoutFailure extends SourceFailure {
  readonly failureClass = 'timeout';
  readonly retryable = true;
}
export class HttpFailure extends SourceFailure {
  readonly failureClass = 'http';
  constructor(
    message: string,
    url?: string,
    /** The HTTP status when there was one: 429 and 5xx are worth a retry, other 4xx are not. */
    readonly status?: number,
  ) {
    super(message, url);
  }
  get retryable(): boolean {
    return this.status === undefined || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}
export class TooLargeFailure extends SourceFailure {
  readonly failureClass = 'too-large';
  readonly retryable = false;
}
export class BlockedFailure extends SourceFailure {
  readonly failureClass = 'blocked';
  readonly retryable = false;
}
export class RobotsFailure extends SourceFailure {
  readonly failureClass = 'robots';
  readonly retryable = false;
}
export class UndecodableFailure extends SourceFailure {
  readonly failureClass = 'undecodable';
  readonly retryable = false;
}
export class NoItemsFailure extends SourceFailure {
  readonly failureClass = 'no-items';
  readonly retryable = false;
}
export class ExtractionFailure extends SourceFailure {
  readonly failureClass = 'extraction';
  readonly retryable = false;
}
export class BudgetFailure extends SourceFailure {
  readonly failureClass = 'budget';
  readonly retryable = true;
}

const byClass: Record<FailureClass, new (message: string, url?: string) => SourceFailure> = {
  network: NetworkFailure,
  timeout: TimeoutFailure,
  http: HttpFailure,
  'too-large': TooLargeFailure,
  blocked: BlockedFailure,
  robots: RobotsFailure,
  undecodable: UndecodableFailure,
  'no-items': NoItemsFailure,
  extraction: ExtractionFailure,
  budget: BudgetFailure,
};

/** The typed failure for a class, where the class is data (an error-translation table). */
export function siteFailure(failureClass: FailureClass, message: string, url?: string, status?: number): SourceFailure {
  if (failureClass === 'http') return new HttpFailure(message, url, status);
  return new byClass[failureClass](message, url);
}

export function isSourceFailure(error: unknown): error is SourceFailure {
  return error instanceof SourceFailure;
}

/** Invalid user input (a sources file, an import, a date, an address): the CLI exits 2 with this message. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
