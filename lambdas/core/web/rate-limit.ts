/**
 * A fixed-window counter per client: at most `limit` requests in each `windowMs`. It lives in the
 * process (one Lambda container, or `gzwatch serve`), so on AWS it only slows a single client; the
 * function's reserved concurrency and the per-address mail limit bound the rest.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** True when this request is allowed, and counts it. */
  allow(client: string, nowMs: number): boolean {
    const current = this.windows.get(client);
    if (!current || nowMs - current.start >= this.windowMs) {
      if (this.windows.size > 10_000) this.prune(nowMs);
      this.windows.set(client, { start: nowMs, count: 1 });
      return true;
    }
    current.count++;
    return current.count <= this.limit;
  }

  private prune(nowMs: number): void {
    for (const [k, w] of this.windows) if (nowMs - w.start >= this.windowMs) this.windows.delete(k);
  }
}
