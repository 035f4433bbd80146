/**
 * Starts Cram Night with the settings of server/config.ts, read from the environment (README,
 * "Settings"; `.env.example`). A bad setting stops it before anything starts, with one line per bad
 * variable. With REDIS_URL, any number of processes on one Redis serve the same rooms (README,
 * "Several processes").
 *
 * SIGTERM or SIGINT closes it gracefully (close-with-grace): /readyz and /healthz turn 503, sockets are
 * disconnected (phones reconnect, to another process behind a load balancer), events in hand finish,
 * then the store closes; past SHUTDOWN_TIMEOUT_MS, or on a second signal, it exits at once. With Redis,
 * the rooms' clocks keep running on the other processes.
 */
import closeWithGrace from 'close-with-grace';
import type { AddressInfo } from 'node:net';
import { isLoopbackUrl } from '../shared/urls.js';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { lanAddress } from './lan.js';

let config: Config;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}

const { port, host, redisUrl } = config;
const wildcard = host === '0.0.0.0' || host === '::';
const lan = wildcard && port !== 0 ? lanAddress() : undefined;
// Unset PUBLIC_URL: the LAN address of the default route; none found: the address the host page is opened with.
const publicUrl = config.publicUrl ?? (lan ? `http://${lan}:${port}` : undefined);

const app = await buildApp({ config: { ...config, publicUrl }, logger: true });

closeWithGrace(
  {
    delay: config.shutdownTimeoutMs,
    logger: { error: (m: unknown) => app.log.error(String(m)) },
    onSecondSignal: (signal) => app.log.warn({ signal }, 'second signal: exiting now'),
  },
  async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an unexpected error');
    else app.log.info({ signal }, 'closing: sockets move to other processes, work in hand finishes');
    await app.close();
    app.log.info('closed');
  },
);

await app.listen({ port, host });
const bound = (app.server.address() as AddressInfo).port;
app.log.info(
  `Cram Night is running (${redisUrl ? 'Redis store' : 'in-memory store'}): host a game at http://localhost:${bound}/host — players join at ${publicUrl ?? 'the address the host page is opened with'}`,
);
if (!publicUrl || isLoopbackUrl(publicUrl)) {
  app.log.warn('phones cannot reach a loopback address: set PUBLIC_URL, or listen on HOST=0.0.0.0 on a machine with a LAN address');
}
