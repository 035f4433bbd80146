/**
 * bench/s2-plan.ts and bench/s2-rows.ts: S2 measures fixed question types in every trial (rooms are created
 * until one's plan asks them), names the type in each figure, and judges the burst target on the warm burst
 * with the cold one beside it.
 */
import { describe, expect, it } from 'vitest';
import type { Answering, RoomFigures } from '../../bench/one-room.js';
import type { ProcStats } from '../../bench/proc-stats.js';
import { Report } from '../../bench/report.js';
import { fits, plannedRoom, S2_LAYOUT, S2_TYPES, wantedTypes, WARM_UP_ROUNDS } from '../../bench/s2-plan.js';
import { s2Rows } from '../../bench/s2-rows.js';

describe("S2's question types", () => {
  it('asks the spread type first, then the burst type for the cold burst, every warm-up and the warm burst; S3 any', () => {
    const want = wantedTypes();
    expect(want).toHaveLength(4 + WARM_UP_ROUNDS);
    expect(want[S2_LAYOUT.spread]).toBe(S2_TYPES.spread);
    expect(want[S2_LAYOUT.s3]).toBeUndefined();
    for (const i of [S2_LAYOUT.burst, ...S2_LAYOUT.warmUp, S2_LAYOUT.warmBurst]) expect(want[i]).toBe(S2_TYPES.burst);
  });
  it('a plan fits when every wanted position has its type', () => {
    const want = ['single', 'order', undefined];
    expect(fits(['single', 'order', 'match'], want)).toBe(true);
    expect(fits(['single', 'single', 'match'], want)).toBe(false);
    expect(fits(['single', 'order'], want)).toBe(false); // too short
  });
});

describe('creating the room S2 plays', () => {
  const fake = (plans: string[][]) => {
    const hosts: { id: number; gone: boolean; disconnect(): void }[] = [];
    let k = 0;
    return {
      hosts,
      connect: async () => {
        const h = { id: hosts.length, gone: false, disconnect: () => void (h.gone = true) };
        hosts.push(h);
        return h;
      },
      create: async () => ({ state: { pin: String(k++) } }),
      typesOf: async (pin: string) => plans[Number(pin)],
    };
  };
  it('creates rooms, each from a new host, until a plan fits; the rejected hosts leave', async () => {
    const f = fake([['order', 'single'], ['single', 'match'], ['single', 'single'], ['single', 'single']]);
    const r = await plannedRoom({ ...f, want: ['single', 'single'] });
    expect(r.tries).toBe(3);
    expect(r.types).toEqual(['single', 'single']);
    expect(r.created).toEqual({ state: { pin: '2' } });
    expect(f.hosts.map((h) => h.gone)).toEqual([true, true, false]);
    expect(r.host).toBe(f.hosts[2]);
  });
  it('keeps the last room after maxTries, with its own types (which then name its figures)', async () => {
    const f = fake(Array.from({ length: 10 }, () => ['order', 'order']));
    const r = await plannedRoom({ ...f, want: ['single'], maxTries: 4 });
    expect(r.tries).toBe(4);
    expect(r.types).toEqual(['order', 'order']);
    expect(f.hosts).toHaveLength(4);
  });
});

const stats = (cpuMs: number): ProcStats => ({ eldP50: 1, eldP99: 2, eldMax: 3, cpuMs, wallMs: 100, cpuShare: 0.5, gcCount: 0, gcMs: 0, gcP99: 0, gcMax: 0, toLastAck: { cpuMs, wallMs: 90, acks: 2000 } });
const round = (p99: number, type?: string): Answering => ({
  acks: { lat: [p99], refused: {}, ok: 2000, wallMs: 200 },
  stats: stats(200),
  bots: stats(300),
  counted: 2000,
  ...(type && { type }),
  split: { acks: 2000, unmatched: 0, p99: { total: p99, toServer: 1, inServer: p99 - 2, toBot: 1 }, tail: { count: 20, threshold: p99, median: { total: p99, toServer: 1, inServer: p99 - 2, toBot: 1 }, share: { toServer: 0.1, inServer: 0.8, toBot: 0.1 } } },
});

describe("S2's rows", () => {
  const seat = { connectMs: 1, joinMs: 1, connectStats: stats(1), joinStats: stats(1), joinLat: [1], fanout: [1], results: [1] };
  const cram = { ...seat, spread: round(10, 'single'), burst: round(90, 'single'), warmBurst: round(20, 'single') } as RoomFigures;
  const bare = { ...seat, spread: round(4), burst: round(8), warmBurst: round(8), luaSpread: round(5), luaBurst: round(30), luaWarmBurst: round(16) } as RoomFigures;

  it('judge the burst target on the warm burst and print the cold one beside it without a verdict, each named with its type', () => {
    const r = new Report();
    s2Rows(r, 2000, 'redis, 2000', cram, bare);
    const lua = r.rows.filter((s) => s.figure.startsWith('answer ack p99') && s.baselineName === 'bare ack + Lua');
    expect(lua.map((s) => [s.figure, s.ratio, s.goal, s.met])).toEqual([
      ['answer ack p99, spread 2 s (single)', 2, '≤ 2× bare + Lua', true],
      ['answer ack p99, burst 200 ms, cold (single)', 3, undefined, undefined],
      ['answer ack p99, burst 200 ms, warm (single)', 1.25, '≤ 1.5× bare + Lua', true],
    ]);
  });
  it("split each window's acks into their three parts beside the bare + Lua baseline's", () => {
    const r = new Report();
    s2Rows(r, 2000, 'redis, 2000', cram, bare);
    const row = r.rows.find((s) => s.figure === '  ack p99, burst 200 ms, cold (single): server read → ack written');
    expect(row).toMatchObject({ value: 88, baseline: 28, baselineName: 'bare + Lua' });
    expect(r.rows.filter((s) => s.figure.includes('slowest 1 % of acks, median'))).toHaveLength(9);
  });
});

describe('against a Cram Night bench server', () => {
  it("reads a room's plan over IPC and finds a room that asks S2's types", async () => {
    const { spawnChild } = await import('../../bench/ipc.js');
    const { connectOne, hostAddress } = await import('../../bench/phone.js');
    const { DECK } = await import('../../bench/one-room.js');
    const server = await spawnChild('cram-memory', 'bench/server.ts', ['cram'], { env: { REDIS_URL: '' } });
    const url = `http://127.0.0.1:${server.info.port as number}`;
    let h = 0;
    try {
      const r = await plannedRoom({
        connect: () => connectOne(url, hostAddress(h++)),
        create: async (host) => (await host.timeout(10_000).emitWithAck('host:create', { deckId: DECK, questionCount: S2_LAYOUT.questions, timeLimit: 10, introSeconds: 0 })) as Record<string, unknown>,
        typesOf: (pin) => server.call<string[]>('planTypes', { pin }),
        want: wantedTypes(),
      });
      r.host.disconnect();
      expect(r.types).toHaveLength(S2_LAYOUT.questions);
      expect(fits(r.types, wantedTypes())).toBe(true);
      // Every type is one the deck has (an unknown id would read '?').
      expect(r.types.every((t) => ['single', 'multi', 'truefalse', 'order', 'match'].includes(t))).toBe(true);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
