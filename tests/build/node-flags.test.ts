/**
 * scripts/node-flags.mjs: the game server's Node flags are given wherever it starts — `npm start`, the
 * container's CMD (tests/build/container.test.ts), the README's several-processes commands, the bench's
 * server processes — and they do what they are for: a young generation bigger than Node's default.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serverExecArgv } from '../../bench/server-flags.js';
import { SERVER_NODE_FLAGS } from '../../scripts/node-flags.mjs';

const flags = SERVER_NODE_FLAGS.join(' ');

/** The largest the young generation's space gets while a loop allocates ~1 GB of short-lived objects (MB). */
function youngGenerationMB(args: string[]): number {
  const probe = `
    const v8 = require('node:v8');
    let max = 0; const ring = new Array(20000);
    for (let i = 0; i < 3e7; i++) {
      ring[i % 20000] = { i, s: 'x' + (i & 7) };
      if ((i & 0xffff) === 0) max = Math.max(max, v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);
    }
    console.log(max / 2 ** 20);`;
  const r = spawnSync(process.execPath, [...args, '-e', probe], { encoding: 'utf8', timeout: 60_000 });
  return Number(r.stdout.trim());
}

describe("the server's Node flags", () => {
  it('are in `npm start`', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(`node ${flags} scripts/start.mjs`);
  });

  it("are in every README command that starts the compiled server", () => {
    const lines = readFileSync('README.md', 'utf8').split('\n').filter((l) => /\bnode\b.*dist\/server\/main\.js/.test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toContain(`node ${flags} dist/server/main.js`);
  });

  it("are the bench's server processes' first flags", () => {
    expect(serverExecArgv(undefined)).toEqual([...SERVER_NODE_FLAGS, '--expose-gc']);
    expect(serverExecArgv('--trace-gc  --foo')).toEqual([...SERVER_NODE_FLAGS, '--expose-gc', '--trace-gc', '--foo']);
  });

  it("give V8 a young generation over Node's default (two 16 MB semi-spaces)", () => {
    expect(youngGenerationMB([])).toBeLessThanOrEqual(32);
    expect(youngGenerationMB(SERVER_NODE_FLAGS)).toBeGreaterThan(64);
  }, 120_000);
});
