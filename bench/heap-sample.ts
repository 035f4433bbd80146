/**
 * BENCH_HEAP_PROF=DIR: the server samples what it allocates over each stats window (statsReset → statsRead)
 * with V8's sampling heap profiler, keeping the objects a mark-compact collected but dropping those a
 * scavenge collected — so the profile is what the window **promoted** to the old generation (lived through
 * the young generation's scavenges) plus what is still alive, by allocating stack. Those are the bytes that
 * make the scavenges' copying (their pauses) and later the mark-compacts; the short-lived garbage is free
 * to a scavenge and left out. BENCH_HEAP_PROF_KEEP=retained keeps only what is still reachable at the end
 * (no collected object, a full GC before the profile is read): the difference between the two is the
 * garbage the window promoted. BENCH_HEAP_PROF_KEEP=all keeps every sampled object, those scavenges collected
 * too: **everything the window allocated**, by allocating stack (what sets how often a scavenge runs).
 * `npx tsx bench/heap-sample.ts FILE [answers]` prints the top allocating frames.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

interface Node {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: Node[];
}

export function heapSampler(dir: string | undefined, keep: 'promoted' | 'retained' | 'all' = 'promoted') {
  if (!dir) return undefined;
  const s = new Session();
  s.connect();
  const post = (m: string, p?: object) => new Promise<unknown>((res, rej) => s.post(m, p, (e, r) => (e ? rej(e) : res(r))));
  let seq = 0;
  let on = false;
  return {
    async start(): Promise<void> {
      if (on) await post('HeapProfiler.stopSampling');
      await post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: keep !== 'retained', includeObjectsCollectedByMinorGC: keep === 'all' });
      on = true;
    },
    async stop(): Promise<string | undefined> {
      if (!on) return undefined;
      on = false;
      if (keep === 'retained') (globalThis as { gc?: () => void }).gc?.();
      const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: object };
      const file = join(dir, `${keep}-${process.pid}-${seq++}.heapprofile`);
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}

/** Self bytes by frame (function, file:line), largest first; and by file. */
export function topFrames(head: Node): { frames: [string, number][]; files: [string, number][]; total: number } {
  const frames = new Map<string, number>();
  const files = new Map<string, number>();
  let total = 0;
  const walk = (n: Node) => {
    const file = n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(server|bench|shared)\//, '$1/');
    const k = `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
    frames.set(k, (frames.get(k) ?? 0) + n.selfSize);
    const f = file.split('/').slice(0, file.startsWith('server') || file.startsWith('bench') ? 3 : 1).join('/') || '(native)';
    files.set(f, (files.get(f) ?? 0) + n.selfSize);
    total += n.selfSize;
    n.children.forEach(walk);
  };
  walk(head);
  const sort = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { frames: sort(frames), files: sort(files), total };
}

if (process.argv[1]?.endsWith('heap-sample.ts')) {
  const file = process.argv[2];
  const per = Number(process.argv[3] ?? 0);
  const t = topFrames((JSON.parse(readFileSync(file, 'utf8')) as { head: Node }).head);
  const kb = (b: number) => `${(b / 1024).toFixed(0)} KB${per ? ` (${(b / per).toFixed(0)} B/answer)` : ''}`;
  console.log(`sampled (promoted or alive; with BENCH_HEAP_PROF_KEEP=all, allocated): ${kb(t.total)}`);
  for (const [k, v] of t.files.slice(0, 15)) console.log(`  ${kb(v).padEnd(28)} ${k}`);
  console.log('frames:');
  for (const [k, v] of t.frames.slice(0, 40)) console.log(`  ${kb(v).padEnd(28)} ${k}`);
}
