/** Fixtures for the RoomStore contract: rooms, questions, players and answers with awkward values. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { AnswerRecord, PlayerRecord, PreparedQuestion, QuestionPlan, RoomState } from '../../server/engine/types.js';
import { newRoom } from '../../server/engine/reducer.js';
import type { RoomStore } from '../../server/store/types.js';

let pinCounter = 0;
/** A PIN unique within the test process (the store's prefix separates test runs). */
export function nextPin(): string {
  pinCounter += 1;
  return String(100000 + pinCounter);
}

export function makeRoom(overrides: Partial<RoomState> = {}): RoomState {
  return {
    ...newRoom({
      pin: nextPin(),
      hostToken: randomUUID(),
      deckId: 'test-deck',
      deckTitle: 'Test deck: "quotes", ünïcödé & 日本語',
      scoring: 'classic',
      questionCount: 3,
      topicTitles: { net: 'Networking' },
      now: Date.now(),
    }),
    ...overrides,
  };
}

/** The room moved on by one transition: version + 1 and the given fields. */
export function advance(room: RoomState, fields: Partial<RoomState>): RoomState {
  return { ...room, version: room.version + 1, updatedAt: Date.now(), ...fields };
}

/** The room with question `index` open until `deadline`. */
export function openQuestion(room: RoomState, index: number, deadline = Date.now() + 20_000): RoomState {
  return advance(room, { phase: 'question', index, openedAt: Date.now(), deadline });
}

/** A room's question plan (what a store keeps of its questions); the ids and seed are awkward on purpose. */
export function makePlan(n = 3): QuestionPlan {
  return { deckId: 'deck "ü"', ids: Array.from({ length: n }, (_, i) => `q-${i} "ü" 🎉`), seed: 4_294_967_295 - n, durationsMs: Array.from({ length: n }, (_, i) => 5000 + i) };
}

export function makeQuestions(n = 3): PreparedQuestion[] {
  return Array.from({ length: n }, (_, i) => ({
    deckQuestionId: `q${i}`,
    type: 'single',
    topic: 'net',
    view: {
      type: 'single',
      topic: 'net',
      prompt: `Question ${i}: which port does "HTTPS" use?`,
      options: [
        { id: 'A', text: '443' },
        { id: 'B', text: '80' },
      ],
    },
    correct: { type: 'single', option: 'A' },
    whys: { A: 'TLS', B: 'plain HTTP' },
    explanation: '',
    durationMs: 20_000,
  }));
}

export function makePlayer(name: string, overrides: Partial<PlayerRecord> = {}): PlayerRecord {
  return {
    id: randomUUID(),
    name,
    key: name.toLowerCase(),
    token: randomUUID(),
    joinedAt: Date.now(),
    score: 0,
    streak: 0,
    correct: 0,
    correctTimeMs: 0,
    kicked: false,
    ...overrides,
  };
}

export function makeAnswer(playerId: string, at = Date.now(), option = 'A'): AnswerRecord {
  return { playerId, answer: { type: 'single', option }, at };
}

/** Every way of writing `name` in upper/lower case, cycled to `n` entries. */
export function caseVariants(name: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    const bits = i % 2 ** name.length;
    out.push([...name].map((c, j) => (bits & (1 << j) ? c.toUpperCase() : c.toLowerCase())).join(''));
  }
  return out;
}

export interface SeedOptions {
  players?: string[];
  /** Open question 0 (until `deadline`). */
  open?: boolean;
  deadline?: number;
}

/** A created room (3 questions) with `players` joined, at question 0 if `open`. */
export async function seedRoom(store: RoomStore, opts: SeedOptions = {}) {
  let room = makeRoom();
  expect(await store.createRoom(room, makePlan(3))).toBe(true);
  const players: PlayerRecord[] = [];
  for (const n of opts.players ?? []) {
    const p = makePlayer(n);
    expect(await store.addPlayer(room.pin, p, 100)).toEqual({ status: 'ok', players: players.length + 1 });
    players.push(p);
  }
  if (opts.open) {
    const next = openQuestion(room, 0, opts.deadline);
    expect(await store.updateRoom(room.pin, room.version, next)).toBe(true);
    room = next;
  }
  return { room, pin: room.pin, players };
}
