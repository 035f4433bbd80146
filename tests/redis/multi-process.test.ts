/**
 * Several processes: three server processes on one Redis serve one room whose
 * host and players are spread over all three (broadcasts cross processes
 * through the Socket.IO Redis adapter). Then the process holding the room's
 * clock (the host's: local deadline timers live there) is SIGKILLed
 * mid-question: the other processes' sweeps close the question within about a
 * second of its deadline, exactly once; its players and host come back on the
 * live processes, and the game finishes with the right scores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FinalView, QuestionView } from '../../shared/protocol.js';
import { deleteKeys, startRedis, type TestRedis } from '../helpers/redis-server.js';
import { Host, Phone } from './phones.js';
import { Processes, type ServerProcess } from './processes.js';

const TIME_LIMIT_S = 5;
const QUESTIONS = 3;

let redis: TestRedis;
let servers: ServerProcess[];
const procs = new Processes();
const people: { close(): void }[] = [];

beforeAll(async () => {
  redis = await startRedis();
  servers = await Promise.all([0, 1, 2].map(() => procs.start({ redisUrl: redis.url, prefix: redis.prefix })));
});
afterAll(async () => {
  for (const p of people) p.close();
  await procs.killAll();
  if (process.env.REDIS_URL && redis) await deleteKeys(redis.url, redis.prefix);
  await redis?.stop();
});

/** Six phones, two on each process. */
async function setUp(hostOn: ServerProcess, tag: string): Promise<{ host: Host; phones: Phone[]; pin: string }> {
  const host = new Host();
  await host.create(hostOn.url, TIME_LIMIT_S);
  const phones = Array.from({ length: 6 }, (_, i) => new Phone(`${tag} ${i}`));
  people.push(host, ...phones);
  await Promise.all(phones.map((p, i) => p.join(servers[i % 3].url, host.pin)));
  return { host, phones, pin: host.pin };
}

function firstSeen(phone: Phone, event: string, index: number): number | undefined {
  const at = phone.bots.flatMap((b) => b.received.filter((e) => e.event === event && (e.payload as { index: number }).index === index).map((e) => e.at));
  return at.length ? Math.min(...at) : undefined;
}

function count(phone: Phone, event: string, index: number): number {
  return phone.bots.flatMap((b) => b.events(event) as { index: number }[]).filter((p) => p.index === index).length;
}

/** Waits for every phone's result of `view`, settles the ledgers and checks the scores. */
async function closeAndCheck(phones: Phone[], view: QuestionView): Promise<void> {
  const results = await Promise.all(phones.map((p) => p.result(view.index, TIME_LIMIT_S * 1000 + 5000)));
  phones.forEach((p) => p.settle(view, QUESTIONS));
  results.forEach((r, i) => expect(r.score, phones[i].name).toBe(phones[i].score));
}

async function finish(host: Host, phones: Phone[]): Promise<FinalView[]> {
  await host.call('host:next');
  const finals = phones.map((p) => p.bot.next<FinalView>('player:final'));
  await host.call('host:next');
  return Promise.all(finals);
}

function expectOnceEach(phones: Phone[]): void {
  for (const p of phones) {
    for (let q = 0; q < QUESTIONS; q++) {
      // One frame per question, wherever the phone's socket is: its result, carrying the reveal.
      expect(count(p, 'player:result', q), `${p.name}: results of question ${q}`).toBe(1);
      expect(p.results(q)[0].reveal.index, `${p.name}: the reveal in result ${q}`).toBe(q);
    }
    for (const b of p.bots) {
      expect(b.events('game:reveal'), `${p.name}: no projector reveal on a phone`).toEqual([]);
      expect(b.events('game:podium'), `${p.name}: no podium on a phone`).toEqual([]);
    }
  }
}

describe('three server processes on one Redis', () => {
  it('play one room spread over all three: every broadcast arrives, each question closes once, scores are right', async () => {
    const { host, phones, pin } = await setUp(servers[0], 'A');

    // Question 1: everyone answers, so whichever process gets the last answer closes it early.
    let view = await host.open('host:start', 0, phones[1].bot);
    await Promise.all(phones.map((p, i) => p.answer(pin, view, i % 2 === 0)));
    await closeAndCheck(phones, view);

    // Question 2: one phone stays silent, so it closes at the deadline: the host process's timer and
    // all three sweeps race for it, and only one close may win.
    await host.call('host:next');
    view = await host.open('host:next', 1, phones[2].bot);
    await Promise.all(phones.slice(0, 5).map((p, i) => p.answer(pin, view, i !== 1)));
    await closeAndCheck(phones, view);
    expect(firstSeen(phones[5], 'player:result', 1)!).toBeLessThan(view.deadline + 1500);

    await host.call('host:next');
    view = await host.open('host:next', 2, phones[0].bot);
    await Promise.all(phones.map((p) => p.answer(pin, view, true)));
    await closeAndCheck(phones, view);

    const fin = await finish(host, phones);
    fin.forEach((f, i) => expect(f.score, phones[i].name).toBe(phones[i].score));
    for (const p of phones) for (let q = 0; q < QUESTIONS; q++) expect(count(p, 'game:question', q), p.name).toBe(1);
    expectOnceEach(phones);
  }, 60_000);

  it('lose the clock-holding process mid-question: the others close it within a second of the deadline and the game finishes', async () => {
    const [a, clock, c] = servers;
    const { host, phones, pin } = await setUp(clock, 'B');

    let view = await host.open('host:start', 0, phones[0].bot);
    await Promise.all(phones.map((p, i) => p.answer(pin, view, i < 3)));
    await closeAndCheck(phones, view);

    // Question 2 opens on the host's process, which holds its deadline timer, and dies with it.
    await host.call('host:next');
    view = await host.open('host:next', 1, phones[0].bot);
    await Promise.all([phones[0].answer(pin, view, true), phones[1].answer(pin, view, true)]); // phone 1 is on `clock`
    await clock.kill();
    // The host and the phones of the dead process come back on live ones (what a load balancer would do).
    await host.resume(c.url);
    const moved = phones.filter((_, i) => i % 3 === 1);
    await Promise.all(moved.map((p, k) => p.moveTo(k === 0 ? a.url : c.url, pin)));
    await Promise.all([phones[2].answer(pin, view, false), phones[4].answer(pin, view, true)]);
    // Phones 3 and 5 stay silent: only a sweep of a live process can close the question.
    await closeAndCheck(phones, view);
    const closedAt = Math.min(...phones.map((p) => firstSeen(p, 'player:result', 1)!));
    expect(closedAt).toBeGreaterThanOrEqual(view.deadline);
    expect(closedAt).toBeLessThan(view.deadline + 1500);
    const reveal = phones[3].results(1).at(-1)!.reveal;
    expect(reveal).toMatchObject({ index: 1, answered: 4, players: 6 });

    // The game goes on from the live processes: the host's new process now holds the clock.
    await host.call('host:next');
    view = await host.open('host:next', 2, phones[5].bot);
    await Promise.all(phones.map((p, i) => p.answer(pin, view, i !== 0)));
    await closeAndCheck(phones, view);

    const fin = await finish(host, phones);
    fin.forEach((f, i) => expect(f.score, phones[i].name).toBe(phones[i].score));
    expectOnceEach(phones);
  }, 60_000);
});
