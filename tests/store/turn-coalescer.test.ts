/**
 * The turn coalescer (server/store/turn-coalescer.ts), against a script of its own: the first item of a turn
 * goes out at once and alone, the rest of the turn as one call per keys and head, in arrival order, at most
 * `max` a call; a failed call fails its own items only, and an item whose result throws fails alone.
 */
import { describe, expect, it } from 'vitest';
import { turnCoalescer, type Head, type TurnScript } from '../../server/store/turn-coalescer.js';
import { turn } from '../helpers/fake-send.js';

const A = ['a:1', 'a:2'];
const B = ['b:1', 'b:2'];

/** One item: its name and a number; the reply to a call: each item's number doubled, or a failure. */
type Reply = number[];
interface Sent {
  keys: readonly string[];
  head: Head;
  /** The items' names. */
  items: string[];
}

/** A script that records each call it is asked for (alone or several) and answers or fails it. */
function fakeScript(max: number, failing: (call: number) => Error | undefined = () => undefined) {
  const sent: Sent[] = [];
  const reply = (keys: readonly string[], head: Head, values: readonly (string | number)[]): Promise<Reply> => {
    const items: string[] = [];
    const out: Reply = [];
    for (let i = 0; i < values.length; i += 2) {
      items.push(values[i] as string);
      out.push(2 * (values[i + 1] as number));
    }
    sent.push({ keys, head, items });
    const err = failing(sent.length);
    return err ? Promise.reject(err) : Promise.resolve(out);
  };
  const script: TurnScript<string | number, Reply> = {
    max,
    one: (keys, head, name, n) => reply(keys, head, [name, n]).then((r) => `${name}=${r[0]}`),
    push: (values, name, n) => void values.push(name, n),
    call: (keys, head, values, settle, fail) => void reply(keys, head, values).then(settle, fail),
    read: (r, values, i) => {
      if (values[2 * i] === 'bad') throw new Error('bad item');
      return `${values[2 * i]}=${r[i]}`;
    },
  };
  return { script, sent };
}

