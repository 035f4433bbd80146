/**
 * Health endpoints, each answering within about a second whatever the store does:
 * - GET /livez: 200 while the process runs (a container HEALTHCHECK: restart it when this fails).
 * - GET /readyz: 200 `{ ok: true, store }` when this process can serve: the store answers, every extra
 *   check passes (the Socket.IO Redis adapter) and it is not shutting down; else 503
 *   `{ ok: false, store, reason }` with the reason in words, for an operator or orchestrator that
 *   talks to the process directly (the shipped nginx configuration keeps it off the public address).
 * - GET /healthz: the same verdict for the public and simple load balancers: `{ ok }` only, 200 or 503.
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
  /** How long a store ping may take before it counts as down (default 800 ms). */
  pingTimeoutMs?: number;
}

function within<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)))]).finally(() => clearTimeout(timer));
}

export default fp<HealthOptions>(
  async (fastify, opts) => {
    let closing = false;
    fastify.addHook('preClose', async () => {
      closing = true;
    });

    /** Why this process cannot serve right now (empty: it can). */
    async function problems(): Promise<string[]> {
      const reasons: string[] = [];
      if (closing) reasons.push('shutting down');
      const pingMs = opts.pingTimeoutMs ?? 800;
      if (!(await within(opts.store.ping().catch(() => false), pingMs, false))) {
        const detail = opts.storeError?.();
        reasons.push(`${opts.storeKind} store is unreachable${detail ? `: ${detail}` : ''}`);
      }
      for (const check of opts.checks ?? []) {
        const problem = check();
        if (problem) reasons.push(problem);
      }
      return reasons;
    }

    fastify.get('/livez', async () => ({ ok: true }));

    fastify.get('/readyz', async (_req, reply) => {
      const reasons = await problems();
      if (reasons.length > 0) return reply.code(503).send({ ok: false, store: opts.storeKind, reason: reasons.join('; ') });
      return { ok: true, store: opts.storeKind };
    });

    fastify.get('/healthz', async (_req, reply) => {
      const ok = (await problems()).length === 0;
      return reply.code(ok ? 200 : 503).send({ ok });
    });
  },
  { name: 'health' },
);
