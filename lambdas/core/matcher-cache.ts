import { buildMatcher, type Matcher, type MatcherOptions } from './matcher';
import type { Entity } from './types';

/**
 * The matcher for the current watchlist, built once and reused until the watchlist changes: a
 * Lambda container or a long `gzwatch serve` builds it once, not on every invocation.
 */
export class MatcherCache {
  private key?: string;
  private matcher?: Matcher;

  /** `options.words`: the shell's word segmenter, when it has one (see Services.words). */
  constructor(private readonly options: MatcherOptions = {}) {}

  for(watchlist: readonly Entity[]): Matcher {
    const enabled = watchlist.filter((e) => e.enabled);
    // The entities themselves are the key: a few kB of JSON, far cheaper than building the automaton.
    const key = JSON.stringify(enabled);
    if (!this.matcher || key !== this.key) {
      this.matcher = buildMatcher(enabled, this.options);
      this.key = key;
    }
    return this.matcher;
  }
}
