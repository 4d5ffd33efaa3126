import type { Entity, Subscriber } from '../types';

/** A subscriber follows an entity by its id, its kind or one of its tags; following nothing means everything. */
export function follows(subscriber: Pick<Subscriber, 'follows'>, entity: Pick<Entity, 'id' | 'kind' | 'tags'>): boolean {
  if (subscriber.follows.length === 0) return true;
  return subscriber.follows.some((f) => f === entity.id || f === entity.kind || entity.tags.includes(f));
}
