/**
 * Socket.IO event frames built from JSON that is already encoded, so the part 2,000 phones share (the
 * reveal of `player:result`) is encoded once per close instead of once per phone, and each frame is
 * written to its sockets the way Socket.IO's own adapter writes a broadcast (`client.writeToEngine`
 * with a pre-encoded packet), without a broadcast operator, an adapter pass and a binary scan per phone.
 *
 * The bytes are exactly those Socket.IO's default parser (socket.io-parser, protocol v5) writes for
 * `socket.emit(event, payload)` on the main namespace without an ack: `2["event",<payload JSON>]`
 * (tests/gateway/frames.test.ts compares them). The server uses that parser (plugins/socket.ts sets no
 * other), registers no outgoing listeners (`onAnyOutgoing`) and has no connection-state recovery, so
 * nothing else happens on an emit that this would skip.
 */
import type { GameSocket } from './types.js';

/** `{...object, [key]: value}` as JSON, from the object's JSON and the value's (the object has no such key). */
export function withField(objectJson: string, key: string, valueJson: string): string {
  const body = objectJson.slice(0, -1);
  return `${body}${body.length > 1 ? ',' : ''}${JSON.stringify(key)}:${valueJson}}`;
}

/** The Socket.IO packet of `emit(event, payload)` on the main namespace (EVENT, no ack id). */
export function eventPacket(event: string, payloadJson: string): string {
  return `2[${JSON.stringify(event)},${payloadJson}]`;
}

/** Writes a packet from eventPacket to a socket; false if its connection is not open (as an emit would drop it). */
export function writePacket(socket: GameSocket, packet: string): boolean {
  const client = socket.client as unknown as { conn: { readyState: string }; writeToEngine(p: string, o: { preEncoded: boolean }): void };
  if (client.conn.readyState !== 'open') return false;
  client.writeToEngine(packet, { preEncoded: true });
  return true;
}

/** The part of engine.io's server this needs: its server-level 'flush' and 'drain' events (engine.io's README, "Events"). */
export interface FlushingEngine {
  on(event: 'flush', fn: (socket: { transport?: { name?: string } }, buffer: unknown[]) => void): unknown;
  on(event: 'drain', fn: (socket: { transport?: { name?: string } }) => void): unknown;
}

/** Transports whose `send(packets)` has taken every packet when it returns (webtransport's writes the array asynchronously). */
const SYNC_SEND = new Set(['websocket', 'polling']);
const releasing = new WeakSet<object>();

/**
 * Empties each write buffer engine.io has just flushed, once its transport has taken the packets.
 *
 * engine.io's `flush` hands the socket's write buffer (an array of packets) to the transport and starts a new
 * array; the old one is dropped still holding its packets. A phone's socket idles between frames (seconds
 * between a question, its result and the leaderboard; 10 s between pings), so by its next frame its write
 * buffer has outlived two scavenges and sits in V8's old generation. The frame is pushed into that old array,
 * flushed, and the array dropped — but a dead old object is only found dead by a mark-compact, and until one
 * runs (none in a whole S4 game: the old generation has room to grow) every scavenge treats its pointer as
 * live: the packet, its encoded string and its payload survive two scavenges and are promoted too. That was
 * most of the ~7 KB per answer S4 classroom promoted, and each scavenge's pause is the copying of what
 * survives it (bench/idle-frames.ts shows the effect alone; docs/performance-history.md, session 26).
 * Emptying the array drops those pointers, so the packets die young. Nothing reads a flushed array after
 * `transport.send` returns (engine.io emits 'drain' right after it, synchronously; websocket and polling
 * encode and write every packet inside `send`), so no frame changes.
 */
export function releaseFlushedPackets(engine: FlushingEngine | undefined): void {
  if (!engine || releasing.has(engine)) return;
  releasing.add(engine);
  // Buffers flushed and not yet drained. flush → send → drain run in one go; a 'drain' listener that writes to
  // another socket nests a pair inside, so each 'drain' empties every buffer recorded so far: each has been sent.
  // The first `pending` slots of one array that lives as long as the engine: a frame allocates nothing here
  // (an array emptied with `length = 0` drops its store, and the next push allocated a new one, every frame).
  const flushed: (unknown[] | undefined)[] = [];
  let pending = 0;
  engine.on('flush', (socket, buffer) => {
    if (SYNC_SEND.has(socket.transport?.name ?? '')) flushed[pending++] = buffer;
  });
  engine.on('drain', () => {
    for (let i = 0; i < pending; i++) {
      flushed[i]!.length = 0;
      flushed[i] = undefined;
    }
    pending = 0;
  });
}
