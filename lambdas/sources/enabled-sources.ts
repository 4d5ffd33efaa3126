import type { SourceDefinition } from '../core/types';
import { builtInSources } from './registry';

/** The built-in sources switched on by configuration (all of them when no list is given). */
export function enabledSources(ids: string[] | undefined): SourceDefinition[] {
  if (!ids?.length) return builtInSources;
  const unknown = ids.filter((id) => !builtInSources.some((s) => s.id === id));
  if (unknown.length) throw new Error(`GZWATCH_SOURCES names unknown sources: ${unknown.join(', ')}`);
  return builtInSources.filter((s) => ids.includes(s.id));
}
