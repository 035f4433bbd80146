/**
 * bench/server.ts: the window up to the last ack (toLastAck) is kept after a plain stats reset, and not
 * after `statsReset({ frameWindows: false })` (S4, which reads no such window: no CPU reading per ack frame);
 * the answer acks are timed inside the server either way (bench/ack-split.ts).
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnChild, type Proc } from '../../bench/ipc.js';
import type { ProcStats } from '../../bench/proc-stats.js';

let server: Proc;
let socket: Socket;

beforeAll(async () => {
  server = await spawnChild('bare', 'bench/server.ts', ['bare'], { env: { REDIS_URL: '' } });
  socket = io(`http://127.0.0.1:${server.info.port as number}`, { transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
}, 30_000);

afterAll(async () => {
  socket?.disconnect();
  await server?.stop();
});

describe('the bench server’s window up to the last ack', () => {
  it('is kept after a plain reset, and not when S4 turns the frame windows off', async () => {
    await server.call('statsReset');
    await socket.timeout(5000).emitWithAck('answer', {});
    expect((await server.call<ProcStats>('statsRead')).toLastAck?.acks).toBe(1);

    await server.call('statsReset', { frameWindows: false });
    await socket.timeout(5000).emitWithAck('answer', {});
    expect((await server.call<ProcStats>('statsRead')).toLastAck).toBeUndefined();

    // The next plain reset keeps it again.
    await server.call('statsReset');
    await socket.timeout(5000).emitWithAck('answer', {});
    expect((await server.call<ProcStats>('statsRead')).toLastAck?.acks).toBe(1);
  }, 30_000);
});
