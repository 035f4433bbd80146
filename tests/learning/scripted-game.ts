/**
 * A game whose every figure is known in advance, played through the real engine (scoreQuestion) and
 * logged with questionLog, exactly as the server does. Exam scoring: 1000 for a fully right answer.
 *
 *   topics: net, sec, ops (ops is never asked)
 *   Q1 single  net  ann A (right) 3000 ms, bob B 5000 ms                     [cat not there yet]
 *   Q2 multi   net  ann A+C (right) 4000 ms, bob A (half: 1 right of 2) 100 ms  [too fast to read]
 *      -- cat joins --
 *   Q3 truefal sec  SKIPPED by the host: ann true (right) 1000 ms, bob and cat no answer
 *   Q4 single  sec  ann B 2000 ms, bob A (right) 6000 ms, cat B 7000 ms
 */
import type { AnswerPayload } from '../../shared/protocol.js';
import { scoreQuestion } from '../../server/engine/close.js';
import { rankPlayers } from '../../server/engine/ranking.js';
import type { AnswerRecord, PlayerRecord, PreparedQuestion, RoomState } from '../../server/engine/types.js';
import { questionLog } from '../../server/learning/log.js';
import type { StoredReport } from '../../server/learning/types.js';
import { player, room as makeRoom } from '../engine/fixtures.js';

const single = (id: string, topic: string, prompt: string, texts: string[], right: string): PreparedQuestion => ({
  deckQuestionId: id,
  type: 'single',
  topic,
  view: { type: 'single', topic, prompt, options: texts.map((text, i) => ({ id: 'ABCD'[i], text })) },
  correct: { type: 'single', option: right },
  whys: Object.fromEntries(texts.map((t, i) => ['ABCD'[i], `why ${t}`])),
  explanation: `explain ${id}`,
  durationMs: 20_000,
});

export const QUESTIONS: PreparedQuestion[] = [
  single('q-port', 'net', 'Which port does HTTPS use by default?', ['443', '80', '22', '25'], 'A'),
  {
    deckQuestionId: 'q-private',
    type: 'multi',
    topic: 'net',
    view: { type: 'multi', topic: 'net', prompt: 'Which ranges are private? (Choose TWO.)', choose: 2, options: [{ id: 'A', text: '10.0.0.0/8' }, { id: 'B', text: '8.8.8.0/24' }, { id: 'C', text: '192.168.0.0/16' }] },
    correct: { type: 'multi', options: ['A', 'C'] },
    whys: { A: 'RFC 1918', B: 'public', C: 'RFC 1918' },
    explanation: 'explain q-private',
    durationMs: 20_000,
  },
  {
    deckQuestionId: 'q-kms',
    type: 'truefalse',
    topic: 'sec',
    view: { type: 'truefalse', topic: 'sec', prompt: 'KMS keys can rotate automatically.' },
    correct: { type: 'truefalse', value: true },
    whys: { true: 'yearly rotation' },
    explanation: 'explain q-kms',
    durationMs: 20_000,
  },
  single('q-iam', 'sec', 'Which IAM element grants permissions?', ['Policy', 'Group', 'Tag'], 'A'),
];

export const TOPICS = [
  { id: 'net', title: 'Networking' },
  { id: 'sec', title: 'Security' },
  { id: 'ops', title: 'Operations' },
];

type Move = { who: string; answer: AnswerPayload; ms: number };
const SCRIPT: { moves: Move[]; skipped: boolean; joinBefore?: string }[] = [
  { moves: [{ who: 'ann', answer: { type: 'single', option: 'A' }, ms: 3000 }, { who: 'bob', answer: { type: 'single', option: 'B' }, ms: 5000 }], skipped: false },
  { moves: [{ who: 'ann', answer: { type: 'multi', options: ['A', 'C'] }, ms: 4000 }, { who: 'bob', answer: { type: 'multi', options: ['A'] }, ms: 100 }], skipped: false },
  { joinBefore: 'cat', moves: [{ who: 'ann', answer: { type: 'truefalse', value: true }, ms: 1000 }], skipped: true },
  {
    moves: [
      { who: 'ann', answer: { type: 'single', option: 'B' }, ms: 2000 },
      { who: 'bob', answer: { type: 'single', option: 'A' }, ms: 6000 },
      { who: 'cat', answer: { type: 'single', option: 'B' }, ms: 7000 },
    ],
    skipped: false,
  },
];

/** Plays the script; `names` renames players (for CSV tests). */
export function playScriptedGame(names: Record<string, string> = {}): StoredReport {
  let room: RoomState = makeRoom({ scoring: 'exam', questionCount: QUESTIONS.length, topicTitles: Object.fromEntries(TOPICS.map((t) => [t.id, t.title])) });
  let players: PlayerRecord[] = ['ann', 'bob'].map((id, i) => player(id, { name: names[id] ?? id, joinedAt: i }));
  const log = [];
  let t = 100_000;
  for (const [index, step] of SCRIPT.entries()) {
    if (step.joinBefore) players = [...players, player(step.joinBefore, { name: names[step.joinBefore] ?? step.joinBefore, joinedAt: t })];
    const openedAt = (t += 60_000);
    const closing: RoomState = { ...room, phase: 'closing', index, openedAt, deadline: openedAt + 20_000 };
    const answers: AnswerRecord[] = step.moves.map((m) => ({ playerId: m.who, answer: m.answer, at: openedAt + m.ms }));
    const now = openedAt + 20_000;
    const outcome = scoreQuestion(closing, QUESTIONS[index], players, answers, now);
    log.push(questionLog(closing, QUESTIONS[index], answers, outcome, step.skipped, now));
    players = players.map((p) => {
      const u = outcome.updates.find((x) => x.id === p.id);
      return u ? { ...p, ...u } : p;
    });
    room = outcome.state;
  }
  const ranks = new Map(rankPlayers(players).map(({ player: p, rank }) => [p.id, rank]));
  return {
    meta: {
      reportId: 'report-scripted-0000000000000000',
      deckId: 'deck-net',
      deckTitle: 'Networking basics',
      scoring: 'exam',
      createdAt: 100_000,
      endedAt: t + 30_000,
      planned: QUESTIONS.length,
      topics: TOPICS,
      questions: Object.fromEntries(QUESTIONS.map((q, i) => [i, q])),
      players: players.map((p) => ({ id: p.id, name: p.name, score: p.score, correct: p.correct, rank: ranks.get(p.id) ?? null, kicked: p.kicked, joinedAt: p.joinedAt })),
    },
    log,
  };
}
