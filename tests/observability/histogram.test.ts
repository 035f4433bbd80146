/**
 * The hot path's bucketed histogram (server/metrics/histogram.ts) reads, in Prometheus text and as JSON,
 * exactly as prom-client's own Histogram given the same observations: same buckets (a value on a bound
 * counts in it), sum, count, label escaping, and a reset that hides a label until it is observed again.
 */
import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { LabelledHistogram } from '../../server/metrics/histogram.js';

const BOUNDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

describe('bucketed histogram', () => {
  it('gives the text and JSON prom-client gives, before and after a reset', async () => {
    const [theirs, ours] = [new Registry(), new Registry()];
    const a = new Histogram({ name: 'x_seconds', help: 'Help with "quotes" and \\', labelNames: ['event'], buckets: BOUNDS, registers: [theirs] });
    const b = new LabelledHistogram('x_seconds', 'Help with "quotes" and \\', 'event', BOUNDS, ours);
    const values = [0, 1e-9, 0.001, 0.0011, 0.003, 0.25, 0.7, 2.5, 3, 120];
    for (const event of ['player:answer', 'host:"odd"\\name']) {
      for (const v of values) {
        a.labels(event).observe(v);
        b.labels(event).observe(v);
      }
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).toContain('x_seconds_bucket{le="0.001",event="player:answer"} 3');
    expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());

    theirs.resetMetrics();
    ours.resetMetrics();
    expect(await ours.metrics()).toBe(await theirs.metrics());
    a.labels('player:answer').observe(0.002);
    b.labels('player:answer').observe(0.002);
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).not.toContain('odd');
  });
});
