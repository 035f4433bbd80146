/**
 * Fuzz: 3,000+ hostile payloads over every documented client event and some undocumented ones
 * (wrong types, huge strings, deep nesting, prototype keys, unknown events, events in the wrong
 * phase, the victim room's real PIN with everything but its host token), from 100 sockets on 10
 * addresses against a real server. Afterwards: the server is up, every acked event got a refusal
 * (never INTERNAL), the victim room's state, players and answers are unchanged, no prototype was
 * polluted, and a normal game plays through to the podium. The game's traffic is then scanned: no
 * payload before a question's reveal carries its answer key, its explanation or its option "whys".
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { schemas } from '../../shared/schemas.js';
import type { Ack, HostState, PlayerResultFrame, PlayerState, QuestionView, RevealView } from '../../shared/protocol.js';
import { Bot, expectOk, type Received } from '../helpers/bot.js';
import { startServer } from '../helpers/server.js';

let app: FastifyInstance;
let url: string;
const bots: Bot[] = [];
beforeAll(async () => {
  ({ app, url } = await startServer(buildApp));
});
afterAll(async () => {
  bots.forEach((b) => b.close());
  await app?.close();
});

/** A small seeded PRNG (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EVENTS = Object.keys(schemas);
const UNKNOWN = ['admin:give', 'host:reveal', 'player:score', '__proto__', 'constructor', 'game:question', 'x'.repeat(300)];

function deep(depth: number, asArray: boolean): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

function hostileValue(r: () => number, pin: string, depth = 0): unknown {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const kinds = [
    () => null,
    () => undefined,
    () => Math.floor(r() * 1e9) * (r() < 0.5 ? -1 : 1),
    () => pick([NaN, Infinity, -0, 1e308, 0.5, Number.MAX_SAFE_INTEGER + 2]),
    () => pick([true, false]),
    () => pick(['', ' ', pin, `${pin} `, '0'.repeat(6), '12345', '1234567', '١٢٣٤٥٦', '\u0000', '<script>alert(1)</script>', '${7*7}', '../../etc/passwd']),
    () => 'A'.repeat(Math.floor(r() * 4000)),
    () => '\u202E\u3164\u2800'.repeat(Math.floor(r() * 50)),
    () => deep(50 + Math.floor(r() * 500), r() < 0.5),
    () => JSON.parse('{"__proto__": {"polluted": true}, "pin": "' + pin + '"}'),
    () => ({ constructor: { prototype: { polluted: true } }, pin }),
    () => depth < 2 ? Array.from({ length: Math.floor(r() * 5) }, () => hostileValue(r, pin, depth + 1)) : [],
    () => depth < 2 ? { pin, hostToken: pick(['x'.repeat(16), 'A'.repeat(64), '', null]), nickname: hostileValue(r, pin, depth + 1), index: hostileValue(r, pin, depth + 1), answer: hostileValue(r, pin, depth + 1), token: 'y'.repeat(20), playerId: hostileValue(r, pin, depth + 1), extra: 1 } : {},
    () => ({ type: pick(['single', 'multi', 'truefalse', 'match', 'order', 'hax']), option: pick(['A', 'Z', '', 'A'.repeat(9)]), options: ['A', 'A', 'B'], value: 'true', pairs: [{ left: 'L1', right: 'L1' }], order: ['S1', 'S1'] }),
  ];
  return pick(kinds)();
}

/** A payload for `event`: mostly hostile, sometimes almost right (the real PIN, a wrong host token, an invalid name). */
function payloadFor(event: string, r: () => number, pin: string): unknown {
  const x = r();
  if (x < 0.15) return { pin, hostToken: 'Z'.repeat(32) };
  if (x < 0.25) return { pin, nickname: ['\u3164', 'HOST: game over', '', 'x'.repeat(30), 'Al\u200Bice'][Math.floor(r() * 5)] };
  if (x < 0.3) return { pin, index: Math.floor(r() * 5), answer: { type: 'single', option: 'A' } };
  if (x < 0.35) return { pin, token: 'T'.repeat(32) };
  if (x < 0.4 && event === 'host:create') return { deckId: 'nope', scoring: 'hax', questionCount: -1 };
  return hostileValue(r, pin);
}

async function snapshot(pin: string) {
  const store = app.game.store;
  const room = await store.getRoom(pin);
  return { room, players: await store.listPlayers(pin), answers: room && room.index >= 0 ? await store.getAnswers(pin, room.index) : [] };
}

function keysDeep(v: unknown, out: { correct: unknown[]; strings: string[] }, depth = 0): void {
  if (depth > 20 || v === null || typeof v !== 'object') {
    if (typeof v === 'string') out.strings.push(v);
    return;
  }
  for (const [k, val] of Object.entries(v)) {
    if (k === 'correct' && typeof val === 'object' && val !== null) out.correct.push(val);
    keysDeep(val, out, depth + 1);
  }
}

