import { InputError } from '../errors';
import type { SourceHealth } from '../types';
import type { Store, StoredSource } from '../ports';
import type { SourceDefinition } from '../types';

/** Minutes between collections when a source does not say: policy pages change rarely but matter at once. */
export function intervalMinutes(source: SourceDefinition): number {
  return source.intervalMinutes ?? (source.kind === 'policy' ? 30 : 60);
}

/**
 * Due when its interval has passed since its last run. Two minutes of slack, so a schedule that
 * fires a little early (or a run that took a while) does not skip a whole interval.
 */
export function isSourceDue(source: SourceDefinition, health: SourceHealth | undefined, at: Date): boolean {
  if (!health?.lastRunAt) return true;
  return at.getTime() - Date.parse(health.lastRunAt) >= (intervalMinutes(source) - 2) * 60_000;
}

/**
 * Writes the built-in sources into the store: new ones enabled, known ones updated to the shipped
 * definition but keeping whether the operator switched them off.
 */
export async function seedSources(store: Store, builtIns: SourceDefinition[], at: Date): Promise<{ added: number; updated: number }> {
  const existing = new Map((await store.catalogue.list()).map((s) => [s.definition.id, s]));
  const records: StoredSource[] = builtIns.map((definition) => ({ definition, enabled: existing.get(definition.id)?.enabled ?? true, builtIn: true, updatedAt: at.toISOString() }));
  await store.catalogue.putMany(records);
  await store.catalogue.markSeeded(at.toISOString());
  const added = builtIns.filter((s) => !existing.has(s.id)).length;
  return { added, updated: builtIns.length - added };
}

/** The first time a store is used, the built-in sources are put in it. */
export async function seedSourcesIfFirstUse(store: Store, builtIns: SourceDefinition[], at: Date): Promise<number> {
  if (await store.catalogue.isSeeded()) return 0;
  return (await seedSources(store, builtIns, at)).added;
}

/** The sources to collect: the enabled stored ones; a store never seeded collects the built-ins. */
export async function enabledStoredSources(store: Store, builtIns: SourceDefinition[]): Promise<SourceDefinition[]> {
  if (!(await store.catalogue.isSeeded())) return builtIns;
  return (await store.catalogue.list()).filter((s) => s.enabled).map((s) => s.definition);
}

/**
 * Adds sources (already validated whole); with `replace`, existing ids are overwritten, else an id
 * already stored is refused before anything is written.
 */
export async function addSources(store: Store, sources: SourceDefinition[], at: Date, options: { replace?: boolean } = {}): Promise<{ added: number; replaced: number }> {
  const existing = new Map((await store.catalogue.list()).map((s) => [s.definition.id, s]));
  const clash = sources.filter((s) => existing.has(s.id));
  if (clash.length && !options.replace) {
    throw new InputError(`sources: ${clash.map((s) => `"${s.id}"`).join(', ')} already stored; remove it first, or use \`gzwatch sources import\` to replace`);
  }
  await store.catalogue.putMany(sources.map((definition) => ({ definition, enabled: existing.get(definition.id)?.enabled ?? true, builtIn: existing.get(definition.id)?.builtIn ?? false, updatedAt: at.toISOString() })));
  return { added: sources.length - clash.length, replaced: clash.length };
}

/** A source that is not stored (a one-off `--sources` file) is news in digests for a day after its last run. */
const ONE_OFF_HEALTH_MS = 24 * 3600 * 1000;

/**
 * The health of the sources that still run: the enabled stored ones, and for a day one run from a
 * `--sources` file. A one-off file, or a source removed or disabled since, does not haunt every
 * later digest. A store never seeded keeps all of it.
 */
export async function currentSourceHealth(store: Store, at: Date): Promise<SourceHealth[]> {
  const [health, seeded] = await Promise.all([store.sources.list(), store.catalogue.isSeeded()]);
  if (!seeded) return health;
  const stored = new Map((await store.catalogue.list()).map((s) => [s.definition.id, s.enabled]));
  const recent = (h: SourceHealth) => h.lastRunAt !== undefined && at.getTime() - Date.parse(h.lastRunAt) < ONE_OFF_HEALTH_MS;
  return health.filter((h) => stored.get(h.sourceId) ?? recent(h));
}
