/**
 * Slow readers: a socket that never reads (but still answers pings) would make the server queue
 * everything sent to it without end, outside the JavaScript heap. Once a second this process's
 * sockets are measured (packets waiting in engine.io's write buffer + bytes the WebSocket has not
 * handed to the kernel yet); a socket past the limit is cut off at once (its TCP connection is
 * destroyed, not closed politely, since a polite close would wait for the same queue to drain).
 */
import type { IO } from '../gateway/types.js';

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

export class SlowReaderWatch {
  private timer?: NodeJS.Timeout;
  /** Sockets cut off so far (for tests and logs). */
  cut = 0;

  constructor(
    private io: IO,
    private maxBytes: number,
    private log: { warn: (o: object, m: string) => void },
    private intervalMs = 1000,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.sweep(), this.intervalMs);
    this.timer.unref();
  }

  sweep(): void {
    for (const socket of this.io.of('/').sockets.values()) {
      const conn = socket.conn as unknown as EngineConn;
      const queued = queuedBytes(conn);
      if (queued <= this.maxBytes) continue;
      this.cut++;
      this.log.warn({ address: socket.data.address, queued }, 'slow reader cut off: its send queue passed the limit');
      conn.transport?.socket?.terminate?.();
      conn.close(true);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
