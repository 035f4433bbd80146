/**
 * GET /metrics in the Prometheus text format (server/metrics/metrics.ts lists the figures). Rooms and
 * sockets are counted when Prometheus scrapes; every emit to a room or channel is counted by wrapping
 * the Socket.IO adapter's broadcast (once per emit, whatever the number of recipients). Keep /metrics
 * off the public address (the shipped nginx configuration refuses it): scrape each process directly.
 */
import fp from 'fastify-plugin';
import { hostChannel } from '../gateway/channels.js';
import { metricsOf, type Metrics } from '../metrics/metrics.js';
import type { RoomStore } from '../store/types.js';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

export interface MetricsPluginOptions {
  metrics: Metrics;
  store: RoomStore;
}

/** Host channels are `h:<pin>` (gateway/channels.ts). */
const HOST_PREFIX = hostChannel('');

export default fp<MetricsPluginOptions>(
  async (fastify, opts) => {
    const { metrics, store } = opts;
    const nsp = fastify.io.of('/');
    const adapter = nsp.adapter;

    // Count each emit's local recipients: the rooms it targets (or every socket), minus nothing more precise.
    const broadcast = adapter.broadcast.bind(adapter);
    adapter.broadcast = (packet, o) => {
      let n = 0;
      if (o.rooms.size === 0) n = adapter.sids.size;
      else for (const r of o.rooms) n += adapter.rooms.get(r)?.size ?? 0;
      const event = Array.isArray(packet.data) && typeof packet.data[0] === 'string' ? packet.data[0] : 'other';
      metrics.broadcast(event, n);
      return broadcast(packet, o);
    };

    metrics.watch({
      async roomsByPhase() {
        const pins: string[] = [];
        for (const name of adapter.rooms.keys()) if (name.startsWith(HOST_PREFIX)) pins.push(name.slice(HOST_PREFIX.length));
        const out: Record<string, number> = {};
        const rooms = await Promise.all(pins.map((pin) => store.getRoom(pin).catch(() => null)));
        for (const r of rooms) if (r) out[r.phase] = (out[r.phase] ?? 0) + 1;
        return out;
      },
      socketsByRole() {
        const out: Record<string, number> = { player: 0, host: 0, other: 0 };
        const hosts = new Set<string>();
        for (const [name, sids] of adapter.rooms) if (name.startsWith(HOST_PREFIX)) for (const id of sids) hosts.add(id);
        for (const s of nsp.sockets.values()) {
          if (hosts.has(s.id)) out.host++;
          else if (s.data.playerId) out.player++;
          else out.other++;
        }
        return out;
      },
    });

    metricsOf.set(fastify.io, metrics);
    fastify.decorate('metrics', metrics);
    fastify.get('/metrics', async (_req, reply) => {
      reply.type(metrics.registry.contentType);
      return metrics.registry.metrics();
    });
  },
  { name: 'metrics', dependencies: ['socket'] },
);
