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
