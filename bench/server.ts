/**
 * Bench servers, run as a child process so the bots do not share its event loop.
 *   tsx bench/server.ts cram      → the real app on a random port (Redis store when REDIS_URL is set, else in-memory)
 *   tsx bench/server.ts baseline  → a bare Socket.IO server that acks every event (the baseline)
 * Prints "PORT <n>" when listening.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { buildApp } from '../server/app.js';

const mode = process.argv[2] ?? 'cram';
if (mode === 'baseline') {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  io.on('connection', (s) => {
    s.onAny((_event: string, payload: unknown, ack?: (r: unknown) => void) => {
      if (typeof ack === 'function') ack({ ok: true, echo: payload });
    });
  });
  http.listen(0, '127.0.0.1', () => {
    const a = http.address();
    console.log(`PORT ${typeof a === 'object' && a ? a.port : 0}`);
  });
} else {
  const app = await buildApp({ decksDir: 'tests/fixtures/decks', clientDir: 'nonexistent', redisUrl: process.env.REDIS_URL });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const a = app.server.address();
  console.log(`PORT ${typeof a === 'object' && a ? a.port : 0}`);
}
