/**
 * The benchmark's smoke run (issue 16): about 200 bot phones, each on its own loopback address, in one
 * room of a Cram Night server process, once on the memory store and once on Redis (store + adapter).
 * Correctness only, never timings: every phone seated and got the question, every answer acked and
 * counted exactly once, every phone got its own result with its rank and the reveal in it. The server runs
 * as the bench runs it: compiled by tsc as the shipped server is (bench/server-runtime.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fleet } from '../../bench/fleet.js';
import { spawnChild, type Proc } from '../../bench/ipc.js';
import { cramRoom } from '../../bench/one-room.js';
import type { ProcStats } from '../../bench/proc-stats.js';
import { Report } from '../../bench/report.js';
import { prepareServers, type ServerRuntime } from '../../bench/server-runtime.js';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';

const PHONES = 200;
let fleet: Fleet;
let redis: TestRedis;
let runtime: ServerRuntime;

beforeAll(async () => {
  // As `npm run bench` runs them: compiled by tsc with the shipped build's settings (bench/server-runtime.ts).
  runtime = prepareServers('compiled');
  [fleet, redis] = await Promise.all([Fleet.start(1), startRedis()]);
});
afterAll(async () => {
  await fleet?.stop();
  await redis?.stop();
});

describe.each(['memory', 'redis'])('bench smoke run on the %s store', (store) => {
  it(`${PHONES} phones: every answer counted once, every phone got the question and its result`, async () => {
    const env = { REDIS_URL: store === 'redis' ? redis.url : '', REDIS_PREFIX: redis.prefix };
    const server: Proc = await spawnChild(`cram-${store}`, runtime.script, ['cram'], { env });
    try {
      // The server runs the JavaScript tsc wrote, with plain node: not the TypeScript through tsx.
      expect(runtime.script).toBe('bench/.compiled/bench/server.js');
      expect(server.info.runtime).toBe('compiled');
      const report = new Report();
      await cramRoom({ url: `http://127.0.0.1:${server.info.port as number}`, server, fleet, n: PHONES, timeLimit: 30, report, label: store, smoke: true });
      expect(report.checks.filter((c) => !c.ok)).toEqual([]);
      // No phone lost its socket: the bench's own disconnect at the end is not counted as a drop (bench/bot.ts).
      expect(await fleet.drops()).toEqual({ count: 0, first: [] });
      expect(report.checks.map((c) => c.what)).toEqual([
        `${store}: every phone seated`,
        `${store}: every phone got the question`,
        `${store}: the server wrote the question to every phone`,
        `${store} spread: every answer acked once and counted once`,
        `${store} spread: every phone got its own result with rank and the reveal in it`,
      ]);
      // The window since the spread's reset: its part up to the last ack (bench/server.ts) counts every
      // answer's ack and lies inside the window (at most the 1 ms the CPU reading may be late).
      const stats = await server.call<ProcStats>('statsRead');
      expect(stats.toLastAck?.acks).toBeGreaterThanOrEqual(PHONES);
      expect(stats.toLastAck!.wallMs).toBeLessThanOrEqual(stats.wallMs);
      expect(stats.toLastAck!.cpuMs).toBeGreaterThan(0);
      expect(stats.toLastAck!.cpuMs).toBeLessThanOrEqual(stats.cpuMs + 1);
    } finally {
      await server.stop();
    }
  }, 90_000);
});
