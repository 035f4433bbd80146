import { describe, expect, it } from 'vitest';
import { HealthWatch } from '../../server/gateway/health-watch.js';
import type { IO } from '../../server/gateway/types.js';
import type { RoomStore } from '../../server/store/types.js';

/** A store whose ping answers what the test says, and an io that records every status sent. */
function setup(failuresToTell?: number) {
  const pings: boolean[] = [];
  const store = { ping: async () => pings.shift() ?? true } as unknown as RoomStore;
  const sent: string[] = [];
  const io = { local: { emit: (_e: string, s: { store: string }) => sent.push(s.store) } } as unknown as IO;
  const log = { warn: () => {}, info: () => {} };
  const watch = new HealthWatch(io, store, log, [], 1000, failuresToTell);
  const run = async (...results: boolean[]) => {
    pings.push(...results);
    for (let i = 0; i < results.length; i++) await watch.check();
  };
  return { watch, sent, run };
}

describe('HealthWatch', () => {
  it('tells nobody of one late ping (an overloaded loop), and tells everyone once of two in a row', async () => {
    const { watch, sent, run } = setup();
    await run(false, true, false, true);
    expect(sent).toEqual([]);
    expect(watch.current).toBe('ok');
    await run(false, false, false);
    expect(sent).toEqual(['unavailable']);
    expect(watch.current).toBe('unavailable');
  });

  it('tells "ok" at the first check that passes, and counts failures afresh after it', async () => {
    const { sent, run } = setup();
    await run(false, false, true);
    expect(sent).toEqual(['unavailable', 'ok']);
    await run(false, true, false);
    expect(sent).toEqual(['unavailable', 'ok']);
  });

  it('a failing extra check (the adapter down) counts as a failure like the ping', async () => {
    const sent: string[] = [];
    const io = { local: { emit: (_e: string, s: { store: string }) => sent.push(s.store) } } as unknown as IO;
    const store = { ping: async () => true } as unknown as RoomStore;
    const watch = new HealthWatch(io, store, { warn: () => {}, info: () => {} }, [() => 'adapter down']);
    await watch.check();
    expect(sent).toEqual([]);
    await watch.check();
    expect(sent).toEqual(['unavailable']);
  });

  it('with failuresToTell 1, tells at the first failure', async () => {
    const { sent, run } = setup(1);
    await run(false);
    expect(sent).toEqual(['unavailable']);
  });
});
