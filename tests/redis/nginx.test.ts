/**
 * The shipped nginx configuration (deploy/nginx.conf, what compose.yaml runs) with Debian's nginx, in
 * front of two real server processes (server/main.ts) on Redis: the same file, with only the upstream
 * addresses and the listen port swapped for free local ones and the temp paths put in a temp dir.
 * A host and six phones play a game through nginx's one address over WebSocket; the phones are spread
 * over both processes; nginx keeps /metrics and /readyz to itself. The processes trust nginx's hop
 * (TRUSTED_PROXIES=127.0.0.1, as compose.yaml trusts nginx's address), so the per-address limits see
 * each phone's own address through nginx, not nginx's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FinalView } from '../../shared/protocol.js';
import { freePort } from '../helpers/free-port.js';
import { deleteKeys, startRedis, type TestRedis } from '../helpers/redis-server.js';
import { Bot } from '../helpers/bot.js';
import { Host, Phone, sleep, waitFor } from './phones.js';
import { Processes, type ServerProcess } from './processes.js';

const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
const SHIPPED = readFileSync('deploy/nginx.conf', 'utf8');
const TIME_LIMIT_S = 5;
const QUESTIONS = 3;

let redis: TestRedis;
let servers: ServerProcess[];
let nginx: ChildProcess | undefined;
let nginxOut = '';
let dir: string;
let url: string;
const procs = new Processes();
const people: { close(): void }[] = [];

/** The shipped file for this machine: upstreams and listen port swapped, temp files and pid in `dir`. */
export function localConfig(shipped: string, upstreams: number[], listen: number, tmp: string): string {
  let i = 0;
  const out = shipped
    .replace(/server game\d+:3000/g, () => `server 127.0.0.1:${upstreams[i++]}`)
    .replace(/listen 80;/, `listen 127.0.0.1:${listen};`)
    .replace(
      /http \{/,
      ['http {', ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${path.join(tmp, t)};`), `  access_log ${path.join(tmp, 'access.log')};`].join('\n'),
    );
  if (i !== upstreams.length) throw new Error(`expected ${upstreams.length} upstream servers in deploy/nginx.conf, found ${i}`);
  return `pid ${path.join(tmp, 'nginx.pid')};\nerror_log stderr warn;\n${out}`;
}

beforeAll(async () => {
  redis = await startRedis();
  // nginx reaches the processes from 127.0.0.1; a failed-look-up budget of 2 makes a shared budget show at once.
  const env = { TRUSTED_PROXIES: '127.0.0.1', LIMIT_FAILED_LOOKUPS: '2/60' };
  servers = await Promise.all([0, 1].map(() => procs.start({ redisUrl: redis.url, prefix: redis.prefix, entry: 'main', env })));
  dir = mkdtempSync(path.join(tmpdir(), 'cram-nginx-'));
  mkdirSync(path.join(dir, 'logs'));
  const port = await freePort();
  writeFileSync(path.join(dir, 'nginx.conf'), localConfig(SHIPPED, servers.map((s) => s.port), port, dir));
  nginx = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr', '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  nginx.stdout!.on('data', (d) => (nginxOut += d));
  nginx.stderr!.on('data', (d) => (nginxOut += d));
  url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/livez`).catch(() => null))?.status === 200, `nginx at ${url}`, 10_000).catch((err) => {
    throw new Error(`${(err as Error).message}\n${nginxOut}`);
  });
});

