import { parseEntities } from './core/entity-schema';
import type { Entity } from './core/types';
import seed from './data/watchlist-seed.json';

/** The default watchlist shipped with gzwatch (from the Guangzhou Daily survey), validated on load. */
export function defaultWatchlist(): Entity[] {
  return parseEntities(seed, 'lambdas/data/watchlist-seed.json');
}
