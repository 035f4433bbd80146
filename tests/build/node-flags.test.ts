/**
 * scripts/node-flags.mjs: the game server's Node flags (none today) are given wherever it starts — `npm start`,
 * the container's CMD (tests/build/container.test.ts), the README's several-processes commands, the bench's
 * server processes — so a flag added there reaches every start, and the bench measures the server as it runs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serverExecArgv } from '../../bench/server-flags.js';
import { SERVER_NODE_FLAGS } from '../../scripts/node-flags.mjs';

const command = (script: string) => ['node', ...SERVER_NODE_FLAGS, script].join(' ');

describe("the server's Node flags", () => {
  it('are in `npm start`', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(command('scripts/start.mjs'));
  });

  it('are in every README command that starts the compiled server', () => {
    const lines = readFileSync('README.md', 'utf8').split('\n').filter((l) => /\bnode\b.*dist\/server\/main\.js/.test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toContain(command('dist/server/main.js'));
  });

  it("are the bench's server processes' first flags", () => {
    expect(serverExecArgv(undefined)).toEqual([...SERVER_NODE_FLAGS, '--expose-gc']);
    expect(serverExecArgv('--trace-gc  --foo')).toEqual([...SERVER_NODE_FLAGS, '--expose-gc', '--trace-gc', '--foo']);
  });
});
