import type { Store } from '../ports';
import type { Entity } from '../types';

/**
 * Loads the default watchlist the first time a store is used. Once seeded, the list is the user's:
 * an entity they removed is not brought back by a later run. `defaults` may be a function, so the
 * list is validated only when it is written (the CLI checks on every command; it seeds once).
 */
export async function seedWatchlistIfFirstUse(store: Store, defaults: Entity[] | (() => Entity[]), now: Date): Promise<number> {
  if (await store.watchlist.isSeeded()) return 0;
  const entities = typeof defaults === 'function' ? defaults() : defaults;
  await store.watchlist.putMany(entities);
  await store.watchlist.markSeeded(now.toISOString());
  return entities.length;
}

/** `gzwatch watchlist seed`: writes every default entity again (user edits to those ids are replaced). */
export async function reseedWatchlist(store: Store, defaults: Entity[], now: Date): Promise<number> {
  await store.watchlist.putMany(defaults);
  await store.watchlist.markSeeded(now.toISOString());
  return defaults.length;
}
