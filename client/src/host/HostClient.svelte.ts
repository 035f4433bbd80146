import type { DeckSummary } from '../../../shared/deck.js';
import type {
  HostAuth,
  HostState,
  LeaderboardView,
  LobbyPlayer,
  PodiumView,
  QuestionView,
  RevealView,
  RoomInfo,
  ScoringStyle,
  ClientToServerEvents,
} from '../../../shared/protocol.js';
import { ServerClock } from '../lib/clock.js';
import { HostSound } from './sound.svelte.js';
import { Connection, type Handlers } from '../lib/connection.svelte.js';
import { call, NO_ANSWER_MESSAGE, type AckOf, type PayloadOf } from '../lib/net.js';
import { load, remove, save } from '../lib/storage.js';

export type HostScreen = 'setup' | 'lobby' | 'question' | 'reveal' | 'leaderboard' | 'ended';

const STORAGE_KEY = 'cramnight:host';

const isAuth = (v: unknown): v is HostAuth =>
  typeof v === 'object' && v !== null && typeof (v as HostAuth).pin === 'string' && typeof (v as HostAuth).hostToken === 'string';

type Command = 'host:start' | 'host:next' | 'host:skip' | 'host:end';

/**
 * The host screen's view of its room. Socket handlers are registered once in the
 * constructor and removed in destroy(); components only read the $state fields.
 */
export class HostClient {
  screen = $state<HostScreen>('setup');
  restoring = $state(false);
  busy = $state(false);
  error = $state('');

  decks = $state.raw<DeckSummary[]>([]);
  decksLoaded = $state(false);

  room = $state.raw<(RoomInfo & { qrSvg: string }) | null>(null);
  players = $state.raw<LobbyPlayer[]>([]);
  playerCount = $state(0);
  question = $state.raw<QuestionView | null>(null);
  answered = $state(0);
  reveal = $state.raw<RevealView | null>(null);
  leaderboard = $state.raw<LeaderboardView | null>(null);
  podium = $state.raw<PodiumView | null>(null);

  readonly clock = new ServerClock();
  readonly sound = new HostSound();
  readonly conn: Connection;
  private auth: HostAuth | null;

  constructor() {
    this.auth = load(STORAGE_KEY, isAuth);
    this.restoring = this.auth !== null;
    this.conn = new Connection(this.handlers, this.onReady);
  }

  destroy(): void {
    this.conn.destroy();
    this.sound.destroy();
  }

  // ------------------------------------------------------------ connection

  private readonly onReady = () => {
    if (this.auth) void this.resume(this.auth);
    else if (!this.decksLoaded) void this.loadDecks();
  };

  private async resume(auth: HostAuth): Promise<void> {
    const res = await call(this.conn.socket, 'host:resume', auth);
    if (this.auth !== auth) return;
    if (res === null) {
      setTimeout(() => {
        if (this.auth === auth && this.conn.socket.connected) void this.resume(auth);
      }, 2000);
      return;
    }
    this.restoring = false;
    if (!res.ok) {
      if (res.error.code === 'RATE_LIMITED' || res.error.code === 'STORE_UNAVAILABLE' || res.error.code === 'INTERNAL') {
        this.error = res.error.message;
        return;
      }
      this.auth = null;
      remove(STORAGE_KEY);
      this.error = res.error.code === 'ROOM_NOT_FOUND' ? 'Your last game has ended — start a new one.' : res.error.message;
      this.screen = 'setup';
      void this.loadDecks();
      return;
    }
    this.applyState(res.state);
  }

  /** Emits with an ack; on no answer or a refusal, shows why and resolves to null. */
  private async request<E extends keyof ClientToServerEvents>(
    event: E,
    payload: PayloadOf<E>,
  ): Promise<Extract<AckOf<E>, { ok: true }> | null> {
    const res = await call(this.conn.socket, event, payload);
    if (res === null) this.error = NO_ANSWER_MESSAGE;
    else if (!res.ok) this.error = res.error.message;
    else return res as Extract<AckOf<E>, { ok: true }>;
    return null;
  }

