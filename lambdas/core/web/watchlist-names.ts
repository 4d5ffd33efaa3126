import { normalise } from '../normalise';
import { ENTITY_KINDS, type Entity } from '../types';

/** One comparable form for a name typed by a reader: Simplified, half-width, lower-case. */
const key = (s: string) => normalise(s.trim()).text;

function names(entity: Entity): string[] {
  return [entity.id, entity.name, ...entity.aliases];
}

/** Splits what a reader typed into names: commas (either width), 、, semicolons, new lines. */
export function splitNames(input: string): string[] {
  return input.split(/[,，、;；\n]+/).map((s) => s.trim()).filter(Boolean);
}

/**
 * Resolves names to what a subscriber follows: an entity by its id or any of its names (Chinese,
 * English, Traditional), or a kind or tag as such. Whatever matches nothing is returned as unknown.
 */
export function resolveFollows(entities: Entity[], input: string[]): { follows: string[]; unknown: string[] } {
  const byName = new Map<string, string>();
  for (const e of entities) for (const n of names(e)) if (!byName.has(key(n))) byName.set(key(n), e.id);
  const groups = new Set<string>([...ENTITY_KINDS, ...entities.flatMap((e) => e.tags)]);
  const follows: string[] = [];
  const unknown: string[] = [];
  for (const raw of input) {
    const id = byName.get(key(raw)) ?? (groups.has(raw.trim()) ? raw.trim() : undefined);
    if (id) {
      if (!follows.includes(id)) follows.push(id);
    } else unknown.push(raw);
  }
  return { follows, unknown };
}

/** Entities any of whose names contains the query, in whichever script it was typed. */
export function searchEntities(entities: Entity[], query: string): Entity[] {
  const q = key(query);
  if (!q) return entities;
  return entities.filter((e) => names(e).some((n) => key(n).includes(q)) || e.tags.includes(query.trim()));
}

/** How a follow reads to a person: an entity's name, else the kind or tag itself. */
export function followLabel(entities: Map<string, Entity>, follow: string): string {
  return entities.get(follow)?.name ?? follow;
}
