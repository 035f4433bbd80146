/**
 * The compiled server (dist/server, built by `npm run build`, which `npm test` runs first): it imports
 * only production dependencies, and `npm start` runs it with plain node without rebuilding a current build.
 */
import { spawn } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostState } from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? jsFiles(p) : p.endsWith('.js') ? [p] : [];
  });
}

/** The package a bare specifier names ('@scope/name/sub' → '@scope/name'), or null for relative and node: imports. */
function packageOf(spec: string): string | null {
  if (spec.startsWith('.') || spec.startsWith('node:') || builtinModules.includes(spec)) return null;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

describe('the compiled server', () => {
  it('is built and current (run `npm run build`; `npm test` does)', async () => {
    expect(existsSync('dist/server/main.js')).toBe(true);
    expect(existsSync('dist/client/index.html')).toBe(true);
    const { buildProblem } = await import('../../scripts/build.mjs');
    expect(buildProblem()).toBeNull();
  });

  it('imports only production dependencies (no tsx, vite or other dev packages at runtime)', () => {
    const used = new Set<string>();
    for (const f of [...jsFiles('dist/server'), ...jsFiles('dist/shared')]) {
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) {
        const p = packageOf(m[1] ?? m[2] ?? m[3]);
        if (p) used.add(p);
      }
    }
    expect(used.size).toBeGreaterThan(3);
    const missing = [...used].filter((p) => !(p in pkg.dependencies));
    expect(missing, `move these to "dependencies": ${missing.join(', ')}`).toEqual([]);
    expect(pkg.dependencies).not.toHaveProperty('tsx');
  });

  it('`npm start` runs it with plain node, without rebuilding a current build, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', REDIS_URL: '', LOG_LEVEL: 'debug', DECKS_DIR: 'tests/fixtures/decks' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "Server listening" within 15 s:\n${out}`)), 15_000);
        child.stdout.on('data', () => {
          const m = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(Number(m[1]));
          }
        });
        void exited.then((code) => reject(new Error(`exited (${code}) before listening:\n${out}`)));
      });
      expect(out).not.toMatch(/building/);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      const health = await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { 'x-request-id': 'proxy-req-42' } });
      expect(health.status).toBe(200);
      // A game: the host's socket creates a room.
      const host = new Bot(`http://127.0.0.1:${port}`);
      await host.connected();
      const created = expectOk(await host.call<{ state: HostState }>('host:create', { deckId: 'test-deck' }));
      host.close();
      await new Promise((r) => setTimeout(r, 200));
      // Every log line is one JSON object (pino); HTTP lines carry the request id, game lines the PIN and socket id.
      const lines = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.find((l) => l.msg === 'request completed' && l.reqId === 'proxy-req-42')).toBeDefined();
      const room = lines.find((l) => l.msg === 'room created');
      expect(room).toMatchObject({ pin: created.state.pin, socketId: expect.any(String) });
      expect(lines.find((l) => l.msg === 'socket connected' && l.socketId === room!.socketId)).toBeDefined();
      expect(lines.find((l) => l.msg === 'socket disconnected' && l.socketId === room!.socketId && l.pin === created.state.pin)).toBeDefined();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
