#!/usr/bin/env node
/**
 * `npm run build`: the client (Vite → dist/client) and the server (tsc → dist/server, dist/shared),
 * then a stamp (dist/.build-stamp, the hash of the sources it was built from). Needs the dev dependencies. `buildProblem()` says whether the
 * build is missing or older than its sources; scripts/start.mjs builds only then.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (p) => path.join(ROOT, p);
export const SERVER_ENTRY = at('dist/server/main.js');
const OUTPUTS = ['dist/server/main.js', 'dist/client/index.html'];
const STAMP = 'dist/.build-stamp';
/** What the build is made from: a change to any of these makes it stale. */
const SOURCES = ['server', 'shared', 'client', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function listFiles(rel, out) {
  const p = at(rel);
  if (!existsSync(p)) return out;
  if (statSync(p).isDirectory()) {
    for (const name of readdirSync(p).sort()) if (name !== 'node_modules') listFiles(path.join(rel, name), out);
  } else out.push(rel);
  return out;
}

/**
 * A hash of every source file (path and content), kept in the stamp: a build is stale when its sources
 * differ, whatever their modification times say (a copy or a checkout changes those). Null when no source
 * is present (a runtime image holds only the build).
 */
export function sourceHash() {
  const files = SOURCES.flatMap((s) => listFiles(s, []));
  if (!files.some((f) => f.startsWith(`server${path.sep}`))) return null;
  const h = createHash('sha256');
  for (const f of files) h.update(`${f}\0`).update(readFileSync(at(f))).update('\0');
  return h.digest('hex');
}

/** Why the build cannot be used as it is ("missing …", "stale …"), or null when it is current. */
export function buildProblem() {
  for (const o of [...OUTPUTS, STAMP]) if (!existsSync(at(o))) return `missing (${o})`;
  const hash = sourceHash();
  if (hash !== null && readFileSync(at(STAMP), 'utf8').trim() !== hash) return 'stale (its sources changed since it was built)';
  return null;
}

/** True when the build tools (dev dependencies) are installed. */
export function canBuild() {
  return existsSync(at('node_modules/vite/bin/vite.js')) && existsSync(at('node_modules/typescript/bin/tsc'));
}

function run(label, bin, args) {
  const r = spawnSync(process.execPath, [at(bin), ...args], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build failed: ${label} (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

export function build() {
  if (!canBuild()) {
    console.error('cannot build: the dev dependencies are not installed (run `npm ci`, then `npm run build`)');
    process.exit(1);
  }
  rmSync(at(STAMP), { force: true });
  const hash = sourceHash();
  for (const d of ['dist/server', 'dist/shared']) rmSync(at(d), { recursive: true, force: true });
  run('client (vite)', 'node_modules/vite/bin/vite.js', ['build', '--config', 'client/vite.config.ts', '--logLevel', 'warn']);
  run('server (tsc)', 'node_modules/typescript/bin/tsc', ['-p', 'tsconfig.build.json']);
  writeFileSync(at(STAMP), `${hash ?? ''}\n`);
  console.log('built dist/client and dist/server');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) build();
