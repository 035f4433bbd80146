/**
 * Plays seeded games through the pure engine and records, as JSON text, every payload a client would
 * receive (game:question, game:reveal, player:result with its reveal, rejoin states, leaderboard, podium, final) and every
 * answer ack (accepted, or the error code and message), plus the BAD_REQUEST messages of malformed answers
 * and the deck checker's output for the test decks. JSON.stringify keeps property insertion order, so the
 * text pins the exact bytes the gateway sends for the same seed and clock.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkAnswer } from '../../server/engine/answer.js';
import { scoreQuestion } from '../../server/engine/close.js';
import { prepareGame } from '../../server/engine/prepare.js';
import type { AnswerRecord, PlayerRecord, PreparedQuestion, RoomState } from '../../server/engine/types.js';
import { finalView, playerState, podiumView, questionView, resultFrame, revealView } from '../../server/engine/views.js';
import { rankPlayers } from '../../server/engine/ranking.js';
import { checkDeckText } from '../../server/deck/validate.js';
import { formatIssue } from '../../server/deck/issues.js';
import type { Deck } from '../../shared/deck.js';
import type { AnswerPayload } from '../../shared/protocol.js';
import { parsePayload, type SchemaEvent } from '../../shared/schemas.js';
import { deck as engineDeck, player, room, seeded } from './fixtures.js';

type Skill = 'perfect' | 'partial' | 'wrong' | 'bad';

const rotate = <T>(xs: T[], by = 1): T[] => xs.map((_, i) => xs[(i + by) % xs.length]);

/** A bot's answer, built from the prepared question (the test knows the correct answer). */
function answerFor(q: PreparedQuestion, skill: Skill): AnswerPayload {
  const c = q.correct;
  switch (c.type) {
    case 'single': {
      const other = (q.view.options ?? []).find((o) => o.id !== c.option)!.id;
      return { type: 'single', option: skill === 'bad' ? 'Z' : skill === 'perfect' || skill === 'partial' ? c.option : other };
    }
    case 'multi': {
      const others = (q.view.options ?? []).map((o) => o.id).filter((id) => !c.options.includes(id));
      if (skill === 'perfect') return { type: 'multi', options: c.options };
      if (skill === 'partial') return { type: 'multi', options: [c.options[0], others[0]].concat(c.options.slice(1, 1)) };
      if (skill === 'bad') return { type: 'multi', options: [c.options[0], c.options[0]] };
      return { type: 'multi', options: others.slice(0, 2) };
    }
    case 'truefalse':
      return skill === 'bad' ? { type: 'single', option: 'A' } : { type: 'truefalse', value: skill === 'wrong' ? !c.value : c.value };
    case 'match': {
      if (skill === 'perfect') return { type: 'match', pairs: c.pairs };
      if (skill === 'partial') return { type: 'match', pairs: c.pairs.slice(0, 2) };
      if (skill === 'bad') return { type: 'match', pairs: [c.pairs[0], { left: c.pairs[1].left, right: c.pairs[0].right }] };
      const rights = rotate(c.pairs.map((p) => p.right));
      return { type: 'match', pairs: c.pairs.map((p, i) => ({ left: p.left, right: rights[i] })) };
    }
    case 'order': {
      if (skill === 'perfect') return { type: 'order', order: c.order };
      if (skill === 'partial') return { type: 'order', order: [c.order[1], c.order[0], ...c.order.slice(2)] };
      if (skill === 'bad') return { type: 'order', order: c.order.slice(1) };
      return { type: 'order', order: rotate(c.order) };
    }
  }
}

const SKILLS: Skill[] = ['perfect', 'partial', 'wrong', 'bad'];

export function playGame(deck: Deck, seed: number, scoring: RoomState['scoring']): string[] {
  const out: string[] = [];
  const log = (event: string, payload: unknown) => out.push(`${event} ${JSON.stringify(payload)}`);
  const qs = prepareGame(deck, { rng: seeded(seed) });
  let players: PlayerRecord[] = ['ann', 'bob', 'cat', 'dan', 'eve'].map((id, i) => player(id, { joinedAt: i }));
  let r = room({ questionCount: qs.length, scoring, topicTitles: Object.fromEntries(deck.topics.map((t) => [t.id, t.title])) });
  let now = 10_000;
  qs.forEach((q, index) => {
    r = { ...r, phase: 'question', index, openedAt: now, deadline: now + q.durationMs, version: r.version + 1, updatedAt: now };
    log('game:question', questionView(r, q, now + 5));
    const answers: AnswerRecord[] = [];
    players.forEach((p, k) => {
      if (k === SKILLS.length) return; // the last player stays silent
      const a = answerFor(q, SKILLS[(k + index) % SKILLS.length]);
      const at = now + 700 * (k + 1) + index;
      const check = checkAnswer(r, q, p, index, a, at);
      log('player:answer.ack', check.ok ? { ok: true, receivedAt: check.record.at } : { ok: false, error: check.error });
      if (check.ok) answers.push(check.record);
    });
    log('player:rejoin.ack', playerState(r, q, players[0], answers[0] ?? null, players.length, now + 900));
    const closing: RoomState = { ...r, phase: 'closing', version: r.version + 1, updatedAt: now + 8000 };
    const outcome = scoreQuestion(closing, q, players, answers, now + 9000);
    r = outcome.state;
    const reveal = revealView(r, q)!;
    log('game:reveal', reveal);
    for (const [id, result] of outcome.results) log(`player:result ${id}`, resultFrame(result, reveal));
    players = players.map((p) => ({ ...p, ...(outcome.updates.find((u) => u.id === p.id) ?? {}) }));
    log('player:rejoin.ack', playerState(r, q, players[1], answers[1] ?? null, players.length, now + 9500));
    r = { ...r, phase: 'leaderboard', version: r.version + 1 };
    log('game:leaderboard', { index: r.index, total: r.questionCount, top: r.leaderboard ?? [], players: r.reveal?.players ?? 0 });
    now += 60_000;
  });
  r = { ...r, phase: 'ended', version: r.version + 1 };
  log('game:podium', podiumView(r, players));
  for (const { player: p, rank } of rankPlayers(players)) log(`player:final ${p.id}`, finalView({ ...p, rank }, players.length));
  return out;
}

