/**
 * server/plugins/json-encoder.ts: the server's packets are byte for byte what socket.io-parser's Encoder writes —
 * for every packet type, for a payload of every server-to-client event of shared/protocol.ts, and for every packet
 * a real server encodes while a host and players play a game (acks of each kind, refusals included) — without
 * socket.io-parser's search of the payload for binary. A binary argument is encoded as socket.io-parser encodes it.
 */
import type { FastifyInstance } from 'fastify';
import { Encoder, PacketType, type Packet } from 'socket.io-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { scoreQuestion } from '../../server/engine/close.js';
import { clockView } from '../../server/engine/control-views.js';
import { finalView, podiumView, questionView, resultFrame, revealView } from '../../server/engine/views.js';
import { JsonEncoder, jsonParser } from '../../server/plugins/json-encoder.js';
import type { Ack, HostState, PlayerState, QuestionView, ServerToClientEvents } from '../../shared/protocol.js';
import { player, prepared, room } from '../engine/fixtures.js';
import { Bot, expectOk } from '../helpers/bot.js';
import { correctTextOf, startServer } from '../helpers/server.js';

const reference = new Encoder();
const ours = new JsonEncoder();
const same = (p: Packet) => expect(ours.encode(p)).toEqual(reference.encode(p));

/** A payload of every server-to-client event (the type makes the list complete), from the engine's own views where it has them. */
function payloads(): { [E in keyof ServerToClientEvents]: Parameters<ServerToClientEvents[E]>[0] } {
  const qs = prepared();
  const q = qs[0];
  const open = room({ phase: 'question', index: 0, openedAt: 1000, deadline: 21_000, questionCount: qs.length, version: 3 });
  const players = ['p0', 'p1', 'p2'].map((id, i) => player(id, { name: `Ünïcode "${i}" \u2028 😀`, score: i * 300 }));
  const out = scoreQuestion({ ...open, phase: 'closing' }, q, players, [{ playerId: 'p0', answer: { type: 'single', option: 'A' }, at: 1200 }], 30_000);
  const reveal = revealView(out.state, q)!;
  const ended = { ...out.state, phase: 'ended' as const };
  return {
    'game:question': questionView(open, q, 1500),
    'game:reveal': reveal,
    'player:result': resultFrame(out.results.get('p0')!, reveal),
    'game:leaderboard': { index: 0, total: 3, top: [{ id: 'p2', name: players[2].name, score: 600, rank: 1 } as never], players: 3 },
    'game:podium': podiumView(ended, players),
    'player:final': finalView(players[1], 3),
    'host:lobby': { joined: [{ id: 'p9', name: 'Zoë </script>' }], left: ['p1'], count: 3 },
    'game:progress': { index: 0, answered: 1, players: 3 },
    'game:clock': clockView(open, q, 1500),
    'host:presence': { index: 0, names: true, online: ['p0'], offline: [], answered: ['p0'], counts: { players: 3, online: 1, answered: 1 } },
    'host:room': { locked: true },
    'game:restart': { pin: '123456' },
    'player:kicked': { message: 'The host removed you from this game.' },
    'server:status': { store: 'unavailable' },
  };
}

describe('JsonEncoder', () => {
  it('writes what socket.io-parser writes for every packet type, namespace, ack id and JSON shape', () => {
    const data = [
      undefined,
      null,
      ['ev'],
      ['ev', 0, -1.5, 1e21, NaN, true, false, null, '', 'a"b\\c\n\u0000\u2028😀', [1, [2, [3]]], { a: { b: { c: [] } } }, { u: undefined, d: new Date(0), f: () => 1 }],
      [{ ok: false, error: { code: 'BAD_REQUEST', message: 'Bad "nickname"' } }],
      [{ toJSON: () => ({ x: 1 }) }],
    ];
    let n = 0;
    for (const type of [PacketType.CONNECT, PacketType.DISCONNECT, PacketType.EVENT, PacketType.ACK, PacketType.CONNECT_ERROR]) {
      for (const nsp of ['/', '/admin']) {
        for (const id of [undefined, 0, 42]) {
          for (const d of data) {
            same({ type, nsp, id, data: d });
            n++;
          }
        }
      }
    }
    same({ type: PacketType.CONNECT, nsp: '/', data: { sid: 'abc' } });
    same({ type: PacketType.CONNECT_ERROR, nsp: '/', data: { message: 'Origin not allowed' } });
    expect(n).toBe(5 * 2 * 3 * data.length);
  });

  it('writes what socket.io-parser writes for every server-to-client event of the protocol, emitted or acked', () => {
    const all = Object.entries(payloads());
    expect(all.length).toBe(14);
    all.forEach(([event, payload], i) => {
      same({ type: PacketType.EVENT, nsp: '/', data: [event, payload] });
      same({ type: PacketType.ACK, nsp: '/', id: i, data: [{ ok: true, state: payload }] });
    });
  });

  it('does not search the payload for binary: each nested object is read once, by JSON.stringify', () => {
    let reads = 0;
    const nested = { toJSON: () => (reads++, { deep: [1, 2] }) };
    const packet = (): Packet => ({ type: PacketType.ACK, nsp: '/', id: 7, data: [{ ok: true, state: { nested } }] });
    const expected = reference.encode(packet());
    expect(reads).toBe(2); // socket.io-parser: hasBinary's walk calls toJSON, then JSON.stringify does
    reads = 0;
    expect(ours.encode(packet())).toEqual(expected);
    expect(reads).toBe(1);
  });

  it('encodes a binary argument as socket.io-parser does (attachments); binary nested in an object as JSON', () => {
    for (const bin of [Buffer.from([1, 2, 3]), new Uint8Array([4, 5]).buffer, new Blob(['x'])]) {
      for (const type of [PacketType.EVENT, PacketType.ACK]) {
        const packet = (): Packet => ({ type, nsp: '/', id: type === PacketType.ACK ? 3 : undefined, data: type === PacketType.EVENT ? ['file', bin] : [bin] });
        const encoded = ours.encode(packet());
        expect(encoded).toEqual(reference.encode(packet()));
        expect(encoded.length).toBe(2);
      }
    }
    const nested = ours.encode({ type: PacketType.EVENT, nsp: '/', data: ['x', { b: Buffer.from([1]) }] });
    expect(nested).toEqual(['2["x",{"b":{"type":"Buffer","data":[1]}}]']);
  });
});