describe('fuzz: hostile payloads change nothing', () => {
  it('3,000+ hostile payloads, then a normal game plays through with no answer key before its reveal', { timeout: 120_000 }, async () => {
    const host = new Bot(url, { localAddress: '127.0.10.1' });
    bots.push(host);
    await host.connected();
    const created = expectOk(await host.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck' }));
    const pin = created.state.pin;
    const auth = { pin, hostToken: created.hostToken };
    const players: Bot[] = [];
    for (const [i, name] of ['Ann', 'Ben', 'Cy'].entries()) {
      const b = new Bot(url, { localAddress: `127.0.10.${i + 2}` });
      bots.push(b);
      await b.connected();
      expectOk(await b.call<{ state: PlayerState }>('player:join', { pin, nickname: name }));
      players.push(b);
    }
    const before = await snapshot(pin);

    const r = rng(15);
    const attackers: Bot[] = [];
    for (let a = 0; a < 10; a++) {
      for (let s = 0; s < 10; s++) {
        const b = new Bot(url, { localAddress: `127.0.11.${a + 1}` });
        bots.push(b);
        attackers.push(b);
      }
    }
    await Promise.all(attackers.map((b) => b.connected()));

    const codes = new Map<string, number>();
    let sent = 0;
    let acked = 0;
    let dropped = 0;
    await Promise.all(
      attackers.map(async (first, a) => {
        let b = first;
        for (let i = 0; i < 31; i++) {
          if (!b.socket.connected) {
            // Over 16 KB closes the connection: the attacker simply opens another.
            dropped++;
            b = new Bot(url, { localAddress: `127.0.11.${(a % 10) + 1}` });
            bots.push(b);
            await b.connected();
          }
          sent++;
          if (r() < 0.05) {
            const ev = UNKNOWN[Math.floor(r() * UNKNOWN.length)];
            (b.socket as unknown as { emit(e: string, p: unknown): void }).emit(ev, hostileValue(r, pin));
            continue;
          }
          const ev = EVENTS[Math.floor(r() * EVENTS.length)];
          const payload = r() < 0.01 ? 'x'.repeat(20_000) : payloadFor(ev, r, pin);
          try {
            const ack = (await (b.socket as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<Ack> } }).timeout(5000).emitWithAck(ev, payload)) as Ack;
            acked++;
            const c = ack && typeof ack === 'object' && 'ok' in ack ? (ack.ok ? 'OK' : ack.error.code) : 'NO_ACK_SHAPE';
            codes.set(c, (codes.get(c) ?? 0) + 1);
          } catch {
            await new Promise((res) => setTimeout(res, 50));
          }
        }
      }),
    );
    // Events in the wrong phase from the real host.
    for (const ev of ['host:next', 'host:skip', 'host:next', 'host:skip'] as const) {
      sent++;
      expect((await host.call(ev, auth)) as Ack).toMatchObject({ ok: false, error: { code: 'WRONG_PHASE' } });
    }
    for (const p of players) {
      sent++;
      expect(await p.call('player:answer', { pin, index: 0, answer: { type: 'single', option: 'A' } })).toMatchObject({ ok: false, error: { code: 'WRONG_PHASE' } });
    }

    expect(sent).toBeGreaterThanOrEqual(3000);
    expect(acked).toBeGreaterThan(2500);
    expect(codes.get('INTERNAL') ?? 0).toBe(0);
    expect(codes.get('NO_ACK_SHAPE') ?? 0).toBe(0);
    expect(codes.get('BAD_REQUEST')).toBeGreaterThan(1000);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(await snapshot(pin)).toEqual(before);
    expect(dropped).toBeLessThan(100);

    // A normal game plays through, every payload recorded by the host and the three players.
    const room = (await app.game.store.getRoom(pin))!;
    const qs = await app.game.questions(room);
    for (let q = 0; q < room.questionCount; q++) {
      const views = players.map((p) => p.next<QuestionView>('game:question', (v) => v.index === q));
      expectOk(await host.call(q === 0 ? 'host:start' : 'host:next', auth));
      const view = await views[0];
      await Promise.all(views);
      const reveal = host.next<RevealView>('game:reveal', (v) => v.index === q);
      for (const p of players) {
        const answer =
          view.type === 'single' ? { type: 'single', option: view.options![0].id }
          : view.type === 'truefalse' ? { type: 'truefalse', value: true }
          : view.type === 'multi' ? { type: 'multi', options: [view.options![0].id] }
          : null;
        if (answer) expectOk(await p.call('player:answer', { pin, index: q, answer }));
      }
      if (!view.options && view.type !== 'truefalse') expectOk(await host.call('host:skip', auth));
      await reveal;
      expectOk(await host.call('host:next', auth)); // to the leaderboard
    }
    const podium = host.next('game:podium');
    expectOk(await host.call('host:next', auth));
    await podium;

    // The scan: before question i's reveal reached a client, nothing it received carried question i's key.
    // The host gets the reveal as game:reveal; a phone inside its player:result.
    const revealIn = (e: Received): RevealView | undefined =>
      e.event === 'game:reveal' ? (e.payload as RevealView) : e.event === 'player:result' ? (e.payload as PlayerResultFrame).reveal : undefined;
    for (const b of [host, ...players]) {
      expect(b.events(b === host ? 'player:result' : 'game:reveal')).toEqual([]);
      for (let q = 0; q < qs.length; q++) {
        const revealed = b.received.find((e) => revealIn(e)?.index === q);
        const revealAt = revealed?.at ?? Infinity;
        const secret = [qs[q].explanation, ...Object.values(qs[q].whys)].filter((s) => s.length > 12);
        // The scan can see a key: the reveal itself carries it, and the secret prose.
        const inReveal = { correct: [] as unknown[], strings: [] as string[] };
        keysDeep(revealed && revealIn(revealed), inReveal);
        expect(inReveal.correct).toContainEqual(qs[q].correct);
        expect(secret.length).toBeGreaterThan(0);
        expect(secret.some((x) => inReveal.strings.some((y) => y.includes(x)))).toBe(true);
        for (const e of b.received.filter((x) => x.at < revealAt && !revealIn(x))) {
          const found = { correct: [] as unknown[], strings: [] as string[] };
          keysDeep(e.payload, found);
          for (const c of found.correct) expect(c, `${e.event} before reveal ${q}`).not.toEqual(qs[q].correct);
          for (const s of secret) expect(found.strings.some((x) => x.includes(s)), `${e.event} leaks "${s.slice(0, 30)}"`).toBe(false);
        }
      }
    }
  });
});
