import type { SourceQueue, Store } from '../ports';
import type { SourceDefinition, SourceKind } from '../types';
import { isSourceDue } from './source-catalogue';

export interface ScheduleDeps {
  queue: SourceQueue;
  store: Store;
  sources: SourceDefinition[];
  now(): Date;
}

/**
 * The schedule's entry use-case: one queue message per enabled source (of the scheduled kind, if
 * given) whose own interval has passed since its last run.
 */
export async function scheduleSources(deps: ScheduleDeps, kind?: SourceKind): Promise<{ enqueued: number; notDue: number }> {
  const health = new Map((await deps.store.sources.list()).map((h) => [h.sourceId, h]));
  const now = deps.now();
  const ofKind = deps.sources.filter((s) => !kind || s.kind === kind);
  const due = ofKind.filter((s) => isSourceDue(s, health.get(s.id), now));
  return { enqueued: await deps.queue.enqueue(due.map((s) => s.id)), notDue: ofKind.length - due.length };
}
