/**
 * Interleaved trials (docs/performance.md, "How to read the figures on this machine"). On 2 shared cores one
 * sample of a timing ratio moves by up to 2× between two runs of one commit, so the bench measures each
 * one-room size several times, Cram Night and its baseline again in every trial, in an order that rotates
 * between trials; each trial's ratio is against the baseline of the same trial, and a target is judged on
 * the median over the trials, printed with the min–max of every trial (no sample is dropped).
 */

/** A target in numbers: the median ratio (or the median value) must stay under `max` (`strict`: below it). */
export interface Bound {
  on: 'ratio' | 'value';
  max: number;
  strict?: boolean;
}

export interface Row {
  scenario: string;
  /** What was measured: memory / redis / bare / bare+lua, with the size. */
  target: string;
  figure: string;
  value: number;
  unit: string;
  baseline?: number;
  baselineName?: string;
  /** value / baseline, both from the same trial */
  ratio?: number;
  /** The issue's goal in words, and whether it is met (a sample: this trial; a summary: the median). */
  goal?: string;
  bound?: Bound;
  met?: boolean;
  /** Which trial measured it (0-based); absent on a summary. */
  trial?: number;
}

/** A figure over every trial that measured it: medians, the range, and the verdict on the medians. */
export interface Summary extends Row {
  /** Trials that measured the figure. */
  trials: number;
  valueMin: number;
  valueMax: number;
  /** The per-trial ratios (each against its own trial's baseline), their min and max. */
  ratios?: number[];
  ratioMin?: number;
  ratioMax?: number;
  /** How many single trials met the goal on their own (a sample's verdict), beside the median's. */
  metTrials?: number;
}

/** The median of the finite numbers (NaN when there are none): the middle one, or the mean of the two middle ones. */
export function median(xs: number[]): number {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function ratioOf(value: number, baseline: number | undefined): number | undefined {
  return baseline !== undefined && baseline > 0 && Number.isFinite(value) ? value / baseline : undefined;
}

export function judge(b: Bound, value: number, ratio: number | undefined): boolean {
  const x = b.on === 'ratio' ? ratio : value;
  if (x === undefined || !Number.isFinite(x)) return false;
  return b.strict ? x < b.max : x <= b.max;
}

const key = (r: Row) => [r.scenario, r.target, r.figure, r.baselineName ?? ''].join('\u0000');
const finite = (xs: number[]) => xs.filter(Number.isFinite);

/**
 * Every trial's rows → one summary per figure (scenario, target, figure and baseline name), in the order
 * the figures first appeared. A goal with a bound is judged on the median ratio (or median value); a goal
 * without one (a count, e.g. S6's zero lost answers) is met only if every trial met it.
 */
export function aggregate(rows: Row[]): Summary[] {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const g = groups.get(key(r));
    if (g) g.push(r);
    else groups.set(key(r), [r]);
  }
  return [...groups.values()].map((g) => {
    const { trial: _trial, ratio: _ratio, met: _met, ...first } = g[0];
    const values = g.map((r) => r.value);
    const vs = finite(values);
    const baselines = g.flatMap((r) => (r.baseline === undefined ? [] : [r.baseline]));
    const ratios = g.flatMap((r) => (r.ratio === undefined ? [] : [r.ratio]));
    const value = median(values);
    const ratio = ratios.length ? median(ratios) : undefined;
    const s: Summary = {
      ...first,
      value,
      ...(baselines.length ? { baseline: median(baselines) } : {}),
      ...(ratio !== undefined ? { ratio, ratios, ratioMin: Math.min(...ratios), ratioMax: Math.max(...ratios) } : {}),
      trials: g.length,
      valueMin: vs.length ? Math.min(...vs) : NaN,
      valueMax: vs.length ? Math.max(...vs) : NaN,
    };
    if (g.some((r) => r.met !== undefined)) {
      s.metTrials = g.filter((r) => r.met).length;
      s.met = first.bound ? judge(first.bound, value, ratio) : s.metTrials === g.length;
    }
    return s;
  });
}

/**
 * The order of the servers in trial `t` (0-based): the list rotated by t, so over `items.length` trials
 * each server is measured once in every position (first after the previous server, or last), and with two
 * servers they alternate. Neither side always meets the warmer or the colder bots and cores.
 */
export function trialOrder<T>(items: readonly T[], t: number): T[] {
  const n = items.length;
  if (n === 0) return [];
  const k = ((t % n) + n) % n;
  return [...items.slice(k), ...items.slice(0, k)];
}

/** "[0.98–1.58×]" for a ratio's range, "[7.9–58.6 ms]" for a value's; empty for one trial. */
export function rangeText(s: Summary, f: (x: number) => string): string {
  if (s.trials < 2) return '';
  if (s.ratioMin !== undefined && s.ratioMax !== undefined) return `[${s.ratioMin.toFixed(2)}–${s.ratioMax.toFixed(2)}×]`;
  if (Number.isFinite(s.valueMin)) return `[${f(s.valueMin)}–${f(s.valueMax)}${s.unit ? ` ${s.unit}` : ''}]`;
  return '';
}
