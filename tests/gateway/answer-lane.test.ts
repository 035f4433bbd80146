/**
 * The answer fast lane (server/gateway/answer.ts) between two processes on one store: a process's cached
 * questions may belong to an earlier game on the same PIN (the host restarted the game on another
 * process). The store checks the game in the same atomic step, so a stale cache never records an answer
 * the open question refuses, and an answer the open question takes is still recorded.
 */
import { describe, expect, it } from 'vitest';
import type { Ack, AnswerPayload } from '../../shared/protocol.js';
import { ClientEvents } from '../../server/gateway/ack.js';
import { GameService } from '../../server/gateway/game-service.js';
import { registerAnswerHandler } from '../../server/gateway/answer.js';
import type { GameSocket, IO } from '../../server/gateway/types.js';
import { createMemoryStore } from '../../server/store/memory.js';
import { deck, player, room } from '../engine/fixtures.js';

const log = { info() {}, warn() {}, error() {} };
const io = { to: () => ({ emit() {} }), in: () => ({ socketsLeave() {} }) } as unknown as IO;

/** A socket of `playerId` in room `pin`, served by `svc`: send(payload) resolves with the ack. */
function phone(svc: GameService, pin: string, playerId: string) {
  let handler: (this: GameSocket, p: unknown, ack: (r: Ack) => void) => void = () => {};
  const socket = {
    id: `s-${playerId}`,
    data: { pin, playerId, tokens: 100, refilledAt: Date.now(), address: '127.0.0.1' },
    nsp: { server: {} },
    handshake: { address: '127.0.0.1' },
    on: (_event: string, fn: typeof handler) => (handler = fn),
  } as unknown as GameSocket;
  const events = new ClientEvents({}, log);
  registerAnswerHandler(events, svc);
  events.attach(socket);
  // Socket.IO calls a listener with `this` = the socket.
  return (index: number, answer: AnswerPayload) => new Promise<Ack>((resolve) => handler.call(socket, { pin, index, answer }, resolve));
}
const code = (a: Ack) => (a.ok ? 'OK' : a.error.code);

describe('answer fast lane across processes', () => {
  it('a cache of an earlier game on the PIN never records an answer the open question refuses', async () => {
    const store = createMemoryStore();
    const decks = new Map([[deck.id, deck]]);
    const [a, b] = [new GameService(io, store, decks, log), new GameService(io, store, decks, log)];
    const now = Date.now();
    // Game 1: question 0 is a single choice; process b has its questions cached.
    const first = room({ createdAt: now - 60_000, deckId: deck.id, questionCount: 2 });
    await store.createRoom(first, { deckId: deck.id, ids: ['s1', 'm1'], seed: 1, durationsMs: [20_000, 20_000] });
    const [ada, bo] = [player('ada'), player('bo')];
    for (const [i, p] of [ada, bo].entries()) expect(await store.addPlayer(first.pin, p, 10)).toEqual({ status: 'ok', players: i + 1 });
    await b.questions(first);
    // Game 2 on the same PIN (a restart on process a): question 0 is true/false now, and open.
    const second = { ...room({ createdAt: now, deckId: deck.id, questionCount: 2 }), version: first.version + 1 };
    expect(await store.restartRoom(first.pin, first.version, second, { deckId: deck.id, ids: ['tf1', 's1'], seed: 2, durationsMs: [20_000, 20_000] })).toBe(true);
    const open = { ...second, version: second.version + 1, phase: 'question' as const, index: 0, openedAt: now, deadline: now + 20_000 };
    expect(await store.updateRoom(first.pin, second.version, open)).toBe(true);
    expect(b.cachedQuestions(first.pin)?.createdAt).toBe(first.createdAt);

    // The stale cache takes a single-choice answer; the store refuses the old game, the room names why.
    const single = (await b.questions(first))[0];
    expect(single.type).toBe('single');
    const onB = phone(b, first.pin, ada.id);
    expect(code(await onB(0, { type: 'single', option: single.view.type === 'single' ? single.view.options[0].id : '' }))).toBe('INVALID_ANSWER');
    expect(await store.answerCount(first.pin, 0)).toBe(0);
    // The open question's own shape is recorded, in the new game, with its time stamped by the store.
    expect(code(await onB(0, { type: 'truefalse', value: true }))).toBe('OK');
    const [stored] = await store.getAnswers(first.pin, 0);
    expect(stored).toMatchObject({ playerId: ada.id, answer: { type: 'truefalse', value: true } });
    expect(stored.elapsedMs).toBe(Math.max(0, stored.at - now));
    expect(b.cachedQuestions(first.pin)?.createdAt).toBe(second.createdAt);
    // Now on the fast lane: a second answer is a duplicate, another player's counts.
    expect(code(await onB(0, { type: 'truefalse', value: false }))).toBe('ALREADY_ANSWERED');
    expect(code(await phone(b, first.pin, bo.id)(0, { type: 'truefalse', value: false }))).toBe('OK');
    expect(await store.answerCount(first.pin, 0)).toBe(2);
    a.stop();
    b.stop();
    await store.close();
  });

  it('names every refusal from the room: paused, wrong question, closed, a player not in the room', async () => {
    const store = createMemoryStore();
    const svc = new GameService(io, store, new Map([[deck.id, deck]]), log);
    const now = Date.now();
    const r = room({ createdAt: now, deckId: deck.id, questionCount: 2 });
    await store.createRoom(r, { deckId: deck.id, ids: ['tf1', 's1'], seed: 1, durationsMs: [20_000, 20_000] });
    const [ada, bo, cy] = [player('ada'), player('bo'), player('cy')];
    for (const p of [ada, bo, cy]) await store.addPlayer(r.pin, p, 10);
    await svc.questions(r);
    const tf = { type: 'truefalse', value: true } as const;
    expect(code(await phone(svc, r.pin, ada.id)(0, tf))).toBe('WRONG_PHASE');
    const open = { ...r, version: r.version + 1, phase: 'question' as const, index: 0, openedAt: now, deadline: now + 20_000 };
    await store.updateRoom(r.pin, r.version, open);
    expect(code(await phone(svc, r.pin, ada.id)(1, tf))).toBe('WRONG_QUESTION');
    expect(code(await phone(svc, r.pin, 'stranger')(0, tf))).toBe('NOT_JOINED');
    await store.kickPlayer(r.pin, cy.id);
    expect(code(await phone(svc, r.pin, cy.id)(0, tf))).toBe('KICKED');
    const paused = { ...open, version: open.version + 1, deadline: Date.now() - 1, pause: { at: Date.now() - 1, remainingMs: 10_000 } };
    await store.updateRoom(r.pin, open.version, paused);
    expect(code(await phone(svc, r.pin, ada.id)(0, tf))).toBe('PAUSED');
    const over = { ...paused, version: paused.version + 1, pause: undefined };
    await store.updateRoom(r.pin, paused.version, over);
    expect(code(await phone(svc, r.pin, bo.id)(0, tf))).toBe('QUESTION_CLOSED');
    expect(await store.answerCount(r.pin, 0)).toBe(0);
    svc.stop();
    await store.close();
  });
});
