/**
 * Slow readers: a socket that never reads (but still answers pings) would make the server queue
 * everything sent to it without end, outside the JavaScript heap. Once a second this process's
 * sockets are measured (packets waiting in engine.io's write buffer + bytes the WebSocket has not
 * handed to the kernel yet); a socket past the limit is cut off at once (its TCP connection is
 * destroyed, not closed politely, since a polite close would wait for the same queue to drain).
 * The round is done in `SLICES` steps spread over the second (a tenth of the sockets every 100 ms):
 * measuring 9,000 sockets in one go held the event loop ~9 ms every second, in the middle of answers.
 */
import type { GameSocket, IO } from '../gateway/types.js';

interface EngineConn {
  writeBuffer?: { data?: unknown }[];
  transport?: { socket?: { bufferedAmount?: number; terminate?: () => void } };
  close(discard?: boolean): void;
}

/** Bytes queued for one connection and not yet handed to the kernel. */
export function queuedBytes(conn: EngineConn): number {
  let n = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const p of conn.writeBuffer ?? []) {
    const d = p.data;
    n += typeof d === 'string' ? d.length : d instanceof Uint8Array ? d.byteLength : 16;
  }
  return n;
}

/** Steps per round: each measures about 1/SLICES of the sockets. */
export const SLICES = 10;

export class SlowReaderWatch {
  private timer?: NodeJS.Timeout;
  /** Where the round in progress has got to (a live Map iterator: sockets that come or go meanwhile are fine). */
  private round?: Iterator<GameSocket>;
  /** Sockets left to measure in this round's remaining steps, spread evenly. */
  private left = 0;
  private stepsLeft = 0;
  /** Sockets cut off so far (for tests and logs). */
  cut = 0;

  constructor(
    private io: IO,
    private maxBytes: number,
    private log: { warn: (o: object, m: string) => void },
    private intervalMs = 1000,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.step(), Math.max(1, Math.floor(this.intervalMs / SLICES)));
    this.timer.unref();
  }

  /** One step of the round: the next share of the sockets (a new round starts where the last one ended). */
  step(): void {
    const sockets = this.io.of('/').sockets;
    if (!this.round || this.stepsLeft <= 0) {
      this.round = sockets.values();
      this.left = sockets.size;
      this.stepsLeft = SLICES;
    }
    let n = Math.ceil(this.left / this.stepsLeft);
    this.left -= n;
    this.stepsLeft--;
    while (n-- > 0) {
      const next = this.round.next();
      if (next.done) {
        this.stepsLeft = 0;
        break;
      }
      this.check(next.value);
    }
  }

  /** Every socket at once (tests). */
  sweep(): void {
    for (const socket of this.io.of('/').sockets.values()) this.check(socket);
  }

  private check(socket: GameSocket): void {
    const conn = socket.conn as unknown as EngineConn;
    const queued = queuedBytes(conn);
    if (queued <= this.maxBytes) return;
    this.cut++;
    this.log.warn({ address: socket.data.address, queued }, 'slow reader cut off: its send queue passed the limit');
    conn.transport?.socket?.terminate?.();
    conn.close(true);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
