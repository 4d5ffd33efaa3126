import { readLocalConfig, type LocalConfig } from '../composition/config';
import { composeLocal, type LocalOptions, type LocalServices } from '../composition/local';
import { seedWatchlistIfFirstUse } from '../core/use-cases/seed-watchlist';
import { seedSourcesIfFirstUse } from '../core/use-cases/source-catalogue';
import { builtInSources } from '../sources/registry';
import type { Entity } from '../core/types';

export interface CliContext extends LocalServices {
  out(line: string): void;
  err(line: string): void;
}

export interface ContextOptions extends LocalOptions {
  /** Changes the configuration read from the environment (the demo's own home, say). */
  config?: (config: LocalConfig) => LocalConfig;
}

/** The default watchlist, validated (zod) only on the one run that seeds it, not on every command. */
function defaultWatchlist(): Entity[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../default-watchlist') as typeof import('../default-watchlist')).defaultWatchlist();
}

/** Opens the configured store (seeding the default watchlist on first use), runs `body`, and always closes. */
export async function withContext<T>(body: (ctx: CliContext) => Promise<T>, options: ContextOptions = {}): Promise<T> {
  const read = readLocalConfig();
  const services = await composeLocal(options.config ? options.config(read) : read, options);
  try {
    const seeded = await seedWatchlistIfFirstUse(services.store, defaultWatchlist, services.clock.now());
    if (seeded) process.stderr.write(`Seeded the default watchlist: ${seeded} entities (gzwatch watchlist list).\n`);
    const sources = await seedSourcesIfFirstUse(services.store, builtInSources, services.clock.now());
    if (sources) process.stderr.write(`Stored the ${sources} built-in sources (gzwatch sources list).\n`);
    return await body({
      ...services,
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    });
  } finally {
    await services.close();
  }
}
