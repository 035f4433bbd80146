/**
 * The bench's command line: --help prints the usage and runs nothing; a mistyped option or a flag without
 * its value is refused with exit code 2 before any server or Redis starts (it would otherwise run the
 * whole default bench).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { serverRuntimeKind } from '../../bench/server-runtime.js';

const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], { encoding: 'utf8', timeout: 30_000 });
const runEnv = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...env } });

describe('npm run bench options', () => {
  it('--help prints the usage and exits 0 without running a scenario', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--scenarios');
    expect(r.stdout).toContain('--trials');
    expect(r.stdout).not.toContain('bench: 2 cores');
  });

  it('refuses an unknown option with exit code 2 and names it', () => {
    const r = run('--stroes', 'redis');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown option --stroes');
    expect(r.stdout).not.toContain('bench: 2 cores');
  });

  it('refuses a flag without its value', () => {
    const r = run('--scenarios', 'S2', '--players');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--players needs a value');
  });

  it('refuses a number of trials that is not a whole number ≥ 1', () => {
    for (const bad of ['0', '1.5', 'x']) {
      const r = run('--trials', bad);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('--trials must be a whole number');
      expect(r.stdout).not.toContain('bench: 2 cores');
    }
  });

  it('runs the servers compiled by tsc unless BENCH_SERVERS=tsx, and refuses any other value before a server starts', () => {
    expect(serverRuntimeKind({})).toBe('compiled');
    expect(serverRuntimeKind({ BENCH_SERVERS: 'compiled' })).toBe('compiled');
    expect(serverRuntimeKind({ BENCH_SERVERS: 'tsx' })).toBe('tsx');
    const r = runEnv({ BENCH_SERVERS: 'ts-node' }, '--scenarios', 'S0');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('BENCH_SERVERS must be "compiled" or "tsx", not "ts-node"');
    expect(r.stdout).not.toContain('bench: 2 cores');
  });
});