describe('turn coalescer: when the calls go out', () => {
  it('sends the first item of a turn at once and alone, the rest of the turn in one call before a write armed after the first send', async () => {
    const { script, sent } = fakeScript(100);
    const add = turnCoalescer('ttl', script);
    const results = [add(A, 'x', 'y', 'i0', 0)];
    expect(sent.map((s) => s.items)).toEqual([['i0']]);
    // node-redis arms its write (a setImmediate) at the first command it queues: after the coalescer's.
    let atWrite = -1;
    setImmediate(() => (atWrite = sent.length));
    for (let i = 1; i < 10; i++) results.push(add(A, 'x', 'y', `i${i}`, i));
    expect(sent).toHaveLength(1);
    await turn();
    expect(atWrite).toBe(2);
    expect(sent[1]).toEqual({ keys: A, head: ['ttl', 'x', 'y'], items: Array.from({ length: 9 }, (_, i) => `i${i + 1}`) });
    expect(sent[0].head).toEqual(['ttl', 'x', 'y']);
    // Each item its own result, in the order it came.
    expect(await Promise.all(results)).toEqual(Array.from({ length: 10 }, (_, i) => `i${i}=${2 * i}`));
    // The next turn starts over: its first item goes out at once, alone.
    void add(A, 'x', 'y', 'late', 1);
    expect(sent).toHaveLength(3);
    expect(sent[2].items).toEqual(['late']);
    await turn();
    expect(sent).toHaveLength(3);
  });

  it('groups the items of every callback of one turn, though microtasks run between them (the sockets’ frames of one read)', async () => {
    const { script, sent } = fakeScript(100);
    const add = turnCoalescer('ttl', script);
    const results: Promise<unknown>[] = [];
    for (let i = 0; i < 4; i++) setImmediate(() => void results.push(add(A, 'x', 'y', `i${i}`, i)));
    await turn();
    await turn();
    expect(await Promise.all(results)).toEqual(['i0=0', 'i1=2', 'i2=4', 'i3=6']);
    expect(sent.map((s) => s.items.join(' '))).toEqual(['i0', 'i1 i2 i3']);
  });

  it('keeps keys and each value of the head apart: one call each, in the order each was first seen, items in arrival order', async () => {
    const { script, sent } = fakeScript(100);
    const add = turnCoalescer('ttl', script);
    const all = [
      add(A, 'x', 'y', 'a', 1),
      add(A, 'x', 'y', 'b', 2),
      add(B, 'x', 'y', 'c', 3),
      add(A, 'x', 'z', 'd', 4),
      add(A, 'x', 'y', 'e', 5),
      add(A, 'w', 'y', 'f', 6),
      add([...A], 'x', 'y', 'g', 7),
      add(B, 'x', 'y', 'h', 8),
    ];
    expect(await Promise.all(all)).toEqual(['a=2', 'b=4', 'c=6', 'd=8', 'e=10', 'f=12', 'g=14', 'h=16']);
    expect(sent.map((s) => [s.keys[0], ...s.head.slice(1), s.items.join('')])).toEqual([
      ['a:1', 'x', 'y', 'a'],
      ['a:1', 'x', 'y', 'be'],
      ['a:1', 'x', 'z', 'd'],
      ['a:1', 'w', 'y', 'f'],
      ['b:1', 'x', 'y', 'ch'],
      // The keys are a group's by identity (the store's per-PIN array), not by content.
      ['a:1', 'x', 'y', 'g'],
    ]);
    expect(sent[1].keys).toBe(A);
    expect(sent[5].keys).not.toBe(A);
  });

  it('splits the items of one group into calls of at most max', async () => {
    const { script, sent } = fakeScript(3);
    const add = turnCoalescer('ttl', script);
    const all = Array.from({ length: 9 }, (_, i) => add(A, 'x', 'y', `i${i}`, i));
    // Another group in the same turn fills its own calls.
    all.push(add(B, 'x', 'y', 'j0', 0), add(B, 'x', 'y', 'j1', 1));
    expect(await Promise.all(all)).toHaveLength(11);
    expect(sent.map((s) => s.items.join(' '))).toEqual(['i0', 'i1 i2 i3', 'i4 i5 i6', 'i7 i8', 'j0 j1']);
  });
});

describe('turn coalescer: failures', () => {
  it('fails every item of a call that fails, and only those: the first item’s call and the other groups are answered', async () => {
    const failure = new Error('connection lost');
    const { script, sent } = fakeScript(100, (call) => (call === 2 ? failure : undefined));
    const add = turnCoalescer('ttl', script);
    const first = add(A, 'x', 'y', 'a', 1);
    const failed = [add(A, 'x', 'y', 'b', 2), add(A, 'x', 'y', 'c', 3)];
    const other = add(B, 'x', 'y', 'd', 4);
    await expect(first).resolves.toBe('a=2');
    for (const r of failed) await expect(r).rejects.toBe(failure);
    await expect(other).resolves.toBe('d=8');
    expect(sent.map((s) => s.items.join(''))).toEqual(['a', 'bc', 'd']);
  });

  it('fails the first item alone when its call fails, and the turn’s other calls still go out', async () => {
    const failure = new Error('connection lost');
    const { script } = fakeScript(100, (call) => (call === 1 ? failure : undefined));
    const add = turnCoalescer('ttl', script);
    const first = add(A, 'x', 'y', 'a', 1);
    const rest = [add(A, 'x', 'y', 'b', 2), add(A, 'x', 'y', 'c', 3)];
    await expect(first).rejects.toBe(failure);
    expect(await Promise.all(rest)).toEqual(['b=4', 'c=6']);
  });

  it('fails an item whose own result throws, and only that item of its call', async () => {
    const { script } = fakeScript(100);
    const add = turnCoalescer('ttl', script);
    void add(A, 'x', 'y', 'a', 1);
    const call = [add(A, 'x', 'y', 'b', 2), add(A, 'x', 'y', 'bad', 3), add(A, 'x', 'y', 'c', 4)];
    await expect(call[0]).resolves.toBe('b=4');
    await expect(call[1]).rejects.toThrow('bad item');
    await expect(call[2]).resolves.toBe('c=8');
  });
});
