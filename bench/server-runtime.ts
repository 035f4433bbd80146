/**
 * How the bench runs its server processes (bench/server.ts: Cram Night and the bare baselines): as the shipped
 * server runs, JavaScript compiled by tsc with the build's settings under plain node. `npm start` and the
 * container run dist/server/main.js, which `npm run build` compiles with tsconfig.build.json; here
 * tsconfig.bench.json extends that file (same target, module and emit) and adds the bench's server entry, so
 * bench/server.ts and the server/ and shared/ code it imports compile into bench/.compiled/ (gitignored). tsc runs
 * once at the start of a run, incrementally (a run whose sources did not change pays ~2 s, a fresh clone ~8 s).
 *
 * Why not tsx, as before session 29: tsx transforms with esbuild's keepNames, which wraps every named closure
 * made at run time (`const f = () => …`) in `__name(f, "f")`, an Object.defineProperty per creation, and the
 * server then runs code the shipped server does not (docs/performance-history.md, session 29).
 * `BENCH_SERVERS=tsx` still runs them from the TypeScript through tsx (to compare, or to --import a .ts file).
 * The bot processes stay under tsx: they are the load, not what is measured, the same for both sides of every
 * ratio, and keeping them as they were keeps runs comparable with earlier sessions' in everything but the servers.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The tsc project of the bench's servers and where it writes (tsconfig.bench.json's outDir). */
export const BENCH_TSCONFIG = 'tsconfig.bench.json';
export const COMPILED_DIR = 'bench/.compiled';

export interface ServerRuntime {
  how: 'compiled' | 'tsx';
  /** The script to fork, relative to the project root (bench/ipc.ts runs a .ts script through tsx, a .js one with plain node). */
  script: string;
  /** One line for the bench's header. */
  describe: string;
}

/** BENCH_SERVERS: `compiled` (the default) or `tsx`. */
export function serverRuntimeKind(env: NodeJS.ProcessEnv = process.env): 'compiled' | 'tsx' {
  const v = env.BENCH_SERVERS || 'compiled';
  if (v !== 'compiled' && v !== 'tsx') throw new Error(`BENCH_SERVERS must be "compiled" or "tsx", not "${v}"`);
  return v;
}

/**
 * Makes the servers runnable and says how to fork them: for `compiled`, runs tsc (the project's own, from
 * node_modules) on tsconfig.bench.json and throws with its output if it fails.
 */
export function prepareServers(kind = serverRuntimeKind()): ServerRuntime {
  if (kind === 'tsx') return { how: 'tsx', script: 'bench/server.ts', describe: 'servers: bench/server.ts under tsx (BENCH_SERVERS=tsx; esbuild keepNames, not as shipped)' };
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', BENCH_TSCONFIG], { cwd: ROOT, encoding: 'utf8' });
  const script = `${COMPILED_DIR}/bench/server.js`;
  if (r.status !== 0 || !existsSync(path.join(ROOT, script))) throw new Error(`bench: compiling the servers (tsc -p ${BENCH_TSCONFIG}) failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  return { how: 'compiled', script, describe: `servers: plain node on ${script}, compiled by tsc -p ${BENCH_TSCONFIG} (tsconfig.build.json's settings, as npm start runs dist/) in ${secs} s` };
}
