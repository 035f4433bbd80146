/**
 * Solo practice over the store: picks and prepares the questions, runs the practice engine with
 * compare-and-set (a double tap or two tabs cannot record an answer twice), and feeds each answer
 * to the device's weak spots.
 */
import { PRACTICE_DEFAULT_COUNT, type PracticeStartRequest, type PracticeState, type WeakSpotView } from '../../shared/learning.js';
import type { Deck, DeckQuestion } from '../../shared/deck.js';
import { pickQuestions, prepareQuestion } from '../engine/prepare.js';
import { questionSeconds } from '../engine/reading-time.js';
import { GameError } from '../gateway/ack.js';
import { cryptoRng, randomToken } from '../util/random.js';
import { newPractice, practiceState, type PracticeOutcome, type PracticeSession } from './practice.js';
import type { LearningStore } from './store.js';

const CAS_ATTEMPTS = 5;

export class PracticeService {
  constructor(
    readonly store: LearningStore,
    readonly decks: Map<string, Deck>,
    readonly now: () => number = Date.now,
  ) {}

  private deck(id: string): Deck {
    const deck = this.decks.get(id);
    if (!deck) throw new GameError('DECK_NOT_FOUND', 'That deck is not available — pick another.');
    return deck;
  }

  private async choose(deck: Deck, req: PracticeStartRequest): Promise<DeckQuestion[]> {
    const count = req.count ?? PRACTICE_DEFAULT_COUNT;
    if (req.mode === 'questions') {
      const ids = [...new Set(req.questionIds ?? [])];
      const qs = ids.flatMap((id) => deck.questions.filter((q) => q.id === id));
      if (qs.length === 0) throw new GameError('BAD_REQUEST', 'None of those questions is in this deck.');
      return qs;
    }
    if (req.mode === 'weak') {
      if (!req.deviceId) throw new GameError('BAD_REQUEST', 'Bad request: deviceId: "my weak spots" needs the device id.');
      const spots = (await this.store.weakSpots(req.deviceId)).filter((w) => w.deckId === deck.id);
      const qs = spots.flatMap((w) => deck.questions.filter((q) => q.id === w.questionId)).slice(0, count);
      if (qs.length === 0) throw new GameError('NO_WEAK_SPOTS', 'No weak spots in this deck yet — play a game or practise first.');
      return qs;
    }
    const topics = req.topics?.length ? new Set(req.topics) : null;
    const unknown = req.topics?.find((t) => !deck.topics.some((x) => x.id === t));
    if (unknown) throw new GameError('BAD_REQUEST', `Bad request: topics: this deck has no topic "${unknown}".`);
    const pool = topics ? deck.questions.filter((q) => topics.has(q.topic)) : deck.questions;
    return pickQuestions({ ...deck, questions: pool }, count, cryptoRng);
  }

  async start(req: PracticeStartRequest): Promise<{ token: string; state: PracticeState }> {
    const deck = this.deck(req.deckId);
    const chosen = await this.choose(deck, req);
    // Timed rounds get the games' "fit to reading" times (a deck question's own time wins).
    const scenarios = new Map((deck.cases ?? []).map((c) => [c.id, c.scenario]));
    const seconds = questionSeconds(chosen, (id) => scenarios.get(id), { timing: 'fit', timeFactor: 1 });
    const questions = chosen.map((q, i) => prepareQuestion(deck, q, { rng: cryptoRng, timeLimit: seconds[i] }));
    const used = new Set(questions.map((q) => q.topic));
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const s = newPractice({
        token: randomToken(),
        ...(req.deviceId ? { deviceId: req.deviceId } : {}),
        deckId: deck.id,
        deckTitle: deck.title,
        topics: deck.topics.filter((t) => used.has(t.id)),
        questions,
        timed: req.timed ?? false,
        now: this.now(),
      });
      if (await this.store.createPractice(s)) return { token: s.token, state: practiceState(s, this.now()) };
    }
    throw new GameError('INTERNAL', 'Could not start a practice round — try again.');
  }

  private async load(token: string): Promise<PracticeSession> {
    const s = await this.store.getPractice(token);
    if (!s) throw new GameError('PRACTICE_NOT_FOUND', 'This practice round has expired — start a new one.');
    return s;
  }

  async resume(token: string): Promise<PracticeState> {
    return practiceState(await this.load(token), this.now());
  }

  /** Runs one engine step with compare-and-set; a new result goes to the device's weak spots. */
  async move(token: string, step: (s: PracticeSession, now: number) => PracticeOutcome): Promise<PracticeState> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const s = await this.load(token);
      const now = this.now();
      const out = step(s, now);
      if (!out.ok) throw new GameError(out.error.code, out.error.message);
      if (!(await this.store.updatePractice(token, s.version, out.session))) continue;
      const next = out.session;
      if (next.deviceId && next.results.length > s.results.length) {
        const i = next.results.length - 1;
        const r = next.results[i];
        await this.store.recordOutcomes(next.deviceId, [{ deckId: next.deckId, questionId: next.questions[i].deckQuestionId, credit: r.credit, at: r.at }]);
      }
      return practiceState(next, now);
    }
    throw new GameError('INTERNAL', 'This practice round is busy — try again.');
  }

  async weakList(deviceId: string, deckId?: string): Promise<WeakSpotView[]> {
    const spots = await this.store.weakSpots(deviceId);
    return spots.flatMap((w) => {
      if (deckId && w.deckId !== deckId) return [];
      const deck = this.decks.get(w.deckId);
      const q = deck?.questions.find((x) => x.id === w.questionId);
      if (!deck || !q) return [];
      return [{ ...w, deckTitle: deck.title, topicTitle: deck.topics.find((t) => t.id === q.topic)?.title ?? q.topic, prompt: q.prompt }];
    });
  }
}
