/**
 * bench/trials.ts and the Report's trials: medians over interleaved trials, each trial's ratio against its
 * own baseline, the verdict on the median (never on one lucky or unlucky sample), every failed check of
 * any trial failing the run, and the rotated order of the servers between trials.
 */
import { describe, expect, it } from 'vitest';
import { Report } from '../../bench/report.js';
import { aggregate, median, rangeText, trialOrder, type Row } from '../../bench/trials.js';

/** The S1 fan-out row of one trial: Cram Night's p99 beside the same trial's bare broadcast p99. */
function fanout(report: Report, trial: number, value: number, baseline: number) {
  report.trial = trial;
  report.add({ scenario: 'S1', target: 'memory, 5000', figure: 'question to phones p99', value, unit: 'ms', baseline, baselineName: 'bare broadcast', goal: '≤ 1.2× bare', bound: { on: 'ratio', max: 1.2 } });
}

describe('median', () => {
  it('takes the middle of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([2.32, 1.18, 1.5, 0.9, 7])).toBe(1.5);
  });
  it('takes the mean of the two middle ones of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1.58, 0.98])).toBeCloseTo(1.28, 10);
  });
  it('ignores figures a trial could not measure, and is NaN with none', () => {
    expect(median([NaN, 3, 1])).toBe(2);
    expect(median([])).toBeNaN();
    expect(median([NaN])).toBeNaN();
  });
});

describe('a figure over its trials', () => {
  it("divides each trial by its own trial's baseline and reports the median ratio with its range", () => {
    const r = new Report();
    // Trial 2 is slow on both sides (a busy moment): its ratio stays moderate against its own baseline.
    fanout(r, 0, 224, 141);
    fanout(r, 1, 199, 203);
    fanout(r, 2, 400, 300);
    expect(r.samples.map((s) => s.ratio)).toEqual([224 / 141, 199 / 203, 400 / 300]);
    const [s] = r.rows;
    expect(s.trials).toBe(3);
    expect(s.value).toBe(224);
    expect(s.baseline).toBe(203);
    // The median of the per-trial ratios, not median value / median baseline (224 / 203 = 1.10).
    expect(s.ratio).toBeCloseTo(400 / 300, 10);
    expect(s.ratioMin).toBeCloseTo(199 / 203, 10);
    expect(s.ratioMax).toBeCloseTo(224 / 141, 10);
    expect([s.valueMin, s.valueMax]).toEqual([199, 400]);
    expect(rangeText(s, (x) => x.toFixed(1))).toBe('[0.98–1.59×]');
  });

  it('judges a ratio goal on the median: one missed trial of three does not miss it, two do', () => {
    const met = new Report();
    fanout(met, 0, 150, 100);
    fanout(met, 1, 110, 100);
    fanout(met, 2, 100, 100);
    expect(met.samples.map((s) => s.met)).toEqual([false, true, true]);
    expect(met.rows[0]).toMatchObject({ met: true, metTrials: 2, trials: 3 });

    const missed = new Report();
    fanout(missed, 0, 150, 100);
    fanout(missed, 1, 130, 100);
    fanout(missed, 2, 90, 100);
    expect(missed.rows[0]).toMatchObject({ met: false, metTrials: 1 });
  });

  it('judges an absolute goal on the median value, with an even count of trials too', () => {
    const r = new Report();
    for (const [t, v] of [10, 58.6, 9.7, 60].entries()) {
      r.trial = t;
      r.add({ scenario: 'S4', target: 'redis, 300×30, classroom', figure: 'answer ack p99', value: v, unit: 'ms', goal: '< 30 ms', bound: { on: 'value', max: 30, strict: true } });
    }
    const [s] = r.rows;
    expect(s.value).toBeCloseTo(34.3, 10);
    expect(s.met).toBe(false);
    expect(s.ratio).toBeUndefined();
    expect(rangeText(s, (x) => x.toFixed(1))).toBe('[9.7–60.0 ms]');
  });

  it('a strict bound misses at the limit; a non-strict one meets it', () => {
    const r = new Report();
    r.add({ scenario: 'S3', target: 'memory, 2000', figure: 'deadline → own result p99', value: 250, unit: 'ms', goal: '< 250 ms', bound: { on: 'value', max: 250, strict: true } });
    r.add({ scenario: 'S0', target: 'memory, 2000', figure: 'seat', value: 150, unit: 'ms', baseline: 100, baselineName: 'bare connect', goal: '≤ 1.5×', bound: { on: 'ratio', max: 1.5 } });
    expect(r.rows.map((s) => s.met)).toEqual([false, true]);
  });

  it('a goal without a bound (a count) is met only if every trial met it', () => {
    const rows: Row[] = [0, 1, 2].map((trial) => ({ scenario: 'S6', target: 't', figure: 'answers lost', value: trial === 1 ? 3 : 0, unit: '', goal: 'zero', met: trial !== 1, trial }));
    expect(aggregate(rows)[0]).toMatchObject({ met: false, metTrials: 2, value: 0 });
  });

  it('keeps figures with different baselines apart, in the order they first appeared, and one trial has no range', () => {
    const r = new Report();
    for (const t of [0, 1]) {
      r.trial = t;
      r.add({ scenario: 'S2', target: 'redis, 2000', figure: 'answer ack p99, burst 200 ms', value: 10 + t, unit: 'ms', baseline: 5, baselineName: 'bare ack' });
      r.add({ scenario: 'S2', target: 'redis, 2000', figure: 'answer ack p99, burst 200 ms', value: 10 + t, unit: 'ms', baseline: 10, baselineName: 'bare ack + Lua' });
    }
    r.trial = 0;
    r.add({ scenario: 'S5', target: 'memory store', figure: 'heap per idle lobby', value: 16, unit: 'KB', goal: '< 20 KB', bound: { on: 'value', max: 20, strict: true } });
    const rows = r.rows;
    expect(rows.map((s) => [s.baselineName, s.trials, s.ratio])).toEqual([
      ['bare ack', 2, 2.1],
      ['bare ack + Lua', 2, 1.05],
      [undefined, 1, undefined],
    ]);
    expect(rangeText(rows[2], String)).toBe('');
    expect(rows[2].met).toBe(true);
  });

  it('writes every sample with its trial into the JSON beside the summaries', () => {
    const r = new Report();
    fanout(r, 0, 224, 141);
    fanout(r, 1, 199, 203);
    expect(r.samples.map((s) => s.trial)).toEqual([0, 1]);
    expect(r.rows[0].trial).toBeUndefined();
  });
});