  async loadDecks(): Promise<void> {
    const res = await this.request('decks:list', {});
    if (!res) return;
    this.decks = res.decks;
    this.decksLoaded = true;
  }

  // ------------------------------------------------------------ server events

  private readonly handlers: Handlers = {
    'host:lobby': (u) => {
      // Local lookups for this one update, not reactive state.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      const left = new Set(u.left);
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      const known = new Set(this.players.map((p) => p.id));
      this.players = [...this.players.filter((p) => !left.has(p.id)), ...u.joined.filter((p) => !known.has(p.id) && !left.has(p.id))];
      this.playerCount = u.count;
    },
    'game:question': (q) => {
      this.clock.sync(q.serverNow);
      this.question = q;
      this.answered = 0;
      this.reveal = null;
      this.screen = 'question';
      this.sound.play('question');
    },
    'game:progress': (p) => {
      if (this.question?.index !== p.index) return;
      this.answered = p.answered;
      this.playerCount = p.players;
    },
    'game:reveal': (r) => {
      this.reveal = r;
      this.answered = r.answered;
      this.screen = 'reveal';
      this.sound.play('reveal');
    },
    'game:leaderboard': (l) => {
      this.leaderboard = l;
      this.screen = 'leaderboard';
    },
    'game:podium': (p) => {
      this.podium = p;
      this.screen = 'ended';
      this.sound.play('podium');
    },
  };

  private applyState(s: HostState): void {
    this.room = { pin: s.pin, joinUrl: s.joinUrl, deck: s.deck, scoring: s.scoring, questionCount: s.questionCount, qrSvg: s.qrSvg };
    this.players = s.players;
    this.playerCount = s.playerCount;
    if (s.question) {
      this.clock.sync(s.question.serverNow);
      this.question = s.question;
    }
    this.answered = s.answered ?? 0;
    this.reveal = s.reveal ?? null;
    this.leaderboard = s.leaderboard ?? null;
    this.podium = s.podium ?? null;
    this.error = '';
    switch (s.phase) {
      case 'lobby':
        this.screen = 'lobby';
        break;
      case 'question':
        this.screen = s.question ? 'question' : 'lobby';
        break;
      case 'reveal':
        this.screen = s.reveal ? 'reveal' : 'leaderboard';
        break;
      case 'leaderboard':
        this.screen = 'leaderboard';
        break;
      case 'ended':
        this.screen = 'ended';
        break;
    }
  }

  // ------------------------------------------------------------ actions

  async create(req: { deckId: string; scoring: ScoringStyle; questionCount?: number }): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      const payload: { deckId: string; scoring: ScoringStyle; questionCount?: number } = { deckId: req.deckId, scoring: req.scoring };
      if (req.questionCount) payload.questionCount = req.questionCount;
      const res = await this.request('host:create', payload);
      if (!res) return;
      this.auth = { pin: res.state.pin, hostToken: res.hostToken };
      save(STORAGE_KEY, this.auth);
      this.applyState(res.state);
    } finally {
      this.busy = false;
    }
  }

  private async command(event: Command): Promise<void> {
    if (!this.auth || this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      await this.request(event, this.auth);
    } finally {
      this.busy = false;
    }
  }

  start = () => this.command('host:start');
  next = () => this.command('host:next');
  skip = () => this.command('host:skip');
  end = () => this.command('host:end');

  async kick(playerId: string): Promise<void> {
    if (!this.auth) return;
    if (await this.request('host:kick', { ...this.auth, playerId })) {
      this.players = this.players.filter((p) => p.id !== playerId);
    }
  }

  /** Forget the finished room and go back to picking a deck. */
  newGame(): void {
    this.auth = null;
    remove(STORAGE_KEY);
    this.room = null;
    this.players = [];
    this.playerCount = 0;
    this.question = null;
    this.reveal = null;
    this.leaderboard = null;
    this.podium = null;
    this.error = '';
    this.screen = 'setup';
    if (!this.decksLoaded) void this.loadDecks();
  }
}
