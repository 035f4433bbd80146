/**
 * Attacks from the table that the other files in tests/security do not already cover on
 * their own, each bounded in count and time against a real server on 127.0.0.1: a room-creation
 * flood that opens a new socket per room (the process stays up, memory within a stated bound, a
 * bystander is answered quickly, the flood is refused RATE_LIMITED), and lookalike nicknames of a
 * present player over the wire.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import type { Ack, HostState } from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';
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

const code = (a: Ack) => (a.ok ? 'OK' : a.error.code);
async function bot(localAddress: string): Promise<Bot> {
  const b = new Bot(url, { localAddress });
  bots.push(b);
  await b.connected();
  return b;
}

describe('attacks', () => {
  it('room-creation flood, a new socket per room: refused after the budget, memory bounded, bystander fast', { timeout: 60_000 }, async () => {
    const bystander = await bot('127.0.12.1');
    const host = await bot('127.0.12.2');
    const pin = expectOk(await host.call<{ state: HostState }>('host:create', { deckId: 'test-deck' })).state.pin;
    const heap0 = process.memoryUsage().heapUsed;
    const codes: string[] = [];
    const slowest: number[] = [];
    // 200 attempts in waves of 20 sockets (the issue measured 46 rooms a second this way).
    for (let wave = 0; wave < 10; wave++) {
      const socks = await Promise.all(Array.from({ length: 20 }, () => bot('127.0.12.66')));
      const acks = await Promise.all(socks.map((s) => s.call('host:create', { deckId: 'test-deck' })));
      codes.push(...acks.map(code));
      socks.forEach((s) => s.close());
      const t0 = Date.now();
      expectOk(await bystander.call('room:check', { pin }));
      slowest.push(Date.now() - t0);
    }
    // The default budget (2 a minute + 30 of burst) lets at most 32 through; the rest wait.
    expect(codes.filter((c) => c === 'OK').length).toBeLessThanOrEqual(32);
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(168);
    expect(codes.every((c) => c === 'OK' || c === 'RATE_LIMITED')).toBe(true);
    expect(Math.max(...slowest)).toBeLessThan(1000);
    expect(process.memoryUsage().heapUsed - heap0).toBeLessThan(100 * 1024 * 1024);
  });

  it('lookalikes of a present player are refused over the wire as NAME_TAKEN; hostile names as NAME_INVALID', async () => {
    const host = await bot('127.0.13.1');
    const pin = expectOk(await host.call<{ state: HostState }>('host:create', { deckId: 'test-deck' })).state.pin;
    expectOk(await (await bot('127.0.13.2')).call('player:join', { pin, nickname: 'Alice' }));
    const b = await bot('127.0.13.3');
    for (const n of ['Аlice', 'Ａｌｉｃｅ', 'ALICE', 'AIice', 'A1ice', 'Alicé']) expect(code(await b.call('player:join', { pin, nickname: n })), n).toBe('NAME_TAKEN');
    for (const n of ['\u3164', 'HOST: game over', 'Bob\u061C', 'Al\u200Bice']) expect(code(await b.call('player:join', { pin, nickname: n })), n).toBe('NAME_INVALID');
    expectOk(await b.call('player:join', { pin, nickname: '👩‍💻 Alicia' }));
  });
});
