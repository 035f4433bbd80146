/**
 * Per-address limits against a real server on 127.0.0.1. Each client address is a loopback address
 * of its own (127.0.0.0/8 all reach the server), so the tests show what one network gets:
 * a classroom behind one address gets in with the default limits, floods are refused with
 * RATE_LIMITED and the seconds to wait, and other addresses are not affected.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildApp, type AppOptions } from '../../server/app.js';
import type { Ack, HostState, PlayerState } from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';
import { startServer } from '../helpers/server.js';

const servers: FastifyInstance[] = [];
const bots: Bot[] = [];
afterEach(() => {
  bots.splice(0).forEach((b) => b.close());
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function server(opts: AppOptions = {}): Promise<string> {
  const { app, url } = await startServer(buildApp, opts);
  servers.push(app);
  return url;
}

let nextAddr = 10;
/** A fresh loopback address: a network of its own. */
const network = () => `127.0.${Math.floor(nextAddr / 250)}.${(nextAddr++ % 250) + 2}`;

async function bot(url: string, localAddress: string, extra: object = {}): Promise<Bot> {
  const b = new Bot(url, { localAddress, ...extra });
  bots.push(b);
  await b.connected();
  return b;
}

const code = (ack: Ack) => (ack.ok ? 'OK' : ack.error.code);
const unusedPin = (live: Set<string>) => {
  for (;;) {
    const p = String(100000 + Math.floor(Math.random() * 900000));
    if (!live.has(p)) return p;
  }
};

function expectWait(ack: Ack): number {
  expect(ack.ok).toBe(false);
  if (ack.ok) return 0;
  expect(ack.error.code).toBe('RATE_LIMITED');
  expect(ack.error.message).toMatch(/try again in \d+ seconds?\./);
  expect(ack.error.retryAfterSec).toBeGreaterThan(0);
  return ack.error.retryAfterSec!;
}

