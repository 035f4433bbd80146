/**
 * Starts Cram Night: PORT (3000), HOST (0.0.0.0), PUBLIC_URL, REDIS_URL (unset: in-memory store),
 * REDIS_PREFIX (`cn:`). With REDIS_URL, any number of processes on one Redis serve the same rooms
 * (README, "Several processes").
 */
import os from 'node:os';
import { buildApp } from './app.js';

function lanAddress(): string | undefined {
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const lan = host === '0.0.0.0' ? lanAddress() : undefined;
const publicUrl = process.env.PUBLIC_URL ?? (lan ? `http://${lan}:${port}` : undefined);
const redisUrl = process.env.REDIS_URL || undefined;

const app = await buildApp({ logger: true, publicUrl, redisUrl, redisPrefix: process.env.REDIS_PREFIX || undefined });
await app.listen({ port, host });
app.log.info(`Cram Night is running (${redisUrl ? 'Redis store' : 'in-memory store'}): host a game at http://localhost:${port}/host${publicUrl ? ` — players join at ${publicUrl}` : ''}`);

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    app.close().then(() => process.exit(0), () => process.exit(1));
  });
}
