/** A socket.io-client bot that records everything it receives, for integration tests and the benchmark. */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Received {
  event: string;
  payload: unknown;
  at: number;
}

export class Bot {
  readonly socket: ClientSocket;
  readonly received: Received[] = [];
  private waiters: { event: string; pred: (p: unknown) => boolean; resolve: (p: unknown) => void }[] = [];

  /**
   * No reconnection unless `opts` asks for it (the Redis restart tests do). `localAddress` (any of
   * 127.0.0.0/8) makes the bot a client of its own network for the per-address limits.
   */
  constructor(url: string, opts: Partial<ManagerOptions & SocketOptions> & { localAddress?: string } = {}) {
    this.socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...opts });
    this.socket.onAny((event: string, payload: unknown) => {
      this.received.push({ event, payload, at: Date.now() });
      this.waiters = this.waiters.filter((w) => {
        if (w.event !== event || !w.pred(payload)) return true;
        w.resolve(payload);
        return false;
      });
    });
  }

  connected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
    });
  }

  /**
   * Emits with an acknowledgement (10 s timeout). A bot's `host:create` asks for no get-ready beat
   * (`introSeconds: 0`) unless its payload names `introSeconds`: bots answer the moment a question
   * arrives. A test of the server's default beat sends `introSeconds: undefined` (not sent on the wire).
   */
  async call<T extends object = object>(event: keyof ClientToServerEvents, payload: unknown): Promise<Ack<T>> {
    const body = event === 'host:create' && isPlainObject(payload) && !('introSeconds' in payload) ? { ...payload, introSeconds: 0 } : payload;
    return (await (this.socket as unknown as Socket).timeout(10_000).emitWithAck(event as string, body)) as Ack<T>;
  }

  /** Resolves with the next (or an already received, if `past`) payload of `event` matching `pred`. */
  next<T>(event: keyof ServerToClientEvents, pred: (p: T) => boolean = () => true, timeoutMs = 15_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout waiting for ${event}`)), timeoutMs);
      this.waiters.push({
        event,
        pred: pred as (p: unknown) => boolean,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p as T);
        },
      });
    });
  }

  /** The latest payload of `event` received so far, or one still to come. */
  seenOrNext<T>(event: keyof ServerToClientEvents, pred: (p: T) => boolean = () => true, timeoutMs = 15_000): Promise<T> {
    const seen = [...this.received].reverse().find((r) => r.event === event && pred(r.payload as T));
    return seen ? Promise.resolve(seen.payload as T) : this.next(event, pred, timeoutMs);
  }

  events(event: string): unknown[] {
    return this.received.filter((r) => r.event === event).map((r) => r.payload);
  }

  close(): void {
    this.socket.disconnect();
  }
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function expectOk<T extends object>(ack: Ack<T>): { ok: true } & T {
  if (!ack.ok) throw new Error(`expected ok, got ${ack.error.code}: ${ack.error.message}`);
  return ack;
}