describe('a real classroom behind one address gets in (default limits)', () => {
  it('300 players join one room from one address with a few mistyped PINs, and 30 teachers create rooms', { timeout: 90_000 }, async () => {
    const url = await server();
    const school = network();
    const teachers: { pin: string }[] = [];
    for (let i = 0; i < 30; i++) {
      const h = await bot(url, school);
      const c = expectOk(await h.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck' }));
      teachers.push({ pin: c.state.pin });
    }
    const live = new Set(teachers.map((t) => t.pin));
    const pin = teachers[0].pin;
    const players: Bot[] = [];
    for (let i = 0; i < 300; i += 50) {
      const batch = await Promise.all(Array.from({ length: 50 }, () => bot(url, school)));
      players.push(...batch);
    }
    // Ten phones mistype the PIN first.
    for (const p of players.slice(0, 10)) expect(code(await p.call('room:check', { pin: unusedPin(live) }))).toBe('ROOM_NOT_FOUND');
    const acks = await Promise.all(
      players.map(async (p, i) => {
        expectOk(await p.call('room:check', { pin }));
        return p.call<{ state: PlayerState }>('player:join', { pin, nickname: `Student ${i}` });
      }),
    );
    expect(acks.map(code).filter((c) => c !== 'OK')).toEqual([]);
  });
});

describe('floods from one address are refused with the time to wait', () => {
  const small: AppOptions = {
    security: {
      limits: {
        connect: { steady: { points: 12, seconds: 60 } },
        create: { steady: { points: 2, seconds: 60 }, burst: { points: 3, seconds: 600 } },
        lookupFail: { steady: { points: 3, seconds: 60 }, burst: { points: 2, seconds: 3600 } },
        join: { steady: { points: 4, seconds: 60 }, burst: { points: 2, seconds: 600 } },
      },
      socketsPerAddress: 8,
    },
  };

  it('room creation: a new socket per room does not get a fresh budget', async () => {
    const url = await server(small);
    const attacker = network();
    const results: string[] = [];
    let last: Ack = { ok: true };
    for (let i = 0; i < 7; i++) {
      const b = await bot(url, attacker);
      last = await b.call('host:create', { deckId: 'test-deck' });
      results.push(code(last));
      b.close();
    }
    expect(results).toEqual(['OK', 'OK', 'OK', 'OK', 'OK', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(expectWait(last)).toBeLessThanOrEqual(60);
    expect((last as { error: { message: string } }).error.message).toMatch(/^Too many new games from your network/);
    // Another network still creates rooms.
    expect(code(await (await bot(url, network())).call('host:create', { deckId: 'test-deck' }))).toBe('OK');
  });

  it('PIN guessing: failed look-ups are spent, then every look-up waits, even of a live PIN, even in parallel', async () => {
    const url = await server(small);
    const host = await bot(url, network());
    const livePin = expectOk(await host.call<{ state: HostState }>('host:create', { deckId: 'test-deck' })).state.pin;
    const live = new Set([livePin]);
    const guesser = network();
    const socks = await Promise.all(Array.from({ length: 4 }, () => bot(url, guesser)));
    const events = ['room:check', 'player:join', 'host:start', 'host:resume'] as const;
    const payload = (ev: (typeof events)[number], pin: string) =>
      ev === 'room:check' ? { pin } : ev === 'player:join' ? { pin, nickname: 'G' } : { pin, hostToken: 'y'.repeat(32) };
    const acks = await Promise.all(
      Array.from({ length: 80 }, (_, i) => {
        const ev = events[i % 4];
        return socks[i % 4].call(ev, payload(ev, unusedPin(live)));
      }),
    );
    const codes = acks.map(code);
    // The budget is 3 + 2: five guesses, and the one that finds it spent, are answered; the rest wait.
    expect(codes.filter((c) => c === 'ROOM_NOT_FOUND')).toHaveLength(6);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(74);
    const wait = expectWait(await socks[0].call('room:check', { pin: livePin }));
    expect(wait).toBeLessThanOrEqual(60);
    expect((acks.find((a) => !a.ok && a.error.code === 'RATE_LIMITED') as { error: { message: string } }).error.message).toMatch(/^Too many wrong PINs/);
    // A phone on another network finds the live room at once.
    expect(code(await (await bot(url, network())).call('room:check', { pin: livePin }))).toBe('OK');
    // A rejoin says the same for a dead PIN and a live one (UNKNOWN_PLAYER), so it is no oracle and spends nothing.
    expect(code(await socks[0].call('player:rejoin', { pin: unusedPin(live), token: 'x'.repeat(32) }))).toBe('UNKNOWN_PLAYER');
    expect(code(await socks[0].call('player:rejoin', { pin: livePin, token: 'x'.repeat(32) }))).toBe('UNKNOWN_PLAYER');
  });

  it('the next morning: a class whose phones hold yesterday’s seats still gets in', async () => {
    const url2 = await server(small);
    const host = await bot(url2, network());
    const pin = expectOk(await host.call<{ state: HostState }>('host:create', { deckId: 'test-deck' })).state.pin;
    const school = network();
    const phones = await Promise.all(Array.from({ length: 8 }, () => bot(url2, school)));
    const stale = await Promise.all(phones.map((p) => p.call('player:rejoin', { pin: unusedPin(new Set([pin])), token: 'z'.repeat(32) })));
    expect(stale.map(code)).toEqual(Array(8).fill('UNKNOWN_PLAYER'));
    const joins = [];
    for (const [i, p] of phones.slice(0, 4).entries()) joins.push(code(await p.call('player:join', { pin, nickname: `Kid ${i}` })));
    expect(joins).toEqual(['OK', 'OK', 'OK', 'OK']);
  });

  it('join flood into one room: refused per address, the room keeps its seats for others', async () => {
    const url = await server(small);
    const host = await bot(url, network());
    const pin = expectOk(await host.call<{ state: HostState }>('host:create', { deckId: 'test-deck' })).state.pin;
    const flood = network();
    const b = await bot(url, flood);
    const others = await bot(url, network());
    const codes: string[] = [];
    for (let i = 0; i < 10; i++) {
      // One socket may join again under a new name (it leaves its old seat); the limit is per address and room.
      codes.push(code(await b.call('player:join', { pin, nickname: `Fake ${i}` })));
    }
    expect(codes.slice(0, 6)).toEqual(['OK', 'OK', 'OK', 'OK', 'OK', 'OK']);
    expect(codes.slice(6)).toEqual(['RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
    expectWait(await b.call('player:join', { pin, nickname: 'Fake again' }));
    expect(code(await others.call('player:join', { pin, nickname: 'Real student' }))).toBe('OK');
  });

  it('sockets: opening them is a rate per address, and an address holds only so many at once', async () => {
    const url = await server(small);
    const addr = network();
    const held: Bot[] = [];
    for (let i = 0; i < 8; i++) held.push(await bot(url, addr));
    const refused = new Bot(url, { localAddress: addr });
    bots.push(refused);
    const err = await refused.connected().then(
      () => null,
      (e: Error & { data?: { code: string; message: string; retryAfterSec: number } }) => e,
    );
    expect(err?.data).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many connections from your network — try again in \d+ seconds?\./) });
    // Close some: the count goes down, yet the opening rate (12 a minute) still runs out.
    held.slice(0, 4).forEach((b) => b.close());
    await new Promise((r) => setTimeout(r, 100));
    const after: string[] = [];
    for (let i = 0; i < 5; i++) {
      const b = new Bot(url, { localAddress: addr });
      bots.push(b);
      after.push(await b.connected().then(() => 'OK', (e: Error & { data?: { code: string } }) => e.data?.code ?? e.message));
    }
    // 8 + 1 refused (counted) + 3 more fill the 12 a minute; then RATE_LIMITED.
    expect(after.filter((c) => c === 'OK').length).toBeLessThanOrEqual(4);
    expect(after.at(-1)).toBe('RATE_LIMITED');
    expect(await bot(url, network()).then(() => 'OK')).toBe('OK');
  });
});
