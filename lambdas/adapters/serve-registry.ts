import fs from 'node:fs';
import path from 'node:path';
import { isHolderAlive, processHolder } from './process-holder';

/**
 * `gzwatch serve` owns the embedded store (LevelDB allows one process per folder) and says so in
 * $GZWATCH_HOME/serve.json: its store endpoint and its own URL. Any other gzwatch command on the
 * same home reads it and talks to that store while the serving process is alive.
 */
export interface ServeRecord {
  holder: string;
  dynamoEndpoint: string;
  url?: string;
}

const file = (home: string) => path.join(home, 'serve.json');

export function writeServeRecord(home: string, record: Omit<ServeRecord, 'holder'>): () => void {
  fs.mkdirSync(home, { recursive: true });
  const holder = processHolder();
  const target = file(home);
  const temp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify({ holder, ...record }), { mode: 0o600 });
  fs.renameSync(temp, target);
  return () => {
    // Only our own record: a newer serve may have replaced it.
    if (readServeFile(home)?.holder === holder) fs.rmSync(target, { force: true });
  };
}

function readServeFile(home: string): ServeRecord | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file(home), 'utf8')) as Partial<ServeRecord>;
    if (typeof parsed.holder !== 'string' || typeof parsed.dynamoEndpoint !== 'string') return undefined;
    return parsed as ServeRecord;
  } catch {
    return undefined;
  }
}

/** The record of a serving process that is still alive; a stale one (its process gone) is ignored. */
export function liveServeRecord(home: string): ServeRecord | undefined {
  const record = readServeFile(home);
  if (!record || record.holder === processHolder()) return undefined;
  return isHolderAlive(record.holder) ? record : undefined;
}
