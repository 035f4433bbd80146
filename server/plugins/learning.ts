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
import type { FastifyReply } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { pinSchema } from '../../shared/schemas.js';
import type { RoomState } from '../engine/types.js';
import { reportCsv, reportFileName } from '../learning/csv.js';
import { createMemoryLearningStore } from '../learning/memory-learning.js';
import { createRedisLearningStore } from '../learning/redis-learning.js';
import { PracticeService } from '../learning/practice-service.js';
import { LearningService, reportIdOf } from '../learning/service.js';
import { registerLearningHandlers } from '../gateway/learning-handlers.js';
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
  reply.code(404).send({ ok: false, error: { code: 'REPORT_NOT_FOUND', message: 'No report here — it may have expired, or the game has not ended yet.' } });

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
    fastify.io.on('connection', (socket) => registerLearningHandlers(socket, fastify.game, svc, practice));
    fastify.addHook('onClose', async () => store.close());

    fastify.get<{ Params: { pin: string } }>('/api/rooms/:pin/report', async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      const auth = /^Bearer ([A-Za-z0-9_-]{16,64})$/.exec(req.headers.authorization ?? '');
      const pin = pinSchema.safeParse(req.params.pin);
      if (!pin.success || !auth) return reply.code(400).send({ ok: false, error: { code: 'BAD_REQUEST', message: 'Send the PIN in the path and the host token as "Authorization: Bearer <token>".' } });
      const room = await fastify.game.store.getRoom(pin.data);
      if (!room) return reply.code(404).send({ ok: false, error: { code: 'ROOM_NOT_FOUND', message: 'Game not found — check the PIN.' } });
      if (!isHostToken(room, auth[1])) return reply.code(403).send({ ok: false, error: { code: 'NOT_HOST', message: 'Only the host can do that.' } });
      const reportId = reportIdOf(room);
      return { ok: true, reportId, url: `/report/${reportId}`, ready: room.phase === 'ended' };
    });

    fastify.get<{ Params: { id: string } }>('/api/reports/:id', async (req, reply) => {
      reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
      const report = await svc.report(req.params.id);
      return report ? { ok: true, report } : notFound(reply);
    });

    fastify.get<{ Params: { id: string } }>('/api/reports/:id/csv', async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      const report = await svc.report(req.params.id);
      if (!report) return notFound(reply);
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${reportFileName(report, 'csv')}"`)
        .send(reportCsv(report));
    });

    fastify.get<{ Params: { id: string } }>('/api/reports/:id/json', async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      const report = await svc.report(req.params.id);
      if (!report) return notFound(reply);
      return reply
        .type('application/json; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${reportFileName(report, 'json')}"`)
        .send(JSON.stringify(report, null, 2));
    });
  },
  { name: 'learning', dependencies: ['game'] },
);
