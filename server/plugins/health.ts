/**
 * GET /healthz: 200 `{ ok: true, store }` when the store answers (and every extra
 * check passes); 503 `{ ok: false, store, reason }` otherwise, the reason in words
 * ("redis store is unreachable: connect ECONNREFUSED 127.0.0.1:6379"), for a load
 * balancer or an operator.
 */
import fp from 'fastify-plugin';
import type { RoomStore } from '../store/types.js';

export interface HealthOptions {
  store: RoomStore;
  storeKind: string;
  /** What went wrong with the store when its ping fails, if known (e.g. the last Redis connection error). */
  storeError?: () => string | undefined;
  /** Other dependencies (e.g. the Socket.IO Redis adapter): each returns why it is down, or null. */
  checks?: (() => string | null)[];
}

export default fp<HealthOptions>(
  async (fastify, opts) => {
    fastify.get('/healthz', async (_req, reply) => {
      const reasons: string[] = [];
      if (!(await opts.store.ping().catch(() => false))) {
        const detail = opts.storeError?.();
        reasons.push(`${opts.storeKind} store is unreachable${detail ? `: ${detail}` : ''}`);
      }
      for (const check of opts.checks ?? []) {
        const problem = check();
        if (problem) reasons.push(problem);
      }
      if (reasons.length > 0) return reply.code(503).send({ ok: false, store: opts.storeKind, reason: reasons.join('; ') });
      return { ok: true, store: opts.storeKind };
    });
  },
  { name: 'health' },
);
