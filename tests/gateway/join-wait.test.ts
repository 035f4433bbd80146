/**
 * What a player:join keeps while the store seats the player (server/gateway/join.ts). In a burst of 5,000
 * Redis joins every join waits about one event-loop turn for its script call's reply, and whatever it keeps
 * meanwhile survives a scavenge and is promoted: the handler waits on one reaction holding the socket, the
 * PIN and the player, not an async function's whole frame (every local of the handler, for the whole join).
 */
import { createHook } from 'node:async_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/protocol.js';
import type { PlayerRecord, RoomState } from '../../server/engine/types.js';
import { ClientEvents } from '../../server/gateway/ack.js';
import type { GameService } from '../../server/gateway/game-service.js';
import { registerJoinHandlers } from '../../server/gateway/join.js';
import { SocketEvents } from '../../server/gateway/socket-events.js';
import type { GameSocket } from '../../server/gateway/types.js';
import type { JoinRoomResult } from '../../server/store/types.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

type Middleware = (packet: unknown[], next: () => void) => void;

const lobby = { pin: '123456', phase: 'lobby', index: -1, version: 1, createdAt: 1, deckTitle: 'Deck' } as unknown as RoomState;

/** The join handler alone, on a store whose joinRoom the test answers; no per-address guard, no metrics. */
function gateway(joinRoom: (pin: string, player: PlayerRecord) => Promise<JoinRoomResult>) {
  const joined: string[] = [];
  const svc = {
    store: { joinRoom, getPlayer: () => Promise.resolve(null) },
    now: () => 1_000,
    batcher: { joined: (_pin: string, p: { name: string }) => void joined.push(p.name), presence: () => {} },
    questions: () => Promise.resolve([]),
  } as unknown as GameService;
  const events = new ClientEvents({}, { error: () => {} });
  registerJoinHandlers(events, svc, { maxPlayers: 10_000, presenceGraceMs: 0 });
  const table = new SocketEvents().add(events);
  const socket = (i: number) => {
    let middleware!: Middleware;
    const s = {
      id: `s${i}`,
      connected: true,
      disconnected: false,
      data: { tokens: 30, refilledAt: Date.now() },
      handshake: { address: '127.0.0.1' },
      on: () => {},
      use: (fn: Middleware) => void (middleware = fn),
      join: () => {},
    } as unknown as GameSocket;
    table.attach(s);
    return (payload: object, ack: (a: Ack) => void) => middleware(['player:join', payload, ack], () => {});
  };
  return { socket, joined };
}

const seatedIn = (room: RoomState, players: number): JoinRoomResult => ({ status: 'ok', room, players, online: players });

describe('player:join: what a join keeps while the store seats it', () => {
  it('a lobby join makes 2 promises from its event to its ack: the store call’s reaction and the ack’s', async () => {
    const store = Promise.resolve(seatedIn(lobby, 1));
    const g = gateway(() => store);
    for (const [i, name] of ['Ada', 'Bo', 'Cy'].entries()) {
      const send = g.socket(i);
      // Every promise V8 makes from the event until its ack is sent (async_hooks).
      let promises = 0;
      // From a fresh turn (setImmediate): no microtask of the test runner's runs in between.
      const ack = await new Promise<Ack>((resolve) =>
        setImmediate(() => {
          const hook = createHook({ init: (_id, type) => void (type === 'PROMISE' && promises++) }).enable();
          send({ pin: '123456', nickname: name }, (a) => (hook.disable(), resolve(a)));
        }),
      );
      expect(ack.ok).toBe(true);
      // The store call's reaction and the gateway's (ack.ts). The async handler made 4 more: its own
      // promise and an await's, and the frame it kept until the ack.
      expect(promises).toBe(2);
    }
    expect(g.joined).toEqual(['Ada', 'Bo', 'Cy']);
  });

  it('5,000 joins waiting on the store each keep under 1 KB (an async handler frame kept ~1.3 KB)', () => {
    const pending = new Promise<JoinRoomResult>(() => {});
    const g = gateway(() => pending);
    const n = 5_000;
    const sends = Array.from({ length: n }, (_, i) => g.socket(i));
    const payloads = Array.from({ length: n }, (_, i) => ({ pin: '123456', nickname: `Player${i}` }));
    const ack = () => {};
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < n; i++) sends[i](payloads[i], ack);
    gc();
    // Here ~850 B: the player's record, the ack's Reply and reactions, the store call's reaction and what it holds.
    const perJoin = (process.memoryUsage().heapUsed - before) / n;
    expect(perJoin).toBeLessThan(1024);
  });
});
