import type { SourceQueue } from '../ports';
import type { SourceDefinition, SourceKind } from '../types';

/** The schedule's entry use-case: one queue message per enabled source of the scheduled kind. */
export async function scheduleSources(deps: { queue: SourceQueue; sources: SourceDefinition[] }, kind?: SourceKind): Promise<{ enqueued: number }> {
  const due = deps.sources.filter((s) => !kind || s.kind === kind);
  return { enqueued: await deps.queue.enqueue(due.map((s) => s.id)) };
}
