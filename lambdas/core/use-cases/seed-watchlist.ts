import type { Store } from '../ports';
import type { Entity } from '../types';

/**
 * Loads the default watchlist the first time a store is used. Once seeded, the list is the user's:
 * an entity they removed is not brought back by a later run.
 */
export async function seedWatchlistIfFirstUse(store: Store, defaults: Entity[], now: Date): Promise<number> {
  if (await store.watchlist.isSeeded()) return 0;
  await store.watchlist.putMany(defaults);
  await store.watchlist.markSeeded(now.toISOString());
  return defaults.length;
}

/** `gzwatch watchlist seed`: writes every default entity again (user edits to those ids are replaced). */
export async function reseedWatchlist(store: Store, defaults: Entity[], now: Date): Promise<number> {
  await store.watchlist.putMany(defaults);
  await store.watchlist.markSeeded(now.toISOString());
  return defaults.length;
}
