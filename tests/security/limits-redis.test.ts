/**
 * With Redis, the per-address budgets are shared by every process (two servers on one Redis), and a
 * limiter call against a Redis that does not answer is decided by the process's own memory limiter
 * within its deadline, so joins never hang on the limiter.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { AddressLimits } from '../../server/security/limits.js';
import { securitySettings } from '../../server/security/settings.js';
import { createClient } from 'redis';
import type { Ack } from '../../shared/protocol.js';
import { Bot } from '../helpers/bot.js';
import { deleteKeys, startRedis, type TestRedis } from '../helpers/redis-server.js';
import { startServer } from '../helpers/server.js';
import { stalledRedis } from '../helpers/stalled-redis.js';

let redis: TestRedis;
const apps: FastifyInstance[] = [];
const bots: Bot[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  bots.forEach((b) => b.close());
  await Promise.all(apps.map((a) => a.close()));
  await deleteKeys(redis.url, redis.prefix);
  await redis?.stop();
});

const code = (a: Ack) => (a.ok ? 'OK' : a.error.code);

describe('per-address limits with Redis', () => {
  it('two processes share one budget: a new process is no way around it', async () => {
    const security = { limits: { ...securitySettings().limits, create: { steady: { points: 2, seconds: 60 }, burst: { points: 2, seconds: 600 } } } };
    const urls: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { app, url } = await startServer(buildApp, { redisUrl: redis.url, redisPrefix: `${redis.prefix}shared:`, security });
      apps.push(app);
      urls.push(url);
    }
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const b = new Bot(urls[i % 2], { localAddress: '127.0.9.9' });
      bots.push(b);
      await b.connected();
      codes.push(code(await b.call('host:create', { deckId: 'test-deck' })));
    }
    expect(codes).toEqual(['OK', 'OK', 'OK', 'OK', 'RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('the total room cap counts the rooms of every process', async () => {
    const urls: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { app, url } = await startServer(buildApp, { redisUrl: redis.url, redisPrefix: `${redis.prefix}cap:`, security: { maxRoomsTotal: 3 } });
      apps.push(app);
      urls.push(url);
    }
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const b = new Bot(urls[i % 2], { localAddress: `127.0.9.${20 + i}` });
      bots.push(b);
      await b.connected();
      codes.push(code(await b.call('host:create', { deckId: 'test-deck' })));
    }
    expect(codes).toEqual(['OK', 'OK', 'OK', 'SERVER_BUSY', 'SERVER_BUSY']);
  });

  it('a stalled Redis (TCP up, no replies): the limiter decides from memory within its deadline', async () => {
    // A TCP server that accepts and never answers.
    const { client, close } = await stalledRedis();
    const warnings: string[] = [];
    const settings = securitySettings(undefined, { limiterTimeoutMs: 300, limits: { ...securitySettings().limits, join: { steady: { points: 2, seconds: 60 } } } });
    const limits = new AddressLimits(settings, { warn: (_o, m) => warnings.push(m) }, { client, prefix: 'x:' });
    const t0 = Date.now();
    const verdicts = [await limits.take('join', 'a'), await limits.take('join', 'a'), await limits.take('join', 'a')];
    // One deadline is waited out; for a few seconds after, calls go straight to memory.
    expect(Date.now() - t0).toBeLessThan(300 + 600);
    expect(verdicts.map((v) => v.ok)).toEqual([true, true, false]);
    expect(warnings).toEqual(['shared limits unreachable: this process limits on its own']);
    await close();
  });
  it('runs the limiter script as EVALSHA (not its body each call), shares the budget, and carries on after SCRIPT FLUSH', async () => {
    const c1 = createClient({ url: redis.url });
    const c2 = createClient({ url: redis.url });
    await Promise.all([c1.connect(), c2.connect()]);
    const settings = securitySettings(undefined, { limits: { ...securitySettings().limits, join: { steady: { points: 3, seconds: 60 } } } });
    const prefix = `${redis.prefix}sha:`;
    const [a, b] = [c1, c2].map((client) => new AddressLimits(settings, { warn: () => {} }, { client, prefix }));
    const calls = async () => {
      const info = String(await c1.info('commandstats'));
      const count = (cmd: string) => Number(new RegExp(`^cmdstat_${cmd}:calls=(\\d+)`, 'm').exec(info)?.[1] ?? 0);
      return { eval: count('eval'), evalsha: count('evalsha') };
    };
    await c1.scriptFlush(); // other tests' servers loaded the script already
    await c1.configResetStat();
    expect((await a.take('join', 'k')).ok).toBe(true); // NOSCRIPT the first time (a fresh script cache), then EVAL
    expect((await b.take('join', 'k')).ok).toBe(true);
    expect(await calls()).toEqual({ eval: 1, evalsha: 2 });
    await c1.scriptFlush();
    expect((await a.take('join', 'k')).ok).toBe(true);
    expect((await b.take('join', 'k')).ok).toBe(false);
    expect(await calls()).toEqual({ eval: 2, evalsha: 4 });
    c1.destroy();
    c2.destroy();
  });
});
