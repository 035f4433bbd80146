/** GET /healthz: 200 when the store answers, 503 with a reason when it does not. */
import fp from 'fastify-plugin';
import type { RoomStore } from '../store/types.js';

export default fp<{ store: RoomStore; storeKind: string }>(
  async (fastify, opts) => {
    fastify.get('/healthz', async (_req, reply) => {
      const ok = await opts.store.ping().catch(() => false);
      if (!ok) return reply.code(503).send({ ok: false, store: opts.storeKind, reason: `${opts.storeKind} store is unreachable` });
      return { ok: true, store: opts.storeKind };
    });
  },
  { name: 'health' },
);