const BAD_PAYLOADS: unknown[] = [
  { pin: '123456', index: 0, answer: { type: 'single', option: 'A' } },
  { pin: '123456', index: 0, answer: { type: 'single' } },
  { pin: '123456', index: 0, answer: { type: 'single', option: 'A', extra: 1 } },
  { pin: '123456', index: 0, answer: { type: 'multi', options: 'A' } },
  { pin: '123456', index: 0, answer: { type: 'multi', options: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'] } },
  { pin: '123456', index: 0, answer: { type: 'truefalse', value: 'yes' } },
  { pin: '123456', index: 0, answer: { type: 'match', pairs: [{ left: 'L1' }] } },
  { pin: '123456', index: 0, answer: { type: 'match', pairs: [{ left: 'L1', right: 'R1', x: 1 }] } },
  { pin: '123456', index: 0, answer: { type: 'order', order: ['S1', ''] } },
  { pin: '123456', index: 0, answer: { type: 'order', order: ['S1', 'S-2'] } },
  { pin: '123456', index: 0, answer: { type: 'numeric', value: 3 } },
  { pin: '123456', index: 0, answer: {} },
  { pin: '123456', index: 0, answer: null },
  { pin: '123456', index: 0 },
];

const TOKEN = 'host-secret-token-0000';
const OTHER_PAYLOADS: [SchemaEvent, unknown][] = [
  ['decks:list', {}],
  ['decks:list', { x: 1 }],
  ['host:create', { deckId: 'd' }],
  ['host:create', { deckId: 'd', scoring: 'exam', questionCount: 3, timeLimit: 30 }],
  ['host:create', { deckId: 'd', scoring: 'fast' }],
  ['host:create', { deckId: '', questionCount: 0 }],
  ['host:create', { deckId: 'd', timeLimit: 4.5 }],
  ['host:create', { deckId: 'd', extra: true }],
  ['host:create', { deckId: 'd', introSeconds: 3 }],
  ['host:create', { deckId: 'd', introSeconds: 6 }],
  ['host:resume', { pin: '123456', hostToken: TOKEN }],
  ['host:start', { pin: '12345', hostToken: TOKEN }],
  ['host:next', { pin: '123456', hostToken: 'short' }],
  ['host:kick', { pin: '123456', hostToken: TOKEN, playerId: 'p1' }],
  ['host:kick', { pin: '123456', hostToken: TOKEN }],
  ['room:check', { pin: 'abcdef' }],
  ['player:join', { pin: '123456', nickname: 'Ann' }],
  ['player:join', { pin: '123456', nickname: 'x'.repeat(201) }],
  ['player:rejoin', { pin: '123456', token: TOKEN }],
  ['player:rejoin', { pin: '123456', token: 'bad token with spaces!' }],
  ['player:answer', { pin: '123456', index: -1, answer: { type: 'single', option: 'A' } }],
];

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const DECK_DIRS = ['tests/fixtures/decks', 'tests/deck/fixtures', 'tests/deck/fixtures/load'];

function deckFiles(): string[] {
  return DECK_DIRS.flatMap((dir) =>
    readdirSync(path.join(ROOT, dir))
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => `${dir}/${f}`),
  );
}

/** Every line of the capture. */
export function captureWire(): string {
  const lines: string[] = [];
  const decks: Deck[] = [engineDeck];
  for (const file of deckFiles()) {
    for (const strict of [true, false]) {
      const check = checkDeckText(readFileSync(path.join(ROOT, file), 'utf8'), file, { strict });
      lines.push(`deck ${file} strict=${strict}`);
      for (const i of [...check.errors, ...check.warnings]) lines.push(`  ${formatIssue(i)}`);
      lines.push(`  deck ${JSON.stringify(check.deck)}`);
      lines.push(`  candidate ${JSON.stringify(check.candidate)}`);
      if (strict && file.startsWith('tests/fixtures/decks/') && check.deck) decks.push(check.deck);
    }
  }
  for (const p of BAD_PAYLOADS) lines.push(`parse ${JSON.stringify(p)} -> ${JSON.stringify(parsePayload('player:answer', p))}`);
  for (const [event, p] of OTHER_PAYLOADS) lines.push(`parse ${event} ${JSON.stringify(p)} -> ${JSON.stringify(parsePayload(event, p))}`);
  for (const deck of decks) {
    for (const seed of [1, 2, 3]) {
      lines.push(`game ${deck.id} seed=${seed}`);
      lines.push(...playGame(deck, seed, seed === 2 ? 'exam' : seed === 3 ? 'classic' : 'study'));
    }
  }
  return lines.join('\n') + '\n';
}

/** For a one-off comparison on other decks (the shipped deck changes with its content, so it is not pinned here). */
export function playGameForCapture(deck: Deck): string[] {
  return [1, 2].flatMap((seed) => playGame(deck, seed, 'study'));
}
