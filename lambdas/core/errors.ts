import type { FailureClass } from './types';

/** A source failed in a way we can name; the class is what source health counts. */
export class SourceFailure extends Error {
  constructor(
    readonly failureClass: FailureClass,
    message: string,
    readonly url?: string,
  ) {
    super(message);
    this.name = 'SourceFailure';
  }
}

/** Invalid user input (a sources file, an import, a date, an address): the CLI exits 2 with this message. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