describe('the server writes every packet with JsonEncoder, as socket.io-parser would', () => {
  let app: FastifyInstance;
  let url: string;
  const seen = new Set<string>();
  const differ: string[] = [];

  beforeAll(async () => {
    ({ app, url } = await startServer(buildApp));
    // Each packet the server encodes (emits, broadcasts, acks) is compared with socket.io-parser's encoding of it.
    const encoder = app.io.encoder as unknown as JsonEncoder;
    const encode = encoder.encode.bind(encoder);
    encoder.encode = (p: Packet) => {
      const expected = reference.encode(p);
      const got = encode(p);
      seen.add(p.type === PacketType.EVENT ? String(p.data[0]) : `type ${p.type}`);
      if (JSON.stringify(got) !== JSON.stringify(expected)) differ.push(`${JSON.stringify(got)} != ${JSON.stringify(expected)}`);
      return got;
    };
  });
  afterAll(async () => {
    await app?.close();
  });

  it('uses JsonEncoder', () => {
    expect(app.io.encoder).toBeInstanceOf(JsonEncoder);
    expect((app.io as unknown as { _parser: unknown })._parser).toBe(jsonParser);
  });

  it('a game: host commands, joins, refusals, a question, its close, the leaderboard, a kick, the end and a restart', async () => {
    const open: Bot[] = [];
    const bot = async () => {
      const b = new Bot(url);
      open.push(b);
      await b.connected();
      return b;
    };
    const code = (a: Ack) => (a.ok ? 'OK' : a.error.code);
    try {
      const host = await bot();
      const created = expectOk(await host.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck', questionCount: 1 }));
      const pin = created.state.pin;
      const auth = { pin, hostToken: created.hostToken };
      const [ann, ben, cat] = await Promise.all([bot(), bot(), bot()]);
      const joined = await Promise.all(
        [ann, ben, cat].map((b, i) => b.call<{ token: string; state: PlayerState }>('player:join', { pin, nickname: ['Ann', 'Bén 😀', 'Cat'][i] })),
      );
      const [a, , c] = joined.map((j) => expectOk(j));
      expect(code(await ben.call('player:join', { pin, nickname: 'Ann' }))).toBe('NAME_TAKEN');
      expect(code(await ben.call('player:join', { pin: 7 }))).toBe('BAD_REQUEST');
      expectOk(await ann.call('room:check', { pin }));
      await host.seenOrNext('host:lobby');
      expectOk(await host.call('host:lock', auth));
      await host.seenOrNext('host:room');
      expectOk(await host.call('host:unlock', auth));
      const question = ann.next<QuestionView>('game:question');
      expectOk(await host.call('host:start', auth));
      const q = await question;
      expectOk(await host.call('host:pause', auth));
      await ann.seenOrNext('game:clock');
      expectOk(await host.call('host:unpause', auth));
      const kicked = cat.next('player:kicked');
      expectOk(await host.call('host:kick', { ...auth, playerIds: [c.state.you.id] }));
      await kicked;
      const right = q.options!.find((o) => o.text === correctTextOf(q.prompt))!.id;
      expectOk(await ann.call('player:answer', { pin, index: q.index, answer: { type: 'single', option: right } }));
      await host.seenOrNext('host:presence');
      const reveal = host.next('game:reveal');
      expectOk(await host.call('host:skip', auth));
      await reveal;
      await ann.seenOrNext('player:result');
      const board = ann.next('game:leaderboard');
      expectOk(await host.call('host:next', auth));
      await board;
      const podium = host.next('game:podium');
      expectOk(await host.call('host:next', auth));
      await podium;
      await ann.seenOrNext('player:final');
      const restart = ann.next('game:restart');
      expectOk(await host.call('host:restart', auth));
      await restart;
      expectOk(await ann.call('player:rejoin', { pin, token: a.token }));
    } finally {
      open.forEach((b) => b.close());
    }
    expect(differ).toEqual([]);
    // Everything but player:result (frames.ts writes it pre-encoded; tests/gateway/frames.test.ts compares it),
    // game:progress (a courtesy count, sent seconds later in a big room) and server:status (a Redis outage).
    for (const event of ['game:question', 'game:reveal', 'game:leaderboard', 'game:podium', 'player:final', 'host:lobby', 'game:clock', 'host:presence', 'host:room', 'game:restart', 'player:kicked']) {
      expect(seen).toContain(event);
    }
    expect(seen).toContain(`type ${PacketType.ACK}`);
    expect(seen).toContain(`type ${PacketType.CONNECT}`);
  });
});
