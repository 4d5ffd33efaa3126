import { spawn } from 'node:child_process';
import path from 'node:path';

export interface CliResult {
  code: number;
  /** The signal that ended the process, when one did (the crash tests kill it). */
  signal?: NodeJS.Signals;
  stdout: string;
  stderr: string;
}

const BIN = path.resolve(__dirname, '../../bin/gzwatch.cjs');

/** Runs the real `gzwatch` entry point in a child process, as a user would. */
export function runCli(args: string[], env: Record<string, string | undefined>, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const clean: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, ...env })) {
      if (v !== undefined && !k.startsWith('GZWATCH_') && !['SMTP_URL', 'DYNAMODB_ENDPOINT'].includes(k)) clean[k] = v;
    }
    for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v;
    const child = spawn(process.execPath, [BIN, ...args], { env: clean, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal: signal ?? undefined, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}
