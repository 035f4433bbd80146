/** Figures, their baselines and targets; the printed table and the JSON file. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { aggregate, judge, rangeText, ratioOf, type Row, type Summary } from './trials.js';

export type { Row } from './trials.js';

export function pct(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export interface Check {
  scenario: string;
  what: string;
  ok: boolean;
  detail: string;
  /** The trial that ran it (0-based): every trial runs its checks, and one failure fails the run. */
  trial?: number;
}

export class Report {
  /** Every trial's rows as measured (the JSON's `samples`); `rows` are their summaries. */
  samples: Row[] = [];
  checks: Check[] = [];
  /** The trial now measuring: rows and checks added from here on carry it. */
  trial = 0;
  /** The order the servers ran in, per size and trial (the JSON's `trialOrders`). */
  orders: { size: string; trial: number; order: string[] }[] = [];

  /** One sample of a figure: its ratio to the same trial's baseline and, with a bound, this trial's verdict. */
  add(r: Omit<Row, 'ratio' | 'trial'>): Row {
    const ratio = ratioOf(r.value, r.baseline);
    const row: Row = { ...r, ...(ratio !== undefined ? { ratio } : {}), ...(r.bound ? { met: judge(r.bound, r.value, ratio) } : {}), trial: this.trial };
    this.samples.push(row);
    return row;
  }

  /** A correctness check (counts, deliveries): a failed one, in any trial, makes the bench exit non-zero. */
  check(scenario: string, what: string, ok: boolean, detail: string): void {
    this.checks.push({ scenario, what, ok, detail, trial: this.trial });
    if (!ok) console.error(`  ✗ ${scenario} ${what} (trial ${this.trial + 1}): ${detail}`);
  }

  /** True when every check of every trial passed. */
  ok(): boolean {
    return this.checks.every((c) => c.ok);
  }

  /** One row per figure: medians over the trials, the range, the verdict on the median. */
  get rows(): Summary[] {
    return aggregate(this.samples);
  }

  print(meta: Meta): void {
    const f = (x: number | undefined, unit = '') => (x === undefined || Number.isNaN(x) ? '—' : `${x >= 100 ? x.toFixed(0) : x.toFixed(1)}${unit}`);
    meta.loadAvg.end = os.loadavg()[0];
    console.log(`\nCram Night bench — ${meta.date}, ${meta.cpus} cores (${meta.cpuModel}), node ${meta.node}, socket.io ${meta.socketIo}, ${meta.redisServer}`);
    console.log(`All processes (server, bots, redis-server) share the same cores; traffic on 127.0.0.0/8 only. Load average ${meta.loadAvg.start.toFixed(1)} at the start, ${meta.loadAvg.end.toFixed(1)} at the end.`);
    if (meta.servers) console.log(`Server processes (Cram Night and baselines): ${meta.servers}.`);
    console.log('Each figure: the median over its trials (n), Cram Night and baseline each measured again in every trial, servers in rotated order; the ratio is the median of the per-trial ratios, [min–max] over the trials; a goal is judged on the median.\n');
    const rows = this.rows;
    const head = ['scenario', 'target', 'figure', 'n', 'median', 'baseline median', 'ratio', '[min–max]', 'goal'];
    const lines = rows.map((r) => [
      r.scenario,
      r.target,
      r.figure,
      String(r.trials),
      f(r.value, ` ${r.unit}`),
      r.baseline === undefined ? '' : `${f(r.baseline, ` ${r.unit}`)} (${r.baselineName})`,
      r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
      rangeText(r, (x) => f(x)),
      r.goal === undefined ? '' : `${r.met ? 'met' : 'MISSED'}${r.metTrials !== undefined && r.trials > 1 ? ` (${r.metTrials}/${r.trials} trials)` : ''}: ${r.goal}`,
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
    const out = (l: string[]) => console.log(l.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
    out(head);
    out(widths.map((w) => '-'.repeat(w)));
    lines.forEach(out);
    const bad = this.checks.filter((c) => !c.ok);
    console.log(`\ncorrectness: ${this.checks.length - bad.length}/${this.checks.length} checks passed over every trial${bad.length ? ` — FAILED: ${bad.map((c) => `${c.scenario} ${c.what} (trial ${(c.trial ?? 0) + 1})`).join('; ')}` : ''}`);
  }

  write(file: string, meta: Meta, options: unknown): void {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ meta, options, rows: this.rows, checks: this.checks, trialOrders: this.orders, samples: this.samples }, null, 2) + '\n');
    console.log(`figures written to ${file}`);
  }
}

export interface Meta {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  socketIo: string;
  socketIoClient: string;
  redisClient: string;
  redisServer: string;
  platform: string;
  commit: string;
  /** How the server processes ran (bench/server-runtime.ts): compiled by tsc as shipped, or under tsx. */
  servers?: string;
  /** 1-minute load average when the run started and ended: other work on the same cores skews every figure. */
  loadAvg: { start: number; end?: number };
}

const version = (pkg: string) => (JSON.parse(readFileSync(`node_modules/${pkg}/package.json`, 'utf8')) as { version: string }).version;
const run = (cmd: string, args: string[]) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

export function meta(): Meta {
  return {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    socketIo: version('socket.io'),
    socketIoClient: version('socket.io-client'),
    redisClient: version('redis'),
    redisServer: run(process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server', ['--version']).replace(/ sha=.*/, ''),
    platform: `${os.type()} ${os.release()}`,
    commit: run('git', ['rev-parse', '--short', 'HEAD']),
    loadAvg: { start: os.loadavg()[0] },
  };
}
