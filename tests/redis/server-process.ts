/**
 * One Cram Night server process for the Redis tests, run as
 * `node --import tsx tests/redis/server-process.ts` with
 * PORT (0: any free port), REDIS_URL, REDIS_PREFIX, DECKS_DIR (default tests/fixtures/decks).
 * Prints `LISTENING <port>` once it accepts connections. It exits when its stdin closes, so a
 * test runner that dies (even by SIGKILL) never leaves it behind.
 */
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../server/app.js';

const app = await buildApp({
  decksDir: process.env.DECKS_DIR ?? 'tests/fixtures/decks',
  clientDir: 'dist/client',
  logger: process.env.TEST_LOG === '1',
  redisUrl: process.env.REDIS_URL,
  redisPrefix: process.env.REDIS_PREFIX,
});
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`LISTENING ${(app.server.address() as AddressInfo).port}`);

// The test runner is gone: nobody is left to talk to.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => {
  app.close().then(() => process.exit(0), () => process.exit(1));
});