afterAll(async () => {
  for (const p of people) p.close();
  if (nginx && nginx.exitCode === null) {
    const gone = new Promise((r) => nginx!.once('exit', r));
    nginx.kill('SIGQUIT');
    await Promise.race([gone, sleep(3000)]);
    if (nginx.exitCode === null) nginx.kill('SIGKILL');
  }
  await procs.killAll();
  if (process.env.REDIS_URL && redis) await deleteKeys(redis.url, redis.prefix);
  await redis?.stop();
  if (dir && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
});

async function connected(s: ServerProcess, role: string): Promise<number> {
  const text = await (await fetch(`${s.url}/metrics`)).text();
  return Number(new RegExp(`^cram_connected_sockets\\{role="${role}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
}

describe('the shipped nginx configuration', () => {
  it('keeps WebSocket connections long and idle-tolerant', () => {
    const seconds = (v: string) => Number(/^(\d+)(s|m|h)?$/.exec(v)![1]) * ({ s: 1, m: 60, h: 3600 } as Record<string, number>)[/[smh]$/.exec(v)?.[0] ?? 's'];
    expect(seconds(/proxy_read_timeout (\w+);/.exec(SHIPPED)![1])).toBeGreaterThanOrEqual(3600);
    expect(seconds(/proxy_send_timeout (\w+);/.exec(SHIPPED)![1])).toBeGreaterThanOrEqual(3600);
    expect(SHIPPED).toMatch(/proxy_http_version 1\.1;/);
    expect(SHIPPED).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(SHIPPED).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
  });

  it('passes the public endpoints, refuses /metrics and /readyz', async () => {
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    expect((await fetch(`${url}/readyz`)).status).toBe(404);
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-request-id') ?? '').toBe(''); // nginx sends the id upstream, not back
  });

  it('lets the limits see each phone behind nginx by its own address', async () => {
    const phone = async (localAddress: string) => {
      const b = new Bot(url, { localAddress });
      people.push(b);
      await b.connected();
      return (pin: string) => b.call('room:check', { pin }).then((r) => (r.ok ? 'ok' : r.error.code));
    };
    // One phone spends its whole failed-look-up budget (2) on wrong PINs, and then waits…
    const guesser = await phone('127.0.12.1');
    for (const pin of ['100001', '100002', '100003']) expect(await guesser(pin)).toBe('ROOM_NOT_FOUND');
    expect(await guesser('100004')).toBe('RATE_LIMITED');
    // …while a classmate behind the same nginx still has a budget of their own: two mistyped PINs, two answers.
    const classmate = await phone('127.0.12.2');
    expect(await classmate('100005')).toBe('ROOM_NOT_FOUND');
    expect(await classmate('100006')).toBe('ROOM_NOT_FOUND');
  });

  it('carries a whole bot game over WebSocket to both processes', async () => {
    const host = new Host();
    await host.create(url, TIME_LIMIT_S);
    const pin = host.pin;
    const phones = Array.from({ length: 6 }, (_, i) => new Phone(`Nginx ${i}`));
    people.push(host, ...phones);
    await Promise.all(phones.map((p) => p.join(url, pin)));
    for (const b of [host.bot, ...phones.map((p) => p.bot)]) expect(b.socket.io.engine.transport.name).toBe('websocket');
    // nginx spread the sockets over both processes.
    const players = await Promise.all(servers.map((s) => connected(s, 'player')));
    const hosts = await Promise.all(servers.map((s) => connected(s, 'host')));
    expect(players.reduce((a, b) => a + b)).toBe(6);
    expect(hosts.reduce((a, b) => a + b)).toBe(1);
    expect(players.every((n) => n > 0)).toBe(true);

    for (let q = 0; q < QUESTIONS; q++) {
      const view = await host.open(q === 0 ? 'host:start' : 'host:next', q, phones[0].bot);
      await Promise.all(phones.map((p, i) => p.answer(pin, view, (i + q) % 2 === 0)));
      const results = await Promise.all(phones.map((p) => p.result(q)));
      phones.forEach((p) => p.settle(view, QUESTIONS));
      results.forEach((r, i) => expect(r.score, phones[i].name).toBe(phones[i].score));
      await host.call('host:next'); // leaderboard
    }
    const finals = phones.map((p) => p.bot.next<FinalView>('player:final'));
    await host.call('host:next');
    (await Promise.all(finals)).forEach((f, i) => expect(f.score, phones[i].name).toBe(phones[i].score));
    expect(nginxOut).not.toMatch(/\[(error|crit|alert|emerg)\]/);
  });
});
