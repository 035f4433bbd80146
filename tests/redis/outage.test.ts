/**
 * Redis trouble: two app instances (as two processes) on the test's own
 * redis-server, which is stopped mid-game and started again. While it is down:
 * /healthz says 503 with a reason, every socket of both processes hears
 * `server:status` unavailable (a socket connecting meanwhile too), an answer
 * is refused with STORE_UNAVAILABLE, and nothing crashes (an unhandled
 * rejection would fail this file). Once it is back: /healthz 200, status ok,
 * the deadline that passed during the outage is made up for by the sweep, and
 * play resumes across both processes with the right scores.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import type { Ack, ServerStatus } from '../../shared/protocol.js';
import type { Bot } from '../helpers/bot.js';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';
import { startServer } from '../helpers/server.js';
import { connect, Host, optionIds, Phone, sleep, waitFor } from './phones.js';

let redis: TestRedis;
const apps: FastifyInstance[] = [];
const people: { close(): void }[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const p of people) p.close();
  await redis?.up?.().catch(() => {}); // if a failure left it down, closing the apps is quicker with it up
  for (const app of apps) await app.close();
  await redis?.stop();
});

async function health(url: string): Promise<{ status: number; body: { ok: boolean; store: string; reason?: string } }> {
  const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3000) });
  return { status: res.status, body: (await res.json()) as { ok: boolean; store: string; reason?: string } };
}

const status = (bot: Bot, store: ServerStatus['store'], timeoutMs = 5000) =>
  bot.seenOrNext<ServerStatus>('server:status', (s) => s.store === store, timeoutMs);

describe.skipIf(!!process.env.REDIS_URL)('Redis goes away and comes back', () => {
  it('reports it (503, server:status), refuses with STORE_UNAVAILABLE, does not crash, and resumes play', async () => {
    const opts = { redisUrl: redis.url, redisPrefix: redis.prefix };
    const A = await startServer(buildApp, opts);
    apps.push(A.app);
    const B = await startServer(buildApp, opts);
    apps.push(B.app);

    // Room 1 (30 s questions): host and two phones on A, one phone on B.
    const host = new Host();
    const phones = [new Phone('Ann'), new Phone('Bea'), new Phone('Cat')];
    people.push(host, ...phones);
    await host.create(A.url, 30);
    const pin = host.pin;
    await Promise.all(phones.map((p, i) => p.join(i < 2 ? A.url : B.url, pin)));
    // Room 2 (5 s questions), host on B, its one phone on A: its deadline passes during the outage.
    const host2 = new Host();
    const late = new Phone('Dan');
    people.push(host2, late);
    await host2.create(B.url, 5);
    await late.join(A.url, host2.pin);

    let view = await host.open('host:start', 0, phones[2].bot);
    await phones[0].answer(pin, view, true);
    const view2 = await host2.open('host:start', 0, late.bot);
    expect((await health(A.url)).status).toBe(200);

    // ---- Redis goes away.
    await redis.down!();
    await waitFor(async () => (await health(A.url)).status === 503, '/healthz 503 on A', 5000);
    const down = await health(A.url);
    expect(down.body).toMatchObject({ ok: false, store: 'redis' });
    expect(down.body.reason).toMatch(/^redis store is unreachable/);
    expect((await health(B.url)).status).toBe(503);
    await Promise.all([host.bot, late.bot, ...phones.map((p) => p.bot)].map((b) => status(b, 'unavailable')));
    const newcomer = await connect(A.url);
    people.push({ close: () => newcomer.close() });
    await status(newcomer, 'unavailable', 2000);

    const ack = (await phones[1].bot.call('player:answer', {
      pin,
      index: 0,
      answer: { type: 'single', option: optionIds(view).wrong },
    })) as Ack;
    expect(ack.ok ? 'ok' : ack.error.code).toBe('STORE_UNAVAILABLE');
    const check = (await newcomer.call('room:check', { pin })) as Ack;
    expect(check.ok ? 'ok' : check.error.code).toBe('STORE_UNAVAILABLE');
    expect(A.app.server.listening && B.app.server.listening).toBe(true);

    // Room 2's deadline timer fires (and fails) while Redis is still down.
    await sleep(Math.max(0, view2.deadline + 300 - Date.now()));

    // ---- Redis is back (with its data: SHUTDOWN SAVE).
    await redis.up!();
    await waitFor(async () => (await health(A.url)).status === 200 && (await health(B.url)).status === 200, '/healthz 200', 15_000);
    expect((await health(A.url)).body).toEqual({ ok: true, store: 'redis' });
    await Promise.all([host.bot, late.bot, ...phones.map((p) => p.bot)].map((b) => status(b, 'ok', 5000)));

    // The sweep closes room 2's question, whose deadline passed during the outage. A phone that hears
    // 'ok' rejoins to bring its screen up to date (it may have missed a broadcast meanwhile).
    const lateState = await late.rejoin(host2.pin);
    const lateResult = lateState.result ?? (await late.result(0, 5000));
    late.settle(view2, 3);
    expect(lateResult).toMatchObject({ index: 0, answered: false, score: late.score });

    // Room 1 resumes: the refused answer is sent again, and the phone on B answers: everyone has, so it closes.
    await phones[1].answer(pin, view, false);
    await phones[2].answer(pin, view, true);
    for (const [i, r] of (await Promise.all(phones.map((p) => p.result(0, 10_000)))).entries()) {
      phones[i].settle(view, 3);
      expect(r.score, phones[i].name).toBe(phones[i].score);
    }
    expect(phones.map((p) => p.results(0).length)).toEqual([1, 1, 1]);

    // And the next question crosses processes as before.
    await host.call('host:next');
    view = await host.open('host:next', 1, phones[2].bot);
    await Promise.all(phones.map((p, i) => p.answer(pin, view, i !== 1)));
    for (const [i, r] of (await Promise.all(phones.map((p) => p.result(1, 10_000)))).entries()) {
      phones[i].settle(view, 3);
      expect(r.score, phones[i].name).toBe(phones[i].score);
    }
  }, 60_000);
});
