/**
 * Fault injection for the crash tests: GZWATCH_FAULT=<step> makes the gzwatch process die at that
 * step of a delivery (after-claim, before-commit, after-send), as a power cut would. Test support,
 * not product code: the local composition loads it only when the variable is set.
 */
export function faultInjector(step: string): (at: string) => void {
  return (at) => {
    if (at === step) process.kill(process.pid, 'SIGKILL');
  };
}
