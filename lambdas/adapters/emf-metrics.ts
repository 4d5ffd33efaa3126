import type { Metrics } from '../core/ports';

/**
 * CloudWatch Embedded Metric Format: one JSON line per call becomes the named counters in
 * `namespace`. The only place metrics are written, so every alarm reads the same shape.
 */
export function createEmfMetrics(namespace: string, stack: string | undefined, write: (line: string) => void = (line) => process.stdout.write(line)): Metrics {
  // With a stack name, metrics carry it as their one dimension: two stages in one account never mix.
  const dimensions = stack ? [['Stack']] : [[]];
  return {
    count(values, fields) {
      const metrics = Object.keys(values).map((name) => ({ Name: name, Unit: 'Count' }));
      write(`${JSON.stringify({ _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: namespace, Dimensions: dimensions, Metrics: metrics }] }, ...fields, ...values, ...(stack ? { Stack: stack } : {}) })}\n`);
    },
  };
}

/** Locally nothing reads metrics; the CLI reports the same numbers in its tables. */
export const noMetrics: Metrics = { count: () => undefined };
