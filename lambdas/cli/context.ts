import { faultInjector, isHolderAlive, processHolder } from '../adapters/process-holder';
import { readLocalConfig, type LocalConfig } from '../config';
import { defaultWatchlist } from '../default-watchlist';
import { seedWatchlistIfFirstUse } from '../core/use-cases/seed-watchlist';
import { buildLocal, type LocalWiring } from '../wiring';

/** How this process claims outbox records (and dies on purpose in the crash tests). */
export const delivery = { holder: processHolder(), isHolderAlive, fault: faultInjector() };

export interface CliContext extends LocalWiring {
  config: LocalConfig;
  out(line: string): void;
  err(line: string): void;
}

/** Opens the configured store (seeding the default watchlist on first use), runs `body`, and always closes. */
export async function withContext<T>(body: (ctx: CliContext) => Promise<T>, override?: (config: LocalConfig) => LocalConfig): Promise<T> {
  const config = override ? override(readLocalConfig()) : readLocalConfig();
  const wiring = await buildLocal(config);
  try {
    const seeded = await seedWatchlistIfFirstUse(wiring.store, defaultWatchlist(), new Date());
    if (seeded) process.stderr.write(`Seeded the default watchlist: ${seeded} entities (gzwatch watchlist list).\n`);
    return await body({
      ...wiring,
      config,
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    });
  } finally {
    await wiring.close();
  }
}
