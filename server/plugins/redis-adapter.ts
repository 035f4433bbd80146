/**
 * The Socket.IO Redis adapter, without the Redis round trip of a room broadcast that no other process
 * can receive.
 *
 * `@socket.io/redis-adapter` publishes every room broadcast (MessagePack-encoded) and, subscribed to its
 * own channels, reads each one back and decodes it only to drop it as its own. A process alone on Redis
 * (the usual self-hosted setup) paid that for every `host:presence`, question, leaderboard… with no one to
 * receive it: in the S4 bench (300 rooms × 30) ~0.8 publishes per answer (docs/performance-history.md,
 * session 27). Here a broadcast goes out locally only while this process KNOWS it is alone:
 *
 * - it starts out publishing, and counts the processes subscribed to the adapter's request channel
 *   (`PUBSUB NUMSUB`, as the adapter's own `serverCount`) once a second; "alone" is a count of one AND
 *   this process's own response channel counted (its subscription is up: a count of one while its
 *   subscriber reconnects could be another process);
 * - a process that starts announces itself (`announce`, awaited before the server listens, so before any
 *   of its sockets joins a room): every other process marks itself "not alone" and acknowledges, and
 *   only then does the new one go on. A count that was asked before an announcement arrived is ignored
 *   (a generation number), so a late "alone" cannot undo it;
 * - while the subscriber is not ready it publishes (it cannot hear an announcement), and once it is
 *   back it announces itself again (after a Redis restart another process may have counted itself alone
 *   before this one had resubscribed) and counts.
 *
 * Trade-off: a process that does not announce itself (a version before session 27 during a rolling
 * upgrade) is seen by the next count, within ~1 s (`recountMs`); until then its phones could miss a
 * broadcast from a process that believed itself alone. Same-version processes never are.
 */
import { RedisAdapter, type RedisAdapterOptions } from '@socket.io/redis-adapter';
import type { BroadcastOptions } from 'socket.io-adapter';

/** The announcement of a starting process (a server-side emit with an acknowledgement). */
export const HELLO_EVENT = 'cram:hello';

export interface LoneAdapterOptions extends Partial<RedisAdapterOptions> {
  /** How often the processes are counted (default 1000 ms). */
  recountMs?: number;
  /** How long `announce` waits for the other processes' acknowledgements (default 2000 ms). */
  helloTimeoutMs?: number;
  log?: { warn: (o: object, m: string) => void };
}

type Packet = Parameters<RedisAdapter['broadcast']>[0];
type Ack = (err: Error | null, responses: unknown[]) => void;


/** `PUBSUB NUMSUB a b` → the counts, in order (RESP2 replies [a, n, b, m]; RESP3 a map). */
function numsubCounts(reply: unknown, channels: string[]): number[] {
  if (Array.isArray(reply)) return channels.map((_, i) => Number(reply[2 * i + 1]));
  const m = reply as Record<string, unknown>;
  return channels.map((c) => Number(m[c]));
}

export class LoneAwareAdapter extends RedisAdapter {
  /** Publish room broadcasts (another process may hold sockets of the room, or we do not know). */
  private others = true;
  private generation = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly helloTimeoutMs: number;
  private readonly log?: LoneAdapterOptions['log'];
  /**
   * The subscriber is back (it resubscribed before 'ready'): tell the others again — one of them may have
   * counted itself alone while this one's subscription was gone — and count.
   */
  private readonly onSubReady = () => {
    this.heardOther();
    this.serverSideEmit([HELLO_EVENT]);
    void this.recount();
  };
  private readonly onSubError = () => this.heardOther();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- RedisAdapter's own signature
  constructor(nsp: any, pubClient: any, subClient: any, opts: LoneAdapterOptions = {}) {
    super(nsp, pubClient, subClient, opts);
    this.helloTimeoutMs = opts.helloTimeoutMs ?? 2000;
    this.log = opts.log;
    // Another process is starting: its sockets will join rooms once we have acknowledged.
    nsp.on(HELLO_EVENT, (ack?: (ok: boolean) => void) => {
      this.heardOther();
      ack?.(true);
    });
    subClient.on('ready', this.onSubReady);
    subClient.on('error', this.onSubError);
    this.timer = setInterval(() => void this.recount(), opts.recountMs ?? 1000);
    this.timer.unref();
  }

  /** Whether room broadcasts are published (for tests and metrics). */
  get publishing(): boolean {
    return this.others || !this.subClient.isReady;
  }

  override broadcast(packet: Packet, opts: BroadcastOptions): void {
    if (this.publishing || opts.flags?.local) return super.broadcast(packet, opts);
    super.broadcast(packet, { ...opts, flags: { ...opts.flags, local: true } });
  }

  /** Another process is (or may be) there: publish, and let no count asked before now say otherwise. */
  heardOther(): void {
    this.generation++;
    this.others = true;
  }

  /** Counts the processes; "alone" only from a count asked after the last announcement heard. */
  async recount(): Promise<void> {
    const generation = this.generation;
    const channels = [this.channelOf('requestChannel'), this.channelOf('specificResponseChannel')];
    let counts: number[];
    try {
      counts = numsubCounts(await this.pubClient.sendCommand(['PUBSUB', 'NUMSUB', ...channels]), channels);
    } catch {
      return; // Redis unreachable: keep what we knew (publishes queue or fail as before)
    }
    if (generation !== this.generation) return;
    this.others = !(counts[0] === 1 && counts[1] === 1);
  }

  /**
   * Tells every other process that this one is here, and waits (bounded) until each has acknowledged:
   * from then on they publish their room broadcasts. Call before the server accepts sockets.
   */
  async announce(): Promise<void> {
    // The adapter subscribed in its constructor without waiting: the acknowledgements come on those channels.
    const own = this.channelOf('specificResponseChannel');
    for (let i = 0; i < 100; i++) {
      const mine = await this.pubClient.sendCommand(['PUBSUB', 'NUMSUB', own]).then(
        (reply: unknown) => numsubCounts(reply, [own])[0],
        () => Infinity, // Redis went away meanwhile: no one can be told; the counts will say when it is back
      );
      if (mine >= 1) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    let timer: NodeJS.Timeout | undefined;
    // Resolves once every other process has acknowledged (or the adapter's requestsTimeout has passed;
    // `late` has said so by then). A failed count never calls it: `late` ends the wait.
    const heard = new Promise<void>((resolve) => {
      const ack: Ack = () => resolve();
      this.serverSideEmit([HELLO_EVENT, ack]);
    });
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.log?.warn({ waitedMs: this.helloTimeoutMs }, 'server processes did not acknowledge this one starting in time');
        resolve();
      }, this.helloTimeoutMs);
    });
    await Promise.race([heard, late]);
    clearTimeout(timer);
    await this.recount();
  }

  override close(): Promise<void> | void {
    clearInterval(this.timer);
    this.subClient.off('ready', this.onSubReady);
    this.subClient.off('error', this.onSubError);
    return super.close();
  }

  private channelOf(name: 'requestChannel' | 'specificResponseChannel'): string {
    return (this as unknown as Record<string, string>)[name];
  }
}

/** Like `createAdapter` of `@socket.io/redis-adapter`, with LoneAwareAdapter (Socket.IO calls it with `new`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- node-redis clients, as createAdapter takes them
export function createLoneAwareAdapter(pubClient: any, subClient: any, opts: LoneAdapterOptions = {}) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return function (nsp: any) {
    return new LoneAwareAdapter(nsp, pubClient, subClient, opts);
  };
}
