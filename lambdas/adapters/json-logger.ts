import type { Logger } from '../core/ports';

type Level = 'INFO' | 'WARN' | 'ERROR';

/**
 * JSON lines with a level, as Lambda's JSON log format reads them: written straight to stdout so a
 * line is one JSON object (console.* would wrap it in another), which Lambda filters by `level`.
 */
export function createJsonLogger(write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  const log = (level: Level) => (message: string, fields?: Record<string, unknown>) => {
    write(`${JSON.stringify({ timestamp: new Date().toISOString(), level, message, ...fields })}\n`);
  };
  return { info: log('INFO'), warn: log('WARN'), error: log('ERROR') };
}
