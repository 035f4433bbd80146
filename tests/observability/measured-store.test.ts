/** measuredStore times every method the store has, own or inherited, and counts the failed calls by kind. */
import { describe, expect, it } from 'vitest';
import { Metrics } from '../../server/metrics/metrics.js';
import { measuredStore } from '../../server/metrics/store.js';
import { createMemoryStore } from '../../server/store/memory.js';
import { StoreUnavailableError, type RoomStore } from '../../server/store/types.js';

function value(text: string, line: string): number {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : NaN;
}

/** A class-based store (methods on the prototype) whose answerCount fails the way a Redis outage does. */
class Flaky {
  constructor(private readonly inner: RoomStore) {}
  getRoom(pin: string) {
    return this.inner.getRoom(pin);
  }
  answerCount(): Promise<number> {
    return Promise.reject(new StoreUnavailableError('down'));
  }
  playerCount(): Promise<number> {
    return Promise.reject(new Error('bug'));
  }
}

describe('measured store', () => {
  it('times every call of a plain store and a class-based one, and counts failures as unavailable or error', async () => {
    const m = new Metrics();
    const plain = measuredStore(createMemoryStore(), m);
    expect(await plain.getRoom('123456')).toBeNull();
    expect(await plain.answerCount('123456', 0)).toBe(0);
    const flaky = measuredStore(new Flaky(createMemoryStore()) as unknown as RoomStore, m);
    expect(await flaky.getRoom('123456')).toBeNull();
    await expect(flaky.answerCount('123456', 0)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(flaky.playerCount('123456')).rejects.toThrow('bug');
    const text = await m.registry.metrics();
    expect(value(text, 'cram_store_operation_duration_seconds_count{op="getRoom"}')).toBe(2);
    expect(value(text, 'cram_store_operation_duration_seconds_count{op="answerCount"}')).toBe(2);
    expect(value(text, 'cram_store_errors_total{op="answerCount",kind="unavailable"}')).toBe(1);
    expect(value(text, 'cram_store_errors_total{op="playerCount",kind="error"}')).toBe(1);
  });
});
