/**
 * Per-player delivery: each player's own frame when a question closes (`player:result`, with the reveal)
 * and at the end (`player:final`), to the sockets of their player channel on whichever process holds them.
 *
 * Hand-written rather than one `io.to(playerChannel).emit` per player because, with the Socket.IO Redis
 * adapter, every such emit is a Redis message (encoded, PUBLISHed, decoded by every process): 2,000 phones
 * were 2,000 messages per close (docs/performance-history.md, session 18). Here the process that closes writes to
 * the player channels it holds itself, and tells the other processes with ONE message (`serverSideEmit`,
 * which does not come back to the sender) carrying every player's frame; each writes to the channels it
 * holds; a process alone on Redis sends no message. With the in-memory adapter (one process) there is no
 * one to tell (and it has no serverSideEmit).
 */
import type { FinalView, PlayerResult, RevealView } from '../../shared/protocol.js';
import { metricsOf } from '../metrics/metrics.js';
import { playerChannel, roomChannel } from './channels.js';
import { eventPacket, withField, writePacket } from './frames.js';
import type { IO } from './types.js';

/** One delivery, as the other processes receive it: plain JSON (serverSideEmit over Redis). */
export type Delivery =
  | { event: 'player:result'; pin: string; reveal: RevealView; results: [playerId: string, result: PlayerResult][] }
  | { event: 'player:final'; pin: string; finals: [playerId: string, final: FinalView][] };

/** The server-to-server event (server/gateway/types.ts InterServerEvents). */
export const DELIVER_EVENT = 'cram:deliver';

/**
 * Frames go out in slices of this many channels, the event loop free in between: 2,000 emits in one go
 * hold it for ~100 ms, and answers and acks of other rooms wait.
 */
export const EMIT_SLICE = 250;
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
/** How long a delivery waits for the adapter's count of processes before it sends to the others anyway. */
const COUNT_WAIT_MS = 250;

export class Deliverer {
  private crossProcess = false;

  constructor(
    private readonly io: IO,
    private readonly log: { warn: (o: object, m: string) => void },
  ) {}

  /** Several processes share the rooms (Redis adapter): send each delivery to the others too, and take theirs. */
  acrossProcesses(): void {
    if (this.crossProcess) return;
    this.crossProcess = true;
    this.io.on(DELIVER_EVENT, (d: Delivery) => {
      this.local(d).catch((err) => this.log.warn({ err, pin: d.pin }, 'delivery from another process failed'));
    });
  }

  /** Every player's frame, to their sockets on this process and (one message) on the others. */
  async send(d: Delivery): Promise<void> {
    if (this.crossProcess && (await this.othersListening())) this.io.serverSideEmit(DELIVER_EVENT, d);
    await this.local(d);
  }

  /**
   * Whether another process shares the rooms now. The app's adapter knows when this process is alone
   * (server/plugins/redis-adapter.ts, `publishing`: false only then), so a lone process asks nothing;
   * otherwise the adapter counts the processes subscribed to its request channel (one Redis round trip).
   * A lone process on Redis then encodes and publishes nothing (the JSON of 2,000 results is ~30 ms of a
   * close). No answer within COUNT_WAIT_MS: send anyway.
   */
  private async othersListening(): Promise<boolean> {
    if ((this.io.of('/').adapter as { publishing?: boolean }).publishing === false) return false;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(Infinity), COUNT_WAIT_MS)));
    const count = this.io.of('/').adapter.serverCount().catch(() => Infinity);
    try {
      return (await Promise.race([count, late])) > 1;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Writes each frame to its player channel's sockets on this process (no Redis message); the broadcast
   * metrics count each frame as one emit to its channel's sockets (finals go through `io.local`, whose
   * adapter wrapper counts them). Channels held elsewhere are skipped.
   */
  private async local(d: Delivery): Promise<void> {
    const nsp = this.io.of('/');
    const rooms = nsp.adapter.rooms;
    let sent = 0;
    if (d.event === 'player:final') {
      for (const [id, final] of d.finals) {
        const channel = playerChannel(d.pin, id);
        if (!rooms.has(channel)) continue;
        this.io.local.to(channel).emit('player:final', final);
        if (++sent % EMIT_SLICE === 0) await yieldToLoop();
      }
      return;
    }
    // Each phone's frame is its result with the reveal (engine/views.ts resultFrame), the reveal's JSON
    // encoded once for all of them (frames.ts) and written straight to the channel's sockets.
    const revealJson = JSON.stringify(d.reveal);
    const metrics = metricsOf.get(this.io);
    for (const [id, result] of d.results) {
      const sids = rooms.get(playerChannel(d.pin, id));
      if (!sids) continue;
      const packet = eventPacket('player:result', withField(JSON.stringify(result), 'reveal', revealJson));
      for (const sid of sids) {
        const socket = nsp.sockets.get(sid);
        if (socket) writePacket(socket, packet);
      }
      metrics?.broadcast('player:result', sids.size);
      if (++sent % EMIT_SLICE === 0) await yieldToLoop();
    }
    // A phone that joined while the question was closing has no result (the close had read the players
    // before it came): it gets the reveal alone rather than wait on a closed question.
    const inRoom = rooms.get(roomChannel(d.pin));
    if (!inRoom) return;
    const scored = new Set(d.results.map(([id]) => id));
    for (const sid of inRoom) {
      const socket = nsp.sockets.get(sid);
      const playerId = socket?.data.playerId;
      if (playerId !== undefined && socket?.data.pin === d.pin && !scored.has(playerId)) this.io.local.to(sid).emit('game:reveal', d.reveal);
    }
  }
}
