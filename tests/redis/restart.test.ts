/**
 * Durable across restarts, for real: the server runs as a child process on
 * Redis, is SIGKILLed in the middle of a question and started again on the
 * same port. Phones reconnect by themselves (socket.io-client) and rejoin with
 * their tokens, the host resumes, and the game goes on. Question 1: the server
 * is back before the deadline, and the new process (which has no timer for
 * it) closes it at the deadline. Question 2: the server stays down past the
 * deadline, and the question closes on restart from the answers Redis holds.
 * Every phone's score must equal the one computed from its acknowledged answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FinalView, HostState, PlayerResultFrame, PlayerState } from '../../shared/protocol.js';
import { deleteKeys, startRedis, type TestRedis } from '../helpers/redis-server.js';
import { Host, Phone, RECONNECT, sleep, waitFor } from './phones.js';
import { Processes, type ServerProcess } from './processes.js';

const TIME_LIMIT_S = 8;
const QUESTIONS = 3;

let redis: TestRedis;
const procs = new Processes();
const people: { close(): void }[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const p of people) p.close();
  await procs.killAll();
  if (process.env.REDIS_URL && redis) await deleteKeys(redis.url, redis.prefix);
  await redis?.stop();
});

function revealSeenAt(phone: Phone, index: number): number | undefined {
  for (const b of phone.bots) {
    // A phone's reveal comes inside its result.
    const r = b.received.find((e) => e.event === 'player:result' && (e.payload as PlayerResultFrame).reveal.index === index);
    if (r) return r.at;
  }
  return undefined;
}

describe('a server process killed with SIGKILL mid-question', () => {
  it('restarts with the room, answers, scores and deadline; the game goes on and no acknowledged answer is lost', async () => {
    let server: ServerProcess = await procs.start({ redisUrl: redis.url, prefix: redis.prefix });
    const port = server.port;
    const host = new Host();
    const phones = ['Ada', 'Bo', 'Cy', 'Di', 'Ed'].map((n) => new Phone(n));
    people.push(host, ...phones);
    await host.create(server.url, TIME_LIMIT_S, RECONNECT);
    const pin = host.pin;
    await Promise.all(phones.map((p) => p.join(server.url, pin, RECONNECT)));
    const everyone = () => [host.bot, ...phones.map((p) => p.bot)];

    /** SIGKILL, wait for every socket to notice, optionally stay down, start again on the same port. */
    const killAndRestart = async (down?: () => Promise<void>) => {
      await server.kill();
      await waitFor(() => everyone().every((b) => !b.socket.connected), 'sockets to see the server die', 5000);
      await down?.();
      server = await procs.start({ redisUrl: redis.url, prefix: redis.prefix, port });
    };

    // ---- Question 1: three answers acknowledged, then kill -9; back before the deadline.
    let view = await host.open('host:start', 0, phones[0].bot);
    await Promise.all([phones[0].answer(pin, view, true), phones[1].answer(pin, view, false), phones[2].answer(pin, view, true)]);
    await killAndRestart();
    let states: PlayerState[] = await Promise.all(phones.map((p) => p.rejoin(pin)));
    const resumed: HostState = await host.resume();
    expect(resumed.phase).toBe('question');
    expect(resumed.answered).toBe(3);
    states.forEach((s, i) => {
      expect(s.phase).toBe('question');
      expect(s.question!.deadline).toBe(view.deadline);
      expect(s.yourAnswer !== undefined, phones[i].name).toBe(i < 3);
    });
    // Di answers after the restart; Ed never does, so only the deadline can close it, and
    // the restarted process has no local timer for it: its sweep must.
    await phones[3].answer(pin, view, true);
    const r1 = await Promise.all(phones.map((p) => p.result(0, TIME_LIMIT_S * 1000 + 5000)));
    const closedAt = revealSeenAt(phones[0], 0)!;
    expect(closedAt).toBeGreaterThanOrEqual(view.deadline);
    expect(closedAt).toBeLessThan(view.deadline + 1500);
    phones.forEach((p) => p.settle(view, QUESTIONS));
    r1.forEach((r, i) => expect(r.score, phones[i].name).toBe(phones[i].score));
    expect(r1.map((r) => r.answered)).toEqual([true, true, true, true, false]);

    // ---- Question 2: three answers acknowledged, kill -9, down until the deadline has passed.
    await host.call('host:next');
    view = await host.open('host:next', 1, phones[0].bot);
    await Promise.all([phones[0].answer(pin, view, true), phones[3].answer(pin, view, true), phones[4].answer(pin, view, false)]);
    await killAndRestart(() => sleep(Math.max(0, view.deadline + 300 - Date.now())));
    states = await Promise.all(phones.map((p) => p.rejoin(pin)));
    // Scores of question 1 kept (a state read after the close carries question 2's points too).
    states.forEach((s, i) => expect(s.you.score - (s.result?.index === 1 ? s.result.points : 0), phones[i].name).toBe(phones[i].score));
    // The question closes on restart (the new process's first sweep), from the three answers Redis holds.
    const r2 = await Promise.all(phones.map((p, i) => (states[i].result?.index === 1 ? states[i].result! : p.result(1, 5000))));
    const afterRestart = await host.resume();
    expect(afterRestart.phase).toBe('reveal');
    expect(afterRestart.reveal).toMatchObject({ index: 1, answered: 3, players: 5 });
    phones.forEach((p) => p.settle(view, QUESTIONS));
    r2.forEach((r, i) => expect(r.score, phones[i].name).toBe(phones[i].score));
    expect(r2.map((r) => r.answered)).toEqual([true, false, false, true, true]);

    // ---- Question 3: played normally on the restarted process; everyone answers, so it closes early.
    await host.call('host:next');
    view = await host.open('host:next', 2, phones[0].bot);
    await Promise.all(phones.map((p, i) => p.answer(pin, view, i % 2 === 0)));
    const r3 = await Promise.all(phones.map((p) => p.result(2)));
    phones.forEach((p) => p.settle(view, QUESTIONS));
    r3.forEach((r, i) => expect(r.score, phones[i].name).toBe(phones[i].score));

    await host.call('host:next');
    const finals = phones.map((p) => p.bot.next<FinalView>('player:final'));
    await host.call('host:next');
    const fin = await Promise.all(finals);
    fin.forEach((f, i) => expect(f.score, phones[i].name).toBe(phones[i].score));
    // Each phone heard exactly one result per question it was connected for.
    for (const p of phones) for (const q of [0, 2]) expect(p.results(q), `${p.name} q${q}`).toHaveLength(1);
  });
});
