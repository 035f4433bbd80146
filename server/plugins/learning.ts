/**
 * Learning after the game, as a plugin: the learning store (Redis when REDIS_URL is set, else memory),
 * the LearningService hooked into the game, and the report's HTTP routes (docs/protocol.md, "HTTP"):
 *   GET /api/rooms/:pin/report        Authorization: Bearer <hostToken>  -> { reportId, url, ready }
 *   GET /api/reports/:reportId        the report (JSON, docs/reports.md)
 *   GET /api/reports/:reportId/csv    download: one row per player per question
 *   GET /api/reports/:reportId/json   download: the report as a file
 * A report id is unguessable (service.ts, reportIdOf); holding it is what opens the report.
 */
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { pinSchema } from '../../shared/schemas.js';
import type { RoomState } from '../engine/types.js';
import { reportCsv, reportFileName } from '../learning/csv.js';
import { createMemoryLearningStore } from '../learning/memory-learning.js';
import { createRedisLearningStore } from '../learning/redis-learning.js';
import { PracticeService } from '../learning/practice-service.js';
import { LearningService, reportIdOf } from '../learning/service.js';
import { ClientEvents } from '../gateway/ack.js';
import { registerLearningHandlers } from '../gateway/learning-handlers.js';
import { randomToken } from '../util/random.js';
import { DAY_MS, type LearningStore, type LearningTtls } from '../learning/store.js';

declare module 'fastify' {
  interface FastifyInstance {
    learning: LearningService;
  }
}

export interface LearningPluginOptions {
  /** A store of your own (tests); closed with the app. */
  store?: LearningStore;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The host token, or the token of a device that claimed the host remote. */
const isHostToken = (room: RoomState, token: string): boolean => [room.hostToken, ...(room.remoteTokens ?? [])].some((t) => sameSecret(t, token));

const notFound = (reply: FastifyReply) =>
  reply.code(404).send({ ok: false, error: { code: 'REPORT_NOT_FOUND', message: 'No report here — check the link (or the PIN and host token); it may have expired.' } });

/** Compared against when a PIN finds no room, so an unknown PIN costs the same token comparison as a known one. */
const NO_ROOM = { hostToken: randomToken(), remoteTokens: [] } as unknown as RoomState;

export default fp<LearningPluginOptions>(
  async (fastify, opts) => {
    const c = fastify.config;
    const ttls: LearningTtls = { reportTtlMs: c.reportTtlDays * DAY_MS, weakTtlMs: c.weakSpotTtlDays * DAY_MS, practiceTtlMs: c.practiceTtlHours * 3_600_000 };
    const store =
      opts.store ??
      (c.redisUrl
        ? await createRedisLearningStore(c.redisUrl, { prefix: c.redisPrefix, ...ttls, onError: (err) => fastify.log.warn({ err }, 'Redis learning store connection lost: reconnecting') })
        : createMemoryLearningStore(ttls));
    const svc = new LearningService(store, fastify.log);
    fastify.decorate('learning', svc);
    fastify.game.learning = svc;
    const practice = new PracticeService(store, fastify.game.decks);
    const events = new ClientEvents(fastify.io, fastify.game.log);
    registerLearningHandlers(events, fastify.game, svc, practice);
    // Answered through the game plugin's middleware on every socket: no connection listener of its own.
    fastify.socketEvents.add(events);
    fastify.addHook('onClose', async () => store.close());

    /** Runs a look-up under the address's failed-look-up budget (security/guard.ts): 429 once it is spent. */
    async function guarded<T>(req: FastifyRequest, reply: FastifyReply, fn: () => Promise<{ found: boolean; value: T }>): Promise<T | undefined> {
      const r = await fastify.guard.lookup(fastify.addressOf(req), fn);
      if ('found' in r) return r.found ? r.value : void notFound(reply);
      void reply.code(429).header('Retry-After', String(r.refusal.retryAfterSec ?? 60)).send({ ok: false, error: r.refusal });
      return undefined;
    }

    fastify.get<{ Params: { pin: string } }>('/api/rooms/:pin/report', async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      const auth = /^Bearer ([A-Za-z0-9_-]{16,64})$/.exec(req.headers.authorization ?? '');
      const pin = pinSchema.safeParse(req.params.pin);
      if (!pin.success || !auth) return reply.code(400).send({ ok: false, error: { code: 'BAD_REQUEST', message: 'Send the PIN in the path and the host token as "Authorization: Bearer <token>".' } });
      // An unknown PIN and a wrong token get the same answer (404 REPORT_NOT_FOUND) after the same work, and
      // both spend the failed-look-up budget: this route tells a guesser nothing about which PINs are live.
      const room = await guarded(req, reply, async () => {
        const found = await fastify.game.store.getRoom(pin.data);
        const host = isHostToken(found ?? NO_ROOM, auth[1]) && found !== null;
        return { found: host, value: found };
      });
      if (!room) return reply;
      const reportId = reportIdOf(room);
      return { ok: true, reportId, url: `/report/${reportId}`, ready: room.phase === 'ended' };
    });

    const report = (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) =>
      guarded(req, reply, async () => {
        const r = await svc.report(req.params.id);
        return { found: r !== null, value: r };
      });

    fastify.get<{ Params: { id: string } }>('/api/reports/:id', async (req, reply) => {
      reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
      const r = await report(req, reply);
      return r ? { ok: true, report: r } : reply;
    });

    fastify.get<{ Params: { id: string } }>('/api/reports/:id/csv', async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      const r = await report(req, reply);
      if (!r) return reply;
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${reportFileName(r, 'csv')}"`)
        .send(reportCsv(r));
    });

    fastify.get<{ Params: { id: string } }>('/api/reports/:id/json', async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      const r = await report(req, reply);
      if (!r) return reply;
      return reply
        .type('application/json; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${reportFileName(r, 'json')}"`)
        .send(JSON.stringify(r, null, 2));
    });
  },
  { name: 'learning', dependencies: ['game', 'security'] },
);
