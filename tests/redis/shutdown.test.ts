/**
 * Graceful shutdown with two processes on Redis, run as the real entry point (server/main.ts with
 * close-with-grace). The host and four phones are on A, two phones on B. Mid-question, after three
 * answers were acknowledged by A, A gets SIGTERM: it exits 0 on its own, well within its time limit;
 * B (which holds no timer for the room) closes the question on time from its sweep; the phones and the
 * host move to B and rejoin; every acknowledged answer counts, and scores match each phone's ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostState, PlayerState, RevealView } from '../../shared/protocol.js';
import { deleteKeys, startRedis, type TestRedis } from '../helpers/redis-server.js';
import { Host, Phone, waitFor } from './phones.js';
import { Processes, type ServerProcess } from './processes.js';

const TIME_LIMIT_S = 6;
const QUESTIONS = 3;
const SHUTDOWN_TIMEOUT_MS = 8000;

let redis: TestRedis;
let A: ServerProcess;
let B: ServerProcess;
const procs = new Processes();
const people: { close(): void }[] = [];

beforeAll(async () => {
  redis = await startRedis();
  const env = { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) };
  [A, B] = await Promise.all([0, 1].map(() => procs.start({ redisUrl: redis.url, prefix: redis.prefix, entry: 'main', env })));
});
afterAll(async () => {
  for (const p of people) p.close();
  await procs.killAll();
  if (process.env.REDIS_URL && redis) await deleteKeys(redis.url, redis.prefix);
  await redis?.stop();
});

describe('SIGTERM to one of two processes mid-question', () => {
  it('exits cleanly; the other closes the question on time; no acknowledged answer is lost', async () => {
    const host = new Host();
    await host.create(A.url, TIME_LIMIT_S);
    const pin = host.pin;
    const phones = ['Ann', 'Ben', 'Cat', 'Dan', 'Eve', 'Fay'].map((n) => new Phone(n));
    people.push(host, ...phones);
    const onA = phones.slice(0, 4);
    const onB = phones.slice(4);
    await Promise.all([...onA.map((p) => p.join(A.url, pin)), ...onB.map((p) => p.join(B.url, pin))]);

    const view = await host.open('host:start', 0, phones[4].bot);
    await Promise.all([onA[0].answer(pin, view, true), onA[1].answer(pin, view, false), onA[2].answer(pin, view, true)]);
    await onB[0].answer(pin, view, true);

    const termAt = Date.now();
    const exit = await A.signal('SIGTERM');
    const tookMs = Date.now() - termAt;
    expect(exit, A.output()).toBe(0);
    expect(tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(A.output()).toMatch(/"signal":"SIGTERM".*closing/);
    expect(A.output()).toMatch(/"msg":"closed"/);
    expect(view.deadline).toBeGreaterThan(Date.now()); // the question is still open: A left mid-question

    // Everyone A served moves to B (what a load balancer does), and finds the game as it was.
    const states: PlayerState[] = await Promise.all(onA.map((p) => p.moveTo(B.url, pin)));
    states.forEach((s, i) => {
      expect(s.phase, onA[i].name).toBe('question');
      expect(s.yourAnswer !== undefined, onA[i].name).toBe(i < 3);
    });
    const resumed: HostState = await host.resume(B.url);
    expect(resumed.answered).toBe(4);
    // Dan answers on B; Fay never does, so only the deadline closes it: B's sweep, B holds no timer.
    await onA[3].answer(pin, view, false);

    const results = await Promise.all(phones.map((p) => p.result(0, TIME_LIMIT_S * 1000 + 5000)));
    const reveal = await host.bot.seenOrNext<RevealView>('game:reveal', (r) => r.index === 0);
    const revealAt = host.bot.received.find((e) => e.event === 'game:reveal')!.at;
    expect(revealAt).toBeGreaterThanOrEqual(view.deadline);
    expect(revealAt).toBeLessThan(view.deadline + 1500);
    expect(reveal).toMatchObject({ index: 0, answered: 5, players: 6 });
    phones.forEach((p) => p.settle(view, QUESTIONS));
    results.forEach((r, i) => expect(r.score, phones[i].name).toBe(phones[i].score));
    expect(results.map((r) => r.answered)).toEqual([true, true, true, true, true, false]);
    // Exactly one close: each phone heard one result.
    for (const p of phones) expect(p.results(0), p.name).toHaveLength(1);
    await waitFor(async () => (await fetch(`${B.url}/readyz`)).status === 200, 'B ready', 2000);
  });
});
