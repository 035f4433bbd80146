/**
 * Room transitions take turns of the event loop (server/timer/turns.ts): several rooms moving on at once
 * write their frames one room per turn, and the poll phase reads what arrived (answers) between them.
 * The I/O check: a byte written on a loopback TCP connection during one waiter's turn is in the kernel
 * when the write returns, so the next poll phase reads it — before the next waiter if the loop went round.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GameService } from '../../server/gateway/game-service.js';
import type { IO } from '../../server/gateway/types.js';
import { createMemoryStore } from '../../server/store/memory.js';
import { TurnQueue } from '../../server/timer/turns.js';
import { deck, player, room } from '../engine/fixtures.js';

const log = { info() {}, warn() {}, error() {} };

/** A loopback connection: `poke()` writes a byte; `order` gets 'read' when the server side's read callback runs. */
let server: Server;
let client: Socket;
let order: string[];
beforeEach(async () => {
  order = [];
  server = createServer((s) => s.on('data', () => order.push('read')));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  client = connect(port, '127.0.0.1');
  client.setNoDelay(true);
  await new Promise<void>((r) => client.once('connect', r));
  // Let the server side accept the connection before the test writes.
  await new Promise((r) => setTimeout(r, 20));
});
afterEach(async () => {
  client.destroy();
  await new Promise((r) => server.close(r));
});
const poke = () => client.write('x');
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('TurnQueue', () => {
  it('lets one waiter through per turn of the event loop: I/O that arrives in one waiter’s turn is read before the next', async () => {
    const q = new TurnQueue();
    const done = [1, 2, 3].map((i) =>
      q.next().then(() => {
        order.push(`w${i}`);
        if (i === 1) poke();
      }),
    );
    await Promise.all(done);
    await settle();
    expect(order).toEqual(['w1', 'read', 'w2', 'w3']);
    expect(q.waiting).toBe(0);
  });

  it('serves waiters that are ready to write before those waiting to start, each line first come first served', async () => {
    const q = new TurnQueue();
    const seen: string[] = [];
    await Promise.all([
      q.next('start').then(() => seen.push('s1')),
      q.next('start').then(() => seen.push('s2')),
      q.next('write').then(() => seen.push('w1')),
      q.next().then(() => {
        seen.push('w2');
        // Ready to write while starts still wait: goes first.
        void q.next('write').then(() => seen.push('w3'));
      }),
    ]);
    await settle();
    expect(seen).toEqual(['w1', 'w2', 'w3', 's1', 's2']);
  });
});

/** A Socket.IO stand-in that records each room-wide and host emit, and runs `onEmit` at each. */
function fakeIo(onEmit: (channel: string, event: string) => void): IO {
  const emitter = (channel: string) => ({ emit: (event: string) => (onEmit(channel, event), true) });
  return {
    to: emitter,
    local: { to: emitter },
    of: () => ({ adapter: { rooms: new Map(), serverCount: async () => 1 }, sockets: new Map() }),
  } as unknown as IO;
}

describe('GameService: rooms whose deadlines pass in the same tick', () => {
  it('closes each in a turn of its own, refuses answers received after the deadline meanwhile, scores from the receipt times', async () => {
    const pins = ['100001', '100002', '100003', '100004'];
    const store = createMemoryStore();
    let clock = 1_000_000;
    const reveals: string[] = [];
    let lateAnswer: unknown;
    const io = fakeIo((channel, event) => {
      if (event !== 'game:reveal') return;
      const pin = channel.split(':')[1];
      reveals.push(pin);
      order.push(`reveal ${pin}`);
      if (reveals.length === 1) {
        poke();
        // Time goes by while the other rooms' closes wait: an answer received now is after their deadline.
        clock += 700;
        lateAnswer = store.recordAnswer(pins[3], 0, { playerId: 'B', answer: { type: 'truefalse', value: true }, at: clock });
      }
    });
    const svc = new GameService(io, store, new Map([[deck.id, deck]]), log, () => clock);
    const hostToken = 'host-secret-token-0000';
    for (const pin of pins) {
      expect(await store.createRoom(room({ pin, hostToken, createdAt: clock }), { deckId: deck.id, ids: ['tf1'], seed: 1, durationsMs: [10_000] })).toBe(true);
      for (const id of ['A', 'B']) await store.addPlayer(pin, player(id), 100);
      await svc.apply(pin, { type: 'start', hostToken });
    }
    const { deadline, openedAt } = (await store.getRoom(pins[0]))!;
    // A answers every room right, 2.5 s in; B answers no room in time.
    for (const pin of pins) {
      const r = await store.recordAnswer(pin, 0, { playerId: 'A', answer: { type: 'truefalse', value: true }, at: openedAt + 2500 });
      expect(r.status).toBe('ok');
    }
    clock = deadline + 1;
    for (const pin of pins) svc.scheduler.schedule(pin, 0, Date.now());
    while (reveals.length < pins.length) await new Promise((r) => setTimeout(r, 5));
    await settle();

    // One room per turn: the byte written in the first room's turn was read before the last room's frames.
    expect(reveals).toEqual(pins);
    expect(order.indexOf('read')).toBeGreaterThan(0);
    expect(order.indexOf('read')).toBeLessThan(order.indexOf(`reveal ${pins[3]}`));
    // The store decides "open" by the answer's receipt stamp against the deadline, not by when the close runs.
    expect(await lateAnswer).toEqual({ status: 'closed' });
    // Every room scored the same way: from A's receipt time, not from when its close ran.
    const scores = await Promise.all(pins.map(async (pin) => Object.fromEntries((await store.listPlayers(pin)).map((p) => [p.id, p.score]))));
    expect(scores[0].A).toBeGreaterThan(0);
    for (const s of scores) expect(s).toEqual({ A: scores[0].A, B: 0 });
    for (const pin of pins) expect((await store.getRoom(pin))?.phase).toBe('reveal');
    svc.stop();
    await store.close();
  });
});
