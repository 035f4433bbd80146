/**
 * /metrics after a bot game, parsed with a Prometheus text-format parser: the figures match what
 * the game did (rooms by phase, connected players and hosts, answers accepted and refused by code,
 * ack latency per event, broadcast recipients, store operations), and the process figures are there.
 */
import type { FastifyInstance } from 'fastify';
import parse, { type Family, type Sample } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import type { HostState, QuestionView } from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';
import { correctTextOf, startServer } from '../helpers/server.js';

let app: FastifyInstance;
let url: string;
const bots: Bot[] = [];

beforeAll(async () => {
  ({ app, url } = await startServer(buildApp));
});
afterAll(async () => {
  for (const b of bots) b.close();
  await app?.close();
});

type Scrape = Map<string, Family> & { text: string };

async function scrape(): Promise<Scrape> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  return Object.assign(new Map(parse(text).map((f) => [f.name, f])), { text });
}

/**
 * One series of a labelled histogram. The parser folds a histogram's series into one and drops the
 * labelled _sum and _count, so it is given that series alone, with its labels taken off.
 */
function histogram(m: Scrape, name: string, labels: Record<string, string>): Sample {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const lines = m.text.split('\n').filter((l) => {
    if (l.startsWith(`# HELP ${name} `) || l.startsWith(`# TYPE ${name} `)) return true;
    return /^(\w+)_(bucket|sum|count)\{/.test(l) && l.startsWith(`${name}_`) && pairs.every((p) => l.includes(p));
  });
  const alone = lines.map((l) => pairs.reduce((acc, p) => acc.replace(new RegExp(`,?${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},?`), (x) => (x.startsWith(',') && x.endsWith(',') ? ',' : '')), l).replace('{}', ''));
  const fam = parse(`${alone.join('\n')}\n`).find((f) => f.name === name);
  expect(fam?.type, `histogram ${name}${JSON.stringify(labels)}`).toBe('HISTOGRAM');
  return fam!.metrics[0];
}

function sample(m: Scrape, name: string, labels: Record<string, string> = {}): Sample | undefined {
  return m.get(name)?.metrics.find((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v));
}
const value = (m: Scrape, name: string, labels: Record<string, string> = {}) => Number(sample(m, name, labels)?.value ?? NaN);

describe('/metrics', () => {
  it('matches a bot game: rooms, players, answers accepted and refused, acks, broadcasts, store', async () => {
    const before = await scrape();
    expect(value(before, 'cram_connected_sockets', { role: 'player' })).toBe(0);
    expect(before.get('cram_answers_total')?.metrics ?? []).toHaveLength(0);

    const h = new Bot(url);
    bots.push(h);
    await h.connected();
    const created = expectOk(await h.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck' }));
    const { pin } = created.state;
    const players = Array.from({ length: 5 }, () => new Bot(url));
    bots.push(...players);
    await Promise.all(players.map((b) => b.connected()));
    for (const [i, b] of players.entries()) expectOk(await b.call('player:join', { pin, nickname: `Metric ${i}` }));
    const lurker = new Bot(url); // connected, never joins
    bots.push(lurker);
    await lurker.connected();

    const lobby = await scrape();
    expect(value(lobby, 'cram_rooms', { phase: 'lobby' })).toBe(1);
    expect(value(lobby, 'cram_connected_sockets', { role: 'player' })).toBe(5);
    expect(value(lobby, 'cram_connected_sockets', { role: 'host' })).toBe(1);
    expect(value(lobby, 'cram_connected_sockets', { role: 'other' })).toBe(1);

    const arrived = players.map((b) => b.next<QuestionView>('game:question', (v) => v.index === 0));
    expectOk(await h.call('host:start', { pin, hostToken: created.hostToken }));
    const view = (await Promise.all(arrived))[0];
    const right = view.options!.find((o) => o.text === correctTextOf(view.prompt))!.id;
    // Four answer once (accepted); one of them again (ALREADY_ANSWERED); one answers the wrong question.
    const roomReads = async () => Number(histogram(await scrape(), 'cram_store_operation_duration_seconds', { op: 'getRoom' }).count);
    // A scrape reads rooms itself (the rooms-by-phase gauge): measure what one costs, with no answer between.
    const readsBefore = await roomReads();
    const perScrape = (await roomReads()) - readsBefore;
    for (const b of players.slice(0, 4)) expectOk(await b.call('player:answer', { pin, index: 0, answer: { type: 'single', option: right } }));
    const again = await players[0].call('player:answer', { pin, index: 0, answer: { type: 'single', option: right } });
    expect(again.ok ? 'OK' : again.error.code).toBe('ALREADY_ANSWERED');
    // The answer fast lane: accepted answers and a duplicate read no room, only recordAnswer.
    expect(await roomReads()).toBe(readsBefore + 2 * perScrape);
    const wrongQ = await players[4].call('player:answer', { pin, index: 1, answer: { type: 'single', option: right } });
    expect(wrongQ.ok ? 'OK' : wrongQ.error.code).toBe('WRONG_QUESTION');

    const m = await scrape();
    expect(value(m, 'cram_rooms', { phase: 'question' })).toBe(1);
    expect(sample(m, 'cram_rooms', { phase: 'lobby' })).toBeUndefined();
    expect(value(m, 'cram_answers_total', { result: 'accepted', code: 'OK' })).toBe(4);
    expect(value(m, 'cram_answers_total', { result: 'refused', code: 'ALREADY_ANSWERED' })).toBe(1);
    expect(value(m, 'cram_answers_total', { result: 'refused', code: 'WRONG_QUESTION' })).toBe(1);
    expect(value(m, 'cram_acks_total', { event: 'player:join', code: 'OK' })).toBe(5);
    expect(value(m, 'cram_acks_total', { event: 'host:create', code: 'OK' })).toBe(1);
    // Ack latency: one observation per answer event, all within the top bucket.
    const answerAcks = histogram(m, 'cram_ack_duration_seconds', { event: 'player:answer' });
    expect(Number(answerAcks.count)).toBe(6);
    expect(Number(answerAcks.buckets!['+Inf'])).toBe(6);
    expect(Number(answerAcks.sum)).toBeGreaterThan(0);
    // The question went to one room channel: the host and the five players.
    const q = histogram(m, 'cram_broadcast_recipients', { event: 'game:question' });
    expect(Number(q.count)).toBe(1);
    expect(Number(q.sum)).toBe(6);
    // Store: every answer (duplicate and refusal included) is one recordAnswer; the wrong question is tried
    // on the fast lane first, refused by the store ('closed'), and only then named from the room; none failed.
    expect(Number(histogram(m, 'cram_store_operation_duration_seconds', { op: 'recordAnswer' }).count)).toBe(6);
    expect(m.get('cram_store_errors_total')?.metrics ?? []).toHaveLength(0);
    // Process figures: event-loop delay and memory.
    expect(value(m, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(value(m, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(value(m, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);

    // The last answer closes the question: the reveal goes to the host's socket only, and each of the five
    // phones gets one frame (its result, with the reveal), each counted as one emit to one socket.
    const closed = players.map((b) => b.next('player:result'));
    expectOk(await players[4].call('player:answer', { pin, index: 0, answer: { type: 'single', option: right } }));
    await Promise.all(closed);
    const r = await scrape();
    expect([histogram(r, 'cram_broadcast_recipients', { event: 'game:reveal' })].map((x) => [Number(x.count), Number(x.sum)])).toEqual([[1, 1]]);
    expect([histogram(r, 'cram_broadcast_recipients', { event: 'player:result' })].map((x) => [Number(x.count), Number(x.sum)])).toEqual([[5, 5]]);

    // After the players leave, the gauge follows.
    for (const b of players) b.close();
    await new Promise((r) => setTimeout(r, 200));
    const after = await scrape();
    expect(value(after, 'cram_connected_sockets', { role: 'player' })).toBe(0);
    expect(value(after, 'cram_connected_sockets', { role: 'host' })).toBe(1);
  });
});
