/**
 * The report's HTTP routes are no PIN oracle and sit under the per-address limits: an unknown PIN and a
 * live PIN with a wrong (or missing) token get the same status, body and headers after the same work, both
 * spend the address's failed-look-up budget, and once it is spent every report look-up from that address
 * (even the host's own) gets 429 RATE_LIMITED while another address is served. Unknown report ids spend
 * the budget too; player:review (a socket event) answers a dead PIN as a wrong token. Each request comes from its own loopback address (127.0.0.0/8) unless a test says so.
 */
import type { FastifyInstance } from 'fastify';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import type { HostState } from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';
import { startServer } from '../helpers/server.js';

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
}

function get(base: string, path: string, localAddress: string, token?: string): Promise<Res> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { localAddress, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** What a client can compare between two answers (the date and the connection are not about the PIN). */
const shape = (r: Res) => ({ status: r.status, body: r.body, type: r.headers['content-type'], cache: r.headers['cache-control'], length: r.headers['content-length'] });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function liveRoom(url: string, localAddress: string, bots: Bot[]): Promise<{ pin: string; hostToken: string; deadPin: string }> {
  const h = new Bot(url, { localAddress });
  bots.push(h);
  await h.connected();
  const c = expectOk(await h.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck' }));
  const pin = c.state.pin;
  return { pin, hostToken: c.hostToken, deadPin: String(((Number(pin) - 100_000 + 1) % 900_000) + 100_000) };
}

describe('GET /api/rooms/:pin/report with default limits', () => {
  let app: FastifyInstance;
  let url: string;
  const bots: Bot[] = [];
  let room: Awaited<ReturnType<typeof liveRoom>>;
  beforeAll(async () => {
    ({ app, url } = await startServer(buildApp));
    room = await liveRoom(url, '127.0.6.1', bots);
  });
  afterAll(async () => {
    bots.forEach((b) => b.close());
    await app?.close();
  });

  it('answers an unknown PIN exactly as a live PIN with a wrong or a missing token', async () => {
    const wrong = 'w'.repeat(43);
    const dead = await get(url, `/api/rooms/${room.deadPin}/report`, '127.0.6.2', wrong);
    const live = await get(url, `/api/rooms/${room.pin}/report`, '127.0.6.3', wrong);
    expect(dead.status).toBe(404);
    expect(JSON.parse(dead.body)).toMatchObject({ ok: false, error: { code: 'REPORT_NOT_FOUND' } });
    expect(shape(live)).toEqual(shape(dead));
    // A host-remote-looking token of another length changes nothing either.
    expect(shape(await get(url, `/api/rooms/${room.pin}/report`, '127.0.6.4', 'r'.repeat(16)))).toEqual(shape(dead));
    const deadBare = await get(url, `/api/rooms/${room.deadPin}/report`, '127.0.6.5');
    const liveBare = await get(url, `/api/rooms/${room.pin}/report`, '127.0.6.6');
    expect(deadBare.status).toBe(400);
    expect(shape(liveBare)).toEqual(shape(deadBare));
    // Only the host's token opens it.
    const ok = await get(url, `/api/rooms/${room.pin}/report`, '127.0.6.7', room.hostToken);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, ready: false, url: expect.stringMatching(/^\/report\/[A-Za-z0-9_-]{43}$/) });
  });

  it('player:review answers an unknown PIN exactly as a live PIN with a wrong token', async () => {
    const phone = new Bot(url, { localAddress: '127.0.6.8' });
    bots.push(phone);
    await phone.connected();
    const token = 't'.repeat(32);
    const dead = await phone.call('player:review', { pin: room.deadPin, token });
    const live = await phone.call('player:review', { pin: room.pin, token });
    expect(dead).toMatchObject({ ok: false, error: { code: 'UNKNOWN_PLAYER' } });
    expect(live).toEqual(dead);
  });

  it('takes about as long for an unknown PIN as for a live one with a wrong token', async () => {
    const dead: number[] = [];
    const live: number[] = [];
    for (let i = 0; i < 40; i++) {
      // Alternate, each from a fresh address: the same load on both, and no budget is spent out.
      dead.push((await get(url, `/api/rooms/${room.deadPin}/report`, `127.0.8.${i + 1}`, 'x'.repeat(43))).ms);
      live.push((await get(url, `/api/rooms/${room.pin}/report`, `127.0.9.${i + 1}`, 'x'.repeat(43))).ms);
    }
    // Loose on purpose (2 shared cores): a leak worth a guesser's time (a second store read, a sleep) is
    // several milliseconds; the two medians of a sub-millisecond look-up are within a few.
    expect(Math.abs(median(live) - median(dead))).toBeLessThan(8);
  });
});

describe('report look-ups spend the per-address failed-look-up budget', () => {
  let app: FastifyInstance;
  let url: string;
  const bots: Bot[] = [];
  let room: Awaited<ReturnType<typeof liveRoom>>;
  beforeAll(async () => {
    ({ app, url } = await startServer(buildApp, { config: { limitFailedLookups: { steady: { points: 2, seconds: 60 } } } }));
    room = await liveRoom(url, '127.0.10.1', bots);
  });
  afterAll(async () => {
    bots.forEach((b) => b.close());
    await app?.close();
  });

  it('an unknown PIN and a wrong token each count; then even the host waits, another address does not', async () => {
    const a = '127.0.10.2';
    expect((await get(url, `/api/rooms/${room.deadPin}/report`, a, 'x'.repeat(43))).status).toBe(404);
    expect((await get(url, `/api/rooms/${room.pin}/report`, a, 'x'.repeat(43))).status).toBe(404);
    // The third failure is over the budget of 2: it is answered, and the address waits from then on.
    expect((await get(url, `/api/rooms/${room.deadPin}/report`, a, 'y'.repeat(43))).status).toBe(404);
    const refused = await get(url, `/api/rooms/${room.pin}/report`, a, room.hostToken);
    expect(refused.status).toBe(429);
    const body = JSON.parse(refused.body) as { ok: boolean; error: { code: string; message: string; retryAfterSec: number } };
    expect(body).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(body.error.message).toMatch(/try again in \d+ seconds?\./);
    expect(Number(refused.headers['retry-after'])).toBe(body.error.retryAfterSec);
    expect(body.error.retryAfterSec).toBeGreaterThan(0);
    expect((await get(url, `/api/rooms/${room.pin}/report`, '127.0.10.3', room.hostToken)).status).toBe(200);
  });

  it('unknown report ids count too, on every report route', async () => {
    const a = '127.0.10.4';
    expect((await get(url, `/api/reports/${'a'.repeat(43)}`, a)).status).toBe(404);
    expect((await get(url, `/api/reports/${'b'.repeat(43)}/csv`, a)).status).toBe(404);
    expect((await get(url, `/api/reports/${'c'.repeat(43)}/json`, a)).status).toBe(404);
    expect((await get(url, `/api/reports/${'d'.repeat(43)}`, a)).status).toBe(429);
    expect((await get(url, `/api/reports/${'d'.repeat(43)}`, '127.0.10.5')).status).toBe(404);
  });
});
