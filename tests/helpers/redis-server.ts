/**
 * A Redis for tests. With REDIS_URL set, that server is used and isolation
 * comes from a random key prefix (nothing else is touched). Otherwise a private
 * `redis-server` is spawned on a free port of 127.0.0.1 with a temp dir.
 *
 * The spawned server can go down and come back on the same port with its data
 * (`down()` is SHUTDOWN SAVE into the temp dir, `up()` loads it again), which is
 * what the Redis-outage tests need. `stop()` ends it for good and removes the dir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

export interface TestRedis {
  url: string;
  /** A key prefix unique to this run: give it (or `${prefix}<n>:`) to the store. */
  prefix: string;
  /** Stops the server for good (spawned) / nothing (REDIS_URL). */
  stop(): Promise<void>;
  /** Outage helpers, only for a spawned server: down, wait `downMs`, up. */
  restart?(downMs?: number): Promise<void>;
  down?(): Promise<void>;
  up?(): Promise<void>;
}

const REDIS_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

export function uniquePrefix(): string {
  return `cn-test-${randomUUID().slice(0, 8)}:`;
}

/** Sends one inline command over a raw socket; resolves with the first reply line, or null on failure. */
function rawCommand(port: number, command: string, timeoutMs = 500): Promise<string | null> {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    let buf = '';
    const done = (v: string | null) => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(timeoutMs, () => done(null));
    sock.on('error', () => done(null));
    sock.on('connect', () => sock.write(`${command}\r\n`));
    sock.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('\r\n')) done(buf.split('\r\n')[0]);
    });
    sock.on('close', () => done(buf ? buf.split('\r\n')[0] : null));
  });
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startRedis(): Promise<TestRedis> {
  const prefix = uniquePrefix();
  if (process.env.REDIS_URL) {
    return { url: process.env.REDIS_URL, prefix, stop: async () => {} };
  }

  const port = await freePort();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cram-redis-'));
  let child: ChildProcess | null = null;
  let stderr = '';
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  async function up(): Promise<void> {
    if (child) return;
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
    const proc = spawn(REDIS_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr?.on('data', (d) => (stderr += d.toString()));
    proc.once('exit', () => {
      if (child === proc) child = null;
    });
    child = proc;
    try {
      await waitUntil(async () => {
        if (child !== proc) throw new Error(`redis-server exited: ${stderr}`);
        return (await rawCommand(port, 'PING')) === '+PONG';
      }, `redis-server on port ${port}`);
    } catch (err) {
      proc.kill('SIGKILL');
      throw err;
    }
  }

  /** SHUTDOWN SAVE: the data goes to dump.rdb in the temp dir and comes back with up(). */
  async function down(): Promise<void> {
    const proc = child;
    if (!proc) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    await rawCommand(port, 'SHUTDOWN SAVE', 2000);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    // The port is free again once the process is gone; make sure nothing answers.
    await waitUntil(async () => (await rawCommand(port, 'PING', 200)) === null, `port ${port} to close`);
  }

  async function stop(): Promise<void> {
    const proc = child;
    if (proc) {
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGKILL');
      await exited;
    }
    process.off('exit', killOnExit);
    await rm(dir, { recursive: true, force: true });
  }

  async function restart(downMs = 0): Promise<void> {
    await down();
    if (downMs > 0) await sleep(downMs);
    await up();
  }

  await up();
  return { url: `redis://127.0.0.1:${port}`, prefix, stop, restart, down, up };
}

export type RawRedisClient = ReturnType<typeof import('redis').createClient>;

/** A plain node-redis client on `url`, connected; its error events are swallowed (tests read replies). */
export async function rawClient(url: string): Promise<RawRedisClient> {
  const { createClient } = await import('redis');
  const client = createClient({ url });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Runs `fn` with a fresh raw client (`rawClient`) and destroys the client after, whatever `fn` does. */
export async function withRawClient<T>(url: string, fn: (client: RawRedisClient) => Promise<T>): Promise<T> {
  const client = await rawClient(url);
  try {
    return await fn(client);
  } finally {
    client.destroy();
  }
}

/** Deletes every key under `prefix` (SCAN + UNLINK): safe on a shared REDIS_URL server. */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  await withRawClient(url, async (client) => {
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      if (batch.length > 0) await client.unlink(batch);
    }
  });
}
