import type { Entity, Subscriber } from '../types';

/** Follows everything: an empty list, unless `followsAll` says otherwise (old records lack the field). */
export function followsEverything(subscriber: Pick<Subscriber, 'follows' | 'followsAll'>): boolean {
  if (subscriber.followsAll !== undefined) return subscriber.followsAll;
  return subscriber.follows.length === 0;
}

/** A subscriber follows an entity by its id, its kind or one of its tags, or follows everything. */
export function follows(subscriber: Pick<Subscriber, 'follows' | 'followsAll'>, entity: Pick<Entity, 'id' | 'kind' | 'tags'>): boolean {
  if (followsEverything(subscriber)) return true;
  return subscriber.follows.some((f) => f === entity.id || f === entity.kind || entity.tags.includes(f));
}

/** Named explicitly (id, kind or tag), as opposed to reached through "everything". */
export function followsExplicitly(subscriber: Pick<Subscriber, 'follows'>, entity: Pick<Entity, 'id' | 'kind' | 'tags'>): boolean {
  return subscriber.follows.some((f) => f === entity.id || f === entity.kind || entity.tags.includes(f));
}
