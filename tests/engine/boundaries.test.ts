/**
 * The engine is pure: nothing it imports, directly or through other modules (question types, deck
 * helpers, shared/), reaches the store, the gateway, the Fastify plugins, or a socket/Redis/HTTP library.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const FORBIDDEN_DIRS = ['server/store/', 'server/gateway/', 'server/plugins/', 'server/timer/'];
const FORBIDDEN_PACKAGES = /^(socket\.io|redis|@socket\.io\/|fastify|@fastify\/|node:(net|http|https|timers|child_process))/;

/** `import … from '…'`, `import '…'`, `export … from '…'` and `import('…')` specifiers of a file. */
export function importsOf(text: string): string[] {
  const found: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(re)) found.push(m[1] ?? m[2] ?? m[3]);
  return found;
}

function resolve(from: string, spec: string): string {
  return path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, from)), spec)).replace(/\.js$/, '.ts');
}

/** Every module reachable from the engine, with the chain that reaches it. */
function engineClosure(): Map<string, string[]> {
  const start = readdirSync(path.join(ROOT, 'server/engine')).filter((f) => f.endsWith('.ts')).map((f) => `server/engine/${f}`);
  const seen = new Map<string, string[]>(start.map((f) => [f, [f]]));
  const queue = [...start];
  while (queue.length) {
    const file = queue.shift()!;
    for (const spec of importsOf(readFileSync(path.join(ROOT, file), 'utf8'))) {
      const target = spec.startsWith('.') ? resolve(file, spec) : spec;
      if (seen.has(target)) continue;
      seen.set(target, [...seen.get(file)!, target]);
      if (spec.startsWith('.')) queue.push(target);
    }
  }
  return seen;
}

describe('engine boundaries', () => {
  it('finds import specifiers of every form', () => {
    const text = `import a from './a.js';\nimport type { B } from "../b.js";\nexport { c } from './c.js';\nimport './d.js';\nconst e = await import('./e.js');\nimport {\n  f,\n} from './f.js';`;
    expect(importsOf(text)).toEqual(['./a.js', '../b.js', './c.js', './d.js', './e.js', './f.js']);
  });

  it('server/engine reaches nothing in store, gateway, plugins or timer, nor an I/O library', () => {
    const closure = engineClosure();
    expect(closure.size).toBeGreaterThan(10);
    const bad = [...closure.entries()]
      .filter(([m]) => FORBIDDEN_DIRS.some((d) => m.startsWith(d)) || FORBIDDEN_PACKAGES.test(m))
      .map(([, chain]) => chain.join(' -> '));
    expect(bad).toEqual([]);
  });
});
