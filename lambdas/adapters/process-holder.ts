import os from 'node:os';

/** "<host>:<pid>" of this process, recorded on an outbox claim. */
export function processHolder(): string {
  return `${os.hostname()}:${process.pid}`;
}

/**
 * Whether the holder of a claim may still be sending. A process on this machine that no longer
 * exists is not (its claim can be taken over at once); anything else is trusted until its lease ends.
 */
export function isHolderAlive(holder: string): boolean {
  const at = holder.lastIndexOf(':');
  const host = holder.slice(0, at);
  const pid = Number(holder.slice(at + 1));
  if (host !== os.hostname() || !Number.isInteger(pid) || pid <= 0) return true;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
