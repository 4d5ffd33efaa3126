/**
 * Politeness: one request at a time per host, a pause between two requests to the same host,
 * and at most `maxConcurrentHosts` hosts busy at once. Hand-written because it is two small
 * queues, and it has to stop waiting at the source's deadline; p-limit (ESM-only in current
 * versions) would only cover the global limit.
 */

export interface HostSchedulerOptions {
  perHostDelayMs: number;
  maxConcurrentHosts: number;
  sleep: (ms: number) => Promise<void>;
}

interface HostState {
  /** Resolves when the host's previous task has finished (never rejects). */
  tail: Promise<void>;
  /** Epoch ms when its last request ended; 0 before the first. */
  lastEnd: number;
}

export class HostScheduler {
  private readonly hosts = new Map<string, HostState>();
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly options: HostSchedulerOptions) {}

  /**
   * Runs `task` when `host` is free, its pause is over and a slot is available. `onBudget`
   * makes the error thrown when the deadline comes first (no request starts after it).
   */
  async run<T>(host: string, task: () => Promise<T>, deadline: number | undefined, onBudget: () => Error): Promise<T> {
    let state = this.hosts.get(host);
    if (!state) {
      state = { tail: Promise.resolve(), lastEnd: 0 };
      this.hosts.set(host, state);
    }
    const previous = state.tail;
    let done!: () => void;
    state.tail = new Promise<void>((resolve) => (done = resolve));
    try {
      await previous;
      const pause = state.lastEnd + this.options.perHostDelayMs - Date.now();
      if (pause > 0) {
        if (deadline !== undefined && Date.now() + pause >= deadline) throw onBudget();
        await this.options.sleep(pause);
      }
      await this.acquire();
      try {
        if (deadline !== undefined && Date.now() >= deadline) throw onBudget();
        return await task();
      } finally {
        state.lastEnd = Date.now();
        this.release();
      }
    } finally {
      done();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.options.maxConcurrentHosts) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    // Hand the slot straight to the next waiter: `active` stays the same.
    if (next) next();
    else this.active--;
  }
}
