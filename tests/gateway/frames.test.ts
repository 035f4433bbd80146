/**
 * server/gateway/frames.ts: a `player:result` frame built from the reveal's JSON encoded once is the
 * same text Socket.IO's own parser writes for `emit('player:result', resultFrame(result, reveal))`, for
 * every kind of question and result (answered or not, partial credit, a previous rank or none, skipped).
 */
import { Encoder, PacketType } from 'socket.io-parser';
import { describe, expect, it, vi } from 'vitest';
import { scoreQuestion } from '../../server/engine/close.js';
import type { AnswerRecord } from '../../server/engine/types.js';
import { resultFrame, revealView } from '../../server/engine/views.js';
import { eventPacket, withField, writePacket } from '../../server/gateway/frames.js';
import type { GameSocket } from '../../server/gateway/types.js';
import type { AnswerPayload } from '../../shared/protocol.js';
import { player, prepared, room } from '../engine/fixtures.js';

const socketIo = (event: string, payload: unknown) => new Encoder().encode({ type: PacketType.EVENT, nsp: '/', data: [event, payload] });

/** A plausible answer of each type, right or not: the frames only need to carry it. */
function anAnswer(q: ReturnType<typeof prepared>[number], i: number): AnswerPayload {
  const c = q.correct;
  switch (c.type) {
    case 'single':
      return { type: 'single', option: i % 2 ? c.option : 'Z' };
    case 'multi':
      return { type: 'multi', options: i % 2 ? c.options : c.options.slice(0, 1) };
    case 'truefalse':
      return { type: 'truefalse', value: i % 2 === 0 ? c.value : !c.value };
    default:
      return JSON.parse(JSON.stringify(c)) as AnswerPayload;
  }
}

describe('frames', () => {
  it('withField appends a field to an object’s JSON, also to an empty one', () => {
    expect(withField('{"a":1}', 'reveal', '{"b":[2]}')).toBe(JSON.stringify({ a: 1, reveal: { b: [2] } }));
    expect(withField('{}', 'x"y', '3')).toBe(JSON.stringify({ 'x"y': 3 }));
  });

  it('every player:result frame is byte for byte what Socket.IO encodes for the same emit', () => {
    const qs = prepared();
    let checked = 0;
    qs.forEach((q, index) => {
      for (const closedBy of [undefined, 'skip'] as const) {
        const closing = room({ phase: 'closing', index, openedAt: 1000, deadline: 21_000, questionCount: qs.length, version: 3, ...(closedBy ? { closedBy } : {}) });
        const players = ['p0', 'p1', 'p2', 'p3', 'p4'].map((id, i) => player(id, { score: i * 300, streak: i % 3, last: i < 3 ? ({ index: index - 1 } as never) : undefined }));
        const answers: AnswerRecord[] = players.slice(0, 4).map((p, i) => ({ playerId: p.id, answer: anAnswer(q, i), at: 1100 + i * 2500 }));
        const out = scoreQuestion(closing, q, players, answers, 30_000);
        const reveal = revealView(out.state, q)!;
        const revealJson = JSON.stringify(reveal);
        for (const result of out.results.values()) {
          const ours = eventPacket('player:result', withField(JSON.stringify(result), 'reveal', revealJson));
          expect([ours]).toEqual(socketIo('player:result', resultFrame(result, reveal)));
          checked++;
        }
      }
    });
    expect(checked).toBe(prepared().length * 2 * 5);
  });

  it('writes the packet pre-encoded to an open connection only', () => {
    const fake = (readyState: string) => {
      const writeToEngine = vi.fn();
      return { writeToEngine, socket: { client: { conn: { readyState }, writeToEngine } } as unknown as GameSocket };
    };
    const open = fake('open');
    expect(writePacket(open.socket, '2["e",{}]')).toBe(true);
    expect(open.writeToEngine).toHaveBeenCalledWith('2["e",{}]', { preEncoded: true });
    const closing = fake('closing');
    expect(writePacket(closing.socket, '2["e",{}]')).toBe(false);
    expect(closing.writeToEngine).not.toHaveBeenCalled();
  });
});