describe('correctness checks over the trials', () => {
  it('records the trial of each check, and one failed check in any trial fails the run', () => {
    const r = new Report();
    const err = console.error;
    console.error = () => {};
    try {
      for (const t of [0, 1, 2]) {
        r.trial = t;
        r.check('S2', 'memory 2000 burst: every answer acked once and counted once', t !== 2, 'acked 2000, counted 1999');
      }
    } finally {
      console.error = err;
    }
    expect(r.checks.map((c) => [c.trial, c.ok])).toEqual([
      [0, true],
      [1, true],
      [2, false],
    ]);
    expect(r.ok()).toBe(false);
  });

  it('passes when every check of every trial passed', () => {
    const r = new Report();
    for (const t of [0, 1, 2]) {
      r.trial = t;
      r.check('S1', 'memory 500: every phone got the question', true, '0 missing');
    }
    expect(r.ok()).toBe(true);
  });
});

describe('the order of the servers between trials', () => {
  const sides = ['memory', 'redis', 'bare'];

  it('starts in the given order and rotates by one each trial', () => {
    expect(trialOrder(sides, 0)).toEqual(['memory', 'redis', 'bare']);
    expect(trialOrder(sides, 1)).toEqual(['redis', 'bare', 'memory']);
    expect(trialOrder(sides, 2)).toEqual(['bare', 'memory', 'redis']);
    expect(trialOrder(sides, 3)).toEqual(trialOrder(sides, 0));
  });

  it('puts every server once in every position over as many trials as servers, and each trial holds every server once', () => {
    const trials = [0, 1, 2].map((t) => trialOrder(sides, t));
    for (const order of trials) expect([...order].sort()).toEqual([...sides].sort());
    for (let pos = 0; pos < sides.length; pos++) expect(trials.map((o) => o[pos]).sort()).toEqual([...sides].sort());
  });

  it('alternates two servers, and does not change the list it is given', () => {
    const two = ['memory', 'bare'];
    expect([0, 1, 2, 3].map((t) => trialOrder(two, t)[0])).toEqual(['memory', 'bare', 'memory', 'bare']);
    expect(two).toEqual(['memory', 'bare']);
    expect(trialOrder([], 1)).toEqual([]);
  });
});
