/**
 * The player page's first load: the JavaScript a phone downloads before the join form shows (the entry
 * script of dist/client/index.html and every module it imports statically, which Vite lists as
 * <link rel="modulepreload">), gzipped with zlib's default level (the figure Vite's build report prints).
 * `npm test` builds the client first.
 *
 * Limits (issue 14): at most 45 kB (45,000 bytes) gzipped, and game feel may add at most 5 kB over the
 * figure measured on main before it started (36,458 bytes at 901a302). The game screens (PlayerGame and
 * everything under it) load after the join form shows and do not count.
 *
 * The projector's motion code (Svelte's FLIP, `svelte/animate`, and its runtime for `animate:` and
 * `in:`/`out:`) must not be in the first load either: no phone runs it (client/vite.config.ts says how
 * it is kept out). It is found by strings the minifier keeps, which the host's chunks must still hold.
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

/** `roots` and every module they import statically, transitively (paths relative to `dist`). */
function withStaticImports(roots: string[], dist = DIST): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(path.join(dist, file), 'utf8');
    for (const rel of staticImports(code)) queue.push(path.posix.join(path.posix.dirname(file), rel));
  }
  return [...seen].sort();
}

/** Every file of the first load (index.html's scripts and their static imports, transitively), with gzip sizes. */
function firstLoad(dist = DIST): { files: { file: string; gzip: number }[]; total: number; html: string[] } {
  const html = htmlScripts(readFileSync(path.join(dist, 'index.html'), 'utf8'));
  const files = withStaticImports(html, dist).map((file) => ({ file, gzip: gzipSync(readFileSync(path.join(dist, file))).length }));
  return { files, total: files.reduce((s, f) => s + f.gzip, 0), html };
}

/**
 * Projector-only motion code, by strings minification keeps: `flip` (svelte/animate) reads the
 * transform origin and the CSS zoom; the `animate:` runtime fixes a leaving row in place (`unfix()`) while
 * other animations run (`getAnimations()`); the `in:`/`out:` runtime dispatches `introstart`.
 */
const MOTION_MARKERS: [string, RegExp][] = [
  ['svelte/animate flip', /\btransformOrigin\b/],
  ['svelte/animate flip', /\bcurrentCSSZoom\b/],
  ['animate: runtime', /\bunfix\s*\(\s*\)\s*\{/],
  ['animate: runtime', /\.getAnimations\(\)/],
  ['in:/out: runtime', /["'`]introstart["'`]/],
];

function motionIn(files: string[], dist = DIST): string[] {
  const found: string[] = [];
  for (const file of files) {
    const code = readFileSync(path.join(dist, file), 'utf8');
    for (const [what, re] of MOTION_MARKERS) if (re.test(code)) found.push(`${file}: ${what} (${re})`);
  }
  return found;
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

  it("keeps the projector's motion code out of it (svelte/animate flip, the animate: and in:/out: runtime): the host screen has it", () => {
    const first = load.files.map((f) => f.file);
    expect(motionIn(first), `first load: ${first.join(', ')}`).toEqual([]);
    // The markers still find that code where it belongs, so the check above can fail.
    const entry = load.html[0];
    const hostApp = dynamicImports(readFileSync(path.join(DIST, entry), 'utf8'))
      .map((rel) => path.posix.join(path.posix.dirname(entry), rel))
      .filter((f) => /\/HostApp-[\w-]+\.js$/.test(f));
    expect(hostApp, `dynamic imports of ${entry}`).toHaveLength(1);
    const host = withStaticImports(hostApp);
    expect(new Set(motionIn(host).map((line) => line.replace(/^.*?: /, ''))).size, `host chunks: ${host.join(', ')}`).toBe(MOTION_MARKERS.length);
  });
});
