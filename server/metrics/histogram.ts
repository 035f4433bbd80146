/**
 * A Prometheus histogram with one label whose observations are counted into their bucket as they come:
 * an observation is a bucket search over a dozen bounds and three additions, with no label check, no
 * label hashing and no buffer. prom-client's own `observe` validates and hashes its labels on every call
 * (~2 µs, more while V8 has not optimised it); the ack and store timings take two observations per
 * answer, 4,000 in a 2,000-answer burst (docs/performance-history.md, session 21). Registered in a prom-client
 * Registry as a metric of its own (`registerMetric`: `get`, `getForPromString`, `reset`); its text is
 * prom-client's histogram's, line for line: `_bucket` with `le` first, then `+Inf`, `_sum`, `_count`.
 */
import type { Registry } from 'prom-client';

/** One label value's figures: per-bucket (not cumulative) counts, the sum and the count. */
export class HistogramChild {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length);
  }
  observe(v: number): void {
    const b = this.bounds;
    // The first bound at or above v (prom-client's `le` rule); above the last, only +Inf and the count.
    for (let i = 0; i < b.length; i++) {
      if (v <= b[i]) {
        this.counts[i]++;
        break;
      }
    }
    this.sum += v;
    this.count++;
  }
}

interface Value {
  labels: Record<string, string | number>;
  sharedLabels: Record<string, string>;
  value: number;
  metricName: string;
  /** prom-client's buckets carry one (null: exemplars are off). */
  exemplar?: null;
}

export class LabelledHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly children = new Map<string, HistogramChild>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelName: string,
    private readonly bounds: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  /** The child of one label value, made on first use; keep it (the hot path looks it up once). */
  labels(value: string): HistogramChild {
    let c = this.children.get(value);
    if (c === undefined) this.children.set(value, (c = new HistogramChild(this.bounds)));
    return c;
  }

  /** As prom-client's Histogram gives it to the text format: `le` in `labels`, the metric's own label in `sharedLabels`. */
  getForPromString(): { name: string; help: string; type: string; values: Value[]; aggregator: string } {
    const values: Value[] = [];
    for (const [labelValue, c] of this.children) {
      if (c.count === 0) continue; // reset since: absent until observed again, as prom-client does
      const shared = { [this.labelName]: labelValue };
      let acc = 0;
      for (let i = 0; i < this.bounds.length; i++) {
        acc += c.counts[i];
        values.push({ labels: { le: this.bounds[i] }, sharedLabels: shared, value: acc, metricName: `${this.name}_bucket`, exemplar: null });
      }
      values.push({ labels: { le: '+Inf' }, sharedLabels: shared, value: c.count, metricName: `${this.name}_bucket`, exemplar: null });
      values.push({ labels: {}, sharedLabels: shared, value: c.sum, metricName: `${this.name}_sum` });
      values.push({ labels: {}, sharedLabels: shared, value: c.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** As prom-client's Histogram gives it as JSON: every label in `labels`. */
  get(): { name: string; help: string; type: string; values: Omit<Value, 'sharedLabels'>[]; aggregator: string } {
    const data = this.getForPromString();
    return { ...data, values: data.values.map(({ sharedLabels, labels, ...v }) => ({ ...v, labels: { ...labels, ...sharedLabels } })) };
  }

  /** Zeroes every child (callers keep theirs); a label value is listed again once it is observed. */
  reset(): void {
    for (const c of this.children.values()) {
      c.counts.fill(0);
      c.sum = 0;
      c.count = 0;
    }
  }
}
