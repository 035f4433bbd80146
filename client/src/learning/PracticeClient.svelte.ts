import type { DeckSummary } from '../../../shared/deck.js';
import type { PracticeStartRequest, PracticeState, WeakSpotView } from '../../../shared/learning.js';
import type { AnswerPayload } from '../../../shared/protocol.js';
import { ServerClock } from '../lib/clock.js';
import { Connection } from '../lib/connection.svelte.js';
import { deviceId } from '../lib/device.js';
import { call, NO_ANSWER_MESSAGE, type AckOf, type PayloadOf } from '../lib/net.js';
import { load, remove, save } from '../lib/storage.js';
import type { ClientToServerEvents } from '../../../shared/protocol.js';

export type PracticeScreen = 'setup' | 'question' | 'feedback' | 'done';

const STORAGE_KEY = 'cramnight:practice';
const isSaved = (v: unknown): v is { token: string } => typeof v === 'object' && v !== null && typeof (v as { token: string }).token === 'string';

/** Where "Practise my misses" / "Practise these again" come from: /practice?deck=<id>&ids=a,b,c */
export function practiceLink(deckId: string, questionIds: string[]): string {
  return `/practice?deck=${encodeURIComponent(deckId)}&ids=${questionIds.map(encodeURIComponent).join(',')}`;
}

/**
 * Solo practice on a phone: the server serves each question and grades each answer (docs/reports.md);
 * the round's token in localStorage brings it back after a reload.
 */
export class PracticeClient {
  screen = $state<PracticeScreen>('setup');
  restoring = $state(false);
  busy = $state(false);
  error = $state('');
  decks = $state.raw<DeckSummary[]>([]);
  weak = $state.raw<WeakSpotView[]>([]);
  state = $state.raw<PracticeState | null>(null);
  chosen = $state.raw<AnswerPayload | null>(null);
  /** The deck of the last round, preselected in the setup. */
  lastDeck = $state(load('cramnight:practice-deck', (v): v is string => typeof v === 'string') ?? '');

  readonly clock = new ServerClock();
  readonly conn: Connection;
  readonly device = deviceId();
  private token: string | null;
  private pendingLink: { deckId: string; ids: string[] } | null;

  constructor(search: string) {
    this.token = load(STORAGE_KEY, isSaved)?.token ?? null;
    // A one-off read of the address, not reactive state.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const params = new URLSearchParams(search);
    const deck = params.get('deck');
    const ids = (params.get('ids') ?? '').split(',').filter(Boolean);
    this.pendingLink = deck && ids.length ? { deckId: deck, ids } : null;
    if (this.pendingLink) this.token = null;
    this.restoring = this.token !== null || this.pendingLink !== null;
    this.conn = new Connection({}, this.onReady);
  }

  destroy(): void {
    this.conn.destroy();
  }

  private readonly onReady = () => {
    if (this.token) void this.resume(this.token);
    else if (this.pendingLink) {
      const link = this.pendingLink;
      this.pendingLink = null;
      history.replaceState(null, '', '/practice');
      void this.start({ deckId: link.deckId, mode: 'questions', questionIds: link.ids });
    }
    if (this.decks.length === 0) void this.loadSetup();
  };

  private async request<E extends keyof ClientToServerEvents>(event: E, payload: PayloadOf<E>): Promise<Extract<AckOf<E>, { ok: true }> | null> {
    const res = await call(this.conn.socket, event, payload);
    if (res === null) this.error = NO_ANSWER_MESSAGE;
    else if (!res.ok) this.error = res.error.message;
    else {
      this.error = '';
      return res as Extract<AckOf<E>, { ok: true }>;
    }
    return null;
  }

  async loadSetup(): Promise<void> {
    const decks = await this.request('decks:list', {});
    if (decks) this.decks = decks.decks;
    await this.loadWeak();
  }

  async loadWeak(): Promise<void> {
    const res = await this.request('weak:list', { deviceId: this.device });
    if (res) this.weak = res.spots;
  }

  private async resume(token: string): Promise<void> {
    const res = await call(this.conn.socket, 'practice:resume', { token });
    this.restoring = false;
    if (res === null) {
      this.error = NO_ANSWER_MESSAGE;
      return;
    }
    if (!res.ok) {
      if (res.error.code === 'PRACTICE_NOT_FOUND') this.forget();
      else this.error = res.error.message;
      return;
    }
    this.apply(res.state);
  }

  private apply(s: PracticeState): void {
    this.state = s;
    if (s.question) this.clock.sync(s.question.serverNow);
    if (s.phase === 'question') this.chosen = null;
    this.screen = s.phase;
  }

  private forget(): void {
    this.token = null;
    remove(STORAGE_KEY);
  }

  async start(req: Omit<PracticeStartRequest, 'deviceId'>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      this.lastDeck = req.deckId;
      save('cramnight:practice-deck', req.deckId);
      const res = await this.request('practice:start', { ...req, deviceId: this.device });
      this.restoring = false;
      if (!res) return;
      this.token = res.token;
      save(STORAGE_KEY, { token: res.token });
      this.apply(res.state);
    } finally {
      this.busy = false;
    }
  }

  private async step(fn: (token: string) => Promise<{ state: PracticeState } | null>): Promise<void> {
    if (!this.token || this.busy) return;
    this.busy = true;
    try {
      const res = await fn(this.token);
      if (res) this.apply(res.state);
    } finally {
      this.busy = false;
    }
  }

  answer = (answer: AnswerPayload) => {
    const s = this.state;
    if (!s || this.screen !== 'question' || this.chosen) return;
    this.chosen = answer;
    void this.step((token) => this.request('practice:answer', { token, index: s.index, answer })).then(() => {
      if (this.screen === 'question') this.chosen = null;
    });
  };

  showAnswer = () => {
    const s = this.state;
    if (s) void this.step((token) => this.request('practice:reveal', { token, index: s.index }));
  };

  next = () => void this.step((token) => this.request('practice:next', { token }));

  /** Back to the setup (the finished round is forgotten). */
  restart = () => {
    this.forget();
    this.state = null;
    this.screen = 'setup';
    void this.loadWeak();
  };

  async clearWeak(): Promise<void> {
    if (await this.request('weak:clear', { deviceId: this.device })) this.weak = [];
  }
}
