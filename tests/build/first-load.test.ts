/**
 * The player page's first load: the JavaScript a phone downloads before the join form shows (the entry
 * script of dist/client/index.html and every module it imports statically, which Vite lists as
 * <link rel="modulepreload">), gzipped with zlib's default level (the figure Vite's build report prints).
 * `npm test` builds the client first.
 *
 * Limits (issue 14): at most 45 kB (45,000 bytes) gzipped, and game feel may add at most 5 kB over the
 * figure measured on main before it started (36,458 bytes at 901a302). The game screens (PlayerGame and
 * everything under it) load after the join form shows and do not count.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const DIST = 'dist/client';
const FIRST_LOAD_LIMIT = 45_000;
const FIRST_LOAD_BEFORE_FEEL = 36_458;
const FEEL_ALLOWANCE = 5_000;

/** The JS files index.html loads before anything renders: the module script and its modulepreloads. */
function htmlScripts(html: string): string[] {
  const out: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const isModule = /^<script\b/.test(tag) && /type="module"/.test(tag);
    const isPreload = /^<link\b/.test(tag) && /rel="modulepreload"/.test(tag);
    const ref = /(?:src|href)="\/([^"]+\.js)"/.exec(tag)?.[1];
    if ((isModule || isPreload) && ref) out.push(ref);
  }
  return out;
}

/** Relative modules a built chunk imports statically (`import … from "./x.js"` or `import "./x.js"`). */
function staticImports(code: string): string[] {
  return [...code.matchAll(/(?:\bfrom\s*|\bimport\s*)["'`](\.\/[^"'`]+\.js)["'`]/g)].map((m) => m[1]);
}

/** Relative modules a built chunk loads on demand (`import("./x.js")`). */
function dynamicImports(code: string): string[] {
  return [...code.matchAll(/\bimport\(\s*["'`](\.\/[^"'`]+\.js)["'`]\s*\)/g)].map((m) => m[1]);
}

/** Every file of the first load (index.html's scripts and their static imports, transitively), with gzip sizes. */
function firstLoad(dist = DIST): { files: { file: string; gzip: number }[]; total: number; html: string[] } {
  const html = htmlScripts(readFileSync(path.join(dist, 'index.html'), 'utf8'));
  const seen = new Set<string>();
  const queue = [...html];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(path.join(dist, file), 'utf8');
    for (const rel of staticImports(code)) queue.push(path.posix.join(path.posix.dirname(file), rel));
  }
  const files = [...seen].sort().map((file) => ({ file, gzip: gzipSync(readFileSync(path.join(dist, file))).length }));
  return { files, total: files.reduce((s, f) => s + f.gzip, 0), html };
}

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;

describe("the player page's first load (built client)", () => {
  it('is built (run `npm run build`; `npm test` does)', () => {
    expect(existsSync(path.join(DIST, 'index.html'))).toBe(true);
  });

  const built = existsSync(path.join(DIST, 'index.html'));
  const load = built ? firstLoad() : { files: [], total: 0, html: [] };

  it(`stays within ${kB(FIRST_LOAD_LIMIT)} gzipped and within ${kB(FEEL_ALLOWANCE)} of the figure before game feel`, () => {
    const report = `player first load: ${kB(load.total)} gzipped (${load.total} bytes) in ${load.files.map((f) => `${f.file} ${f.gzip}`).join(', ')}`;
    console.log(report);
    expect(load.files.length, report).toBeGreaterThan(0);
    expect(load.total, report).toBeLessThanOrEqual(FIRST_LOAD_LIMIT);
    expect(load.total, report).toBeLessThanOrEqual(FIRST_LOAD_BEFORE_FEEL + FEEL_ALLOWANCE);
  });

  it('counts everything the page needs first: index.html preloads every module the entry imports statically', () => {
    // A static import Vite did not list would still be fetched before the join form; the figure must include it.
    const entry = load.html[0];
    expect(staticImports(readFileSync(path.join(DIST, entry), 'utf8')).length, `static imports of ${entry}`).toBeGreaterThan(0);
    expect([...load.files.map((f) => f.file)].sort()).toEqual([...new Set(load.html)].sort());
  });

  it('keeps the game screens out of it: PlayerGame loads on demand after the join form shows', () => {
    const first = load.files.map((f) => f.file);
    expect(first.some((f) => /\/PlayerGame-[\w-]+\.js$/.test(f))).toBe(false);
    const entry = load.html[0];
    const lazy = dynamicImports(readFileSync(path.join(DIST, entry), 'utf8'));
    expect(lazy.some((f) => /\/PlayerGame-[\w-]+\.js$/.test(f)), `dynamic imports of ${entry}: ${lazy.join(', ')}`).toBe(true);
  });
});
