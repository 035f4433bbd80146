/** Figures, their baselines and targets; the printed table and the JSON file. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Row {
  scenario: string;
  /** What was measured: memory / redis / bare / bare+lua, with the size. */
  target: string;
  figure: string;
  value: number;
  unit: string;
  baseline?: number;
  baselineName?: string;
  /** value / baseline */
  ratio?: number;
  /** The issue's goal in words, and whether this run met it. */
  goal?: string;
  met?: boolean;
}

export function pct(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export class Report {
  rows: Row[] = [];
  checks: { scenario: string; what: string; ok: boolean; detail: string }[] = [];

  add(r: Omit<Row, 'ratio'>): Row {
    const row: Row = { ...r, ...(r.baseline !== undefined && r.baseline > 0 ? { ratio: r.value / r.baseline } : {}) };
    this.rows.push(row);
    return row;
  }

  /** A correctness check (counts, deliveries): a failed one makes the bench exit non-zero. */
  check(scenario: string, what: string, ok: boolean, detail: string): void {
    this.checks.push({ scenario, what, ok, detail });
    if (!ok) console.error(`  ✗ ${scenario} ${what}: ${detail}`);
  }

  print(meta: Meta): void {
    const f = (x: number | undefined, unit = '') => (x === undefined || Number.isNaN(x) ? '—' : `${x >= 100 ? x.toFixed(0) : x.toFixed(1)}${unit}`);
    meta.loadAvg.end = os.loadavg()[0];
    console.log(`\nCram Night bench — ${meta.date}, ${meta.cpus} cores (${meta.cpuModel}), node ${meta.node}, socket.io ${meta.socketIo}, ${meta.redisServer}`);
    console.log(`All processes (server, bots, redis-server) share the same cores; traffic on 127.0.0.0/8 only. Load average ${meta.loadAvg.start.toFixed(1)} at the start, ${meta.loadAvg.end.toFixed(1)} at the end.\n`);
    const head = ['scenario', 'target', 'figure', 'value', 'baseline', 'ratio', 'goal'];
    const lines = this.rows.map((r) => [
      r.scenario,
      r.target,
      r.figure,
      f(r.value, ` ${r.unit}`),
      r.baseline === undefined ? '' : `${f(r.baseline, ` ${r.unit}`)} (${r.baselineName})`,
      r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
      r.goal === undefined ? '' : `${r.met ? 'met' : 'MISSED'}: ${r.goal}`,
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
    const out = (l: string[]) => console.log(l.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
    out(head);
    out(widths.map((w) => '-'.repeat(w)));
    lines.forEach(out);
    const bad = this.checks.filter((c) => !c.ok);
    console.log(`\ncorrectness: ${this.checks.length - bad.length}/${this.checks.length} checks passed${bad.length ? ` — FAILED: ${bad.map((c) => `${c.scenario} ${c.what}`).join('; ')}` : ''}`);
  }

  write(file: string, meta: Meta, options: unknown): void {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ meta, options, rows: this.rows, checks: this.checks }, null, 2) + '\n');
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
