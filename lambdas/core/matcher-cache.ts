import { buildMatcher, type Matcher, type MatcherOptions } from './matcher';
import type { Entity } from './types';

/**
 * The matcher for the current watchlist, built once and reused until the watchlist changes: a
 * Lambda container or a long `gzwatch serve` builds it once, not on every invocation.
 */
export class MatcherCache {
  private key?: string;
  private matcher?: Matcher;
  private built = 0;

  /** `options.words`: the shell's word segmenter, when it has one (see Services.words). */
  constructor(private readonly options: MatcherOptions = {}) {}

  for(watchlist: readonly Entity[]): Matcher {
    const enabled = watchlist.filter((e) => e.enabled);
    // The entities themselves are the key: a few kB of JSON, far cheaper than building the automaton.
    const key = JSON.stringify(enabled);
    if (!this.matcher || key !== this.key) {
      this.matcher = buildMatcher(enabled, this.options);
      this.key = key;
      this.built += 1;
    }
    return this.matcher;
  }

  /** How many matchers it has built (tests check that an unchanged watchlist builds none). */
  get builds(): number {
    return this.built;
  }
}
