/**
 * The README's test command on a fresh machine: `.ci/run` installs every program the tests start
 * (found by reading the tests), and the README names each of them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Programs the tests start, and how a test names each. */
const PROGRAMS = [
  { pkg: 'redis-server', used: /'redis-server'|"redis-server"/ },
  { pkg: 'chromium', used: /\/usr\/bin\/chromium/ },
  { pkg: 'nginx', used: /\/usr\/sbin\/nginx/ },
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('.ci/run', () => {
  const ci = readFileSync('.ci/run', 'utf8');
  const installs = [...ci.matchAll(/need\+=\(([^)]*)\)/g)].flatMap((m) => m[1].trim().split(/\s+/));
  const tests = files('tests').map((f) => readFileSync(f, 'utf8'));
  const readme = readFileSync('README.md', 'utf8');

  it('installs every program a test starts, and the README says so', () => {
    const told = (/`apt-get install -y ([^`]*)`/.exec(readme.replace(/\s+/g, ' '))?.[1] ?? '').split(' ');
    for (const p of PROGRAMS) {
      expect(tests.some((t) => p.used.test(t)), `no test uses ${p.pkg} any more: drop it here`).toBe(true);
      expect(installs, p.pkg).toContain(p.pkg);
      expect(told, p.pkg).toContain(p.pkg);
    }
  });

  it('ends with the README test command', () => {
    expect(ci.trim().split('\n').at(-1)).toBe('npm test');
    expect(readme).toMatch(/```sh\nnpm ci && npm test\n```/);
    expect(ci).toMatch(/npm ci --no-audit --no-fund/);
  });
});
