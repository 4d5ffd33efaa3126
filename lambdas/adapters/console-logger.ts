import type { Logger } from '../core/ports';

/** The CLI's logger: progress and problems as plain lines on stderr, so stdout stays the result. */
export function createConsoleLogger(write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  return {
    info: (message) => write(`${message}\n`),
    warn: (message) => write(`warning: ${message}\n`),
    error: (message) => write(`error: ${message}\n`),
  };
}
