/**
 * Starts Cram Night with the settings of server/config.ts, read from the environment (README,
 * "Settings"; `.env.example`). A bad setting stops it before anything starts, with one line per bad
 * variable. With REDIS_URL, any number of processes on one Redis serve the same rooms (README,
 * "Several processes").
 */
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';

function lanAddress(): string | undefined {
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

let config: Config;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}

const { port, host, redisUrl } = config;
const lan = host === '0.0.0.0' ? lanAddress() : undefined;
const publicUrl = config.publicUrl ?? (lan ? `http://${lan}:${port}` : undefined);

const app = await buildApp({ config: { ...config, publicUrl }, logger: true });
await app.listen({ port, host });
const bound = (app.server.address() as AddressInfo).port;
app.log.info(`Cram Night is running (${redisUrl ? 'Redis store' : 'in-memory store'}): host a game at http://localhost:${bound}/host${publicUrl ? ` — players join at ${publicUrl}` : ''}`);

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    app.close().then(() => process.exit(0), () => process.exit(1));
  });
}
