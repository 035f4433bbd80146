/**
 * Socket.IO's packet encoder for a server whose events and acks carry JSON only (shared/protocol.ts: every
 * payload is strings, numbers, booleans, arrays and plain objects). It writes the same text as socket.io-parser's
 * Encoder (protocol v5, `<type>[<nsp>,][<id>]<JSON>`, tests/plugins/json-encoder.test.ts compares them) without
 * socket.io-parser's search of every event's and ack's whole payload for binary values (`hasBinary`: a recursive
 * walk with four `instanceof` checks and a `for…in` per object, on every emit), nor its two `debug()` calls per
 * packet. Socket.IO's docs name a custom parser as the way to leave that search out (socket.io/socket.io#3826;
 * "Custom parser", socket.io/docs/v4/custom-parser). The phones keep the default parser: the wire format is
 * unchanged, and incoming packets are decoded by socket.io-parser's own Decoder.
 *
 * Binary: an argument that is itself binary (`emit('x', buffer)`, an ack of one) goes through socket.io-parser
 * as before (binary attachments). Binary nested inside an object is not looked for: it is written as
 * JSON.stringify writes it (a Buffer as `{"type":"Buffer","data":[…]}`), as socket.io-json-parser does. Nothing
 * the server sends holds any.
 */
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';

const withArrayBuffer = typeof ArrayBuffer === 'function';
const withBlob = typeof Blob === 'function';

/** socket.io-parser's `isBinary`: a Buffer or typed array, an ArrayBuffer, a Blob or a File (a File is a Blob). */
function isBinary(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return (withArrayBuffer && (value instanceof ArrayBuffer || ArrayBuffer.isView(value))) || (withBlob && value instanceof Blob);
}

/** Whether an EVENT's or ACK's arguments include a binary value itself (not nested). */
function binaryArgument(data: unknown): boolean {
  if (!Array.isArray(data)) return isBinary(data);
  for (let i = 0; i < data.length; i++) if (isBinary(data[i])) return true;
  return false;
}

export class JsonEncoder extends Encoder {
  /** One string per packet, as socket.io-parser writes a packet with no binary attachment. */
  override encode(packet: Packet): string[] {
    const type = packet.type;
    if (type === PacketType.BINARY_EVENT || type === PacketType.BINARY_ACK) return super.encode(packet);
    if ((type === PacketType.EVENT || type === PacketType.ACK) && binaryArgument(packet.data)) return super.encode(packet);
    // socket.io-parser's encodeAsString, for a packet without attachments (the server has no JSON replacer).
    let s = '' + type;
    if (packet.nsp && packet.nsp !== '/') s += packet.nsp + ',';
    if (packet.id != null) s += packet.id;
    if (packet.data != null) s += JSON.stringify(packet.data);
    return [s];
  }
}

/** The `parser` option of Socket.IO's Server: this encoder, socket.io-parser's decoder. */
export const jsonParser = { Encoder: JsonEncoder, Decoder };
