import type { DeckSummary } from '../../../shared/deck.js';
import type {
  ClockView,
  CreateRoomRequest,
  PresenceView,
  RemoteLink,
  SettingsView,
  HostAuth,
  HostState,
  LeaderboardView,
  LobbyPlayer,
  PodiumView,
  QuestionView,
  RevealView,
  RoomInfo,
  ClientToServerEvents,
} from '../../../shared/protocol.js';
import { ServerClock } from '../lib/clock.js';
import { HostSound } from './sound.svelte.js';
import { Connection, type Handlers } from '../lib/connection.svelte.js';
import { call, NO_ANSWER_MESSAGE, type AckOf, type PayloadOf } from '../lib/net.js';
import { load, remove, save } from '../lib/storage.js';
import { fetchReportLink } from '../learning/report-link.js';
import { rememberReport } from '../learning/recent-reports.js';

export type HostScreen = 'setup' | 'lobby' | 'question' | 'reveal' | 'leaderboard' | 'ended';

const STORAGE_KEY = 'cramnight:host';
/** A host remote (the host's phone) keeps its own device token apart from a projector in the same browser. */
export const REMOTE_STORAGE_KEY = 'cramnight:remote';

const isAuth = (v: unknown): v is HostAuth =>
  typeof v === 'object' && v !== null && typeof (v as HostAuth).pin === 'string' && typeof (v as HostAuth).hostToken === 'string';

type Command = 'host:start' | 'host:next' | 'host:skip' | 'host:end' | 'host:pause' | 'host:unpause' | 'host:lock' | 'host:unlock';

export interface Presence {
  index: number;
  names: boolean;
  online: ReadonlySet<string>;
  answered: ReadonlySet<string>;
  counts: PresenceView['counts'];
}

/** Presence sets are replaced whole on every update (the $state.raw field), never mutated where components see them. */
const setOf = (xs: Iterable<string> = []): Set<string> => new Set(xs);

const NO_PRESENCE: Presence = { index: -1, names: true, online: setOf(), answered: setOf(), counts: { players: 0, online: 0, answered: 0 } };

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
  /** The room clock as the server last described it: paused or not, auto-advance. */
  timing = $state.raw<ClockView | null>(null);
  settings = $state.raw<SettingsView | null>(null);
  locked = $state(false);
  presence = $state.raw<Presence>(NO_PRESENCE);
  remoteLink = $state.raw<RemoteLink | null>(null);
  /** The report's address once the game has ended (docs/reports.md). */
  reportUrl = $state<string | null>(null);

  readonly clock = new ServerClock();
  readonly sound = new HostSound();
  readonly conn: Connection;
  private auth: HostAuth | null;

  private readonly storageKey: string;
  /** Host remote: the one-time code from the link, exchanged for a device token on connect. */
  private claimCode: { pin: string; code: string } | null;

  constructor(opts: { storageKey?: string; claim?: { pin: string; code: string } | null } = {}) {
    this.storageKey = opts.storageKey ?? STORAGE_KEY;
    this.claimCode = opts.claim ?? null;
    this.auth = this.claimCode ? null : load(this.storageKey, isAuth);
    this.restoring = this.auth !== null || this.claimCode !== null;
    this.conn = new Connection(this.handlers, this.onReady);
  }

  get paused(): boolean {
    return this.timing?.paused ?? false;
  }

  destroy(): void {
    this.conn.destroy();
    this.sound.destroy();
  }

  // ------------------------------------------------------------ connection

  private readonly onReady = () => {
    if (this.claimCode) void this.claim(this.claimCode);
    else if (this.auth) void this.resume(this.auth);
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
      remove(this.storageKey);
      this.error = res.error.code === 'ROOM_NOT_FOUND' ? 'Your last game has ended — start a new one.' : res.error.message;
      this.screen = 'setup';
      void this.loadDecks();
      return;
    }
    this.applyState(res.state);
    // Topic names for the get-ready beat come with the deck list (a reloaded host page has none yet).
    if (!this.decksLoaded) void this.loadDecks();
  }

  private async claim(c: { pin: string; code: string }): Promise<void> {
    const res = await call(this.conn.socket, 'host:claim', c);
    this.claimCode = null;
    this.restoring = false;
    if (res === null || !res.ok) {
      this.error = res === null ? NO_ANSWER_MESSAGE : res.error.message;
      // An old device token for this room may still work.
      const old = load(this.storageKey, isAuth);
      if (old && old.pin === c.pin) {
        this.auth = old;
        this.error = '';
        void this.resume(old);
      }
      return;
    }
    this.auth = { pin: c.pin, hostToken: res.hostToken };
    save(this.storageKey, this.auth);
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
      this.timing = null;
      this.presence = { ...this.presence, index: q.index, answered: setOf(), counts: { ...this.presence.counts, answered: 0 } };
      this.reveal = null;
      this.screen = 'question';
      this.sound.play('question');
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
    'game:clock': (c) => {
      this.clock.sync(c.serverNow);
      this.timing = c;
      const q = this.question;
      if (q && c.phase === 'question' && q.index === c.index && c.deadline !== undefined && c.durationMs !== undefined) {
        // A pause during the get-ready beat moves when answers open.
        const opens = c.openedAt !== undefined ? { openedAt: c.openedAt, introMs: c.introMs ?? 0 } : {};
        this.question = { ...q, deadline: c.deadline, durationMs: c.durationMs, ...opens };
      }
    },
    'host:presence': (u) => {
      const p = this.presence;
      const online = setOf(p.online);
      for (const id of u.online) online.add(id);
      for (const id of u.offline) online.delete(id);
      const answered = setOf(u.index === p.index ? p.answered : []);
      for (const id of u.answered) answered.add(id);
      this.presence = { index: u.index, names: u.names, online, answered, counts: u.counts };
      // The answered count comes with presence (the server sends the host no game:progress).
      if (this.question?.index === u.index) {
        this.answered = Math.max(this.answered, u.counts.answered);
        this.playerCount = u.counts.players;
      }
    },
    'host:room': (r) => {
      this.locked = r.locked;
    },
    'game:restart': () => {
      if (this.auth) void this.resume(this.auth);
    },
    'game:podium': (p) => {
      this.podium = p;
      this.screen = 'ended';
      // The fanfare plays when the winner steps onto the podium (Podium.svelte).
      void this.loadReportLink();
    },
  };

  private applyState(s: HostState): void {
    this.room = { pin: s.pin, joinUrl: s.joinUrl, deck: s.deck, scoring: s.scoring, questionCount: s.questionCount, qrSvg: s.qrSvg };
    this.players = s.players;
    this.playerCount = s.playerCount;
    // Each game has its own report: a new game in the same room starts without a link.
    if (s.phase !== 'ended') this.reportUrl = null;
    if (s.question) {
      this.clock.sync(s.question.serverNow);
      this.question = s.question;
    }
    this.answered = s.answered ?? 0;
    this.reveal = s.reveal ?? null;
    this.leaderboard = s.leaderboard ?? null;
    this.podium = s.podium ?? null;
    this.settings = s.settings;
    this.locked = s.locked;
    this.timing = s.clock;
    this.presence = {
      index: s.presence.index,
      names: s.presence.names,
      online: setOf(s.presence.online),
      answered: setOf(s.presence.answered),
      counts: s.presence.counts,
    };
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
        void this.loadReportLink();
        break;
    }
  }

  private async loadReportLink(): Promise<void> {
    const auth = this.auth;
    if (!auth) return;
    const url = await fetchReportLink(auth);
    if (this.auth !== auth) return;
    this.reportUrl = url;
    if (url && this.room) rememberReport({ url, deck: this.room.deck.title, at: Date.now() });
  }

  // ------------------------------------------------------------ actions

  async create(payload: CreateRoomRequest): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      const res = await this.request('host:create', payload);
      if (!res) return;
      this.auth = { pin: res.state.pin, hostToken: res.hostToken };
      save(this.storageKey, this.auth);
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
  pause = () => this.command('host:pause');
  unpause = () => this.command('host:unpause');
  lock = () => this.command('host:lock');
  unlock = () => this.command('host:unlock');

  async addTime(): Promise<void> {
    if (this.auth) await this.request('host:addTime', this.auth);
  }

  async kick(playerId: string): Promise<void> {
    await this.kickMany([playerId]);
  }

  /** Removes players (any phase); resolves true when the server did. */
  async kickMany(playerIds: string[]): Promise<boolean> {
    if (!this.auth || playerIds.length === 0) return false;
    if (!(await this.request('host:kick', { ...this.auth, playerIds }))) return false;
    const gone = setOf(playerIds);
    this.players = this.players.filter((p) => !gone.has(p.id));
    return true;
  }

  /** New game with the same players: the same room, everyone back in the lobby at 0. */
  async restart(): Promise<void> {
    if (!this.auth || this.busy) return;
    this.busy = true;
    try {
      const res = await this.request('host:restart', this.auth);
      if (res) this.applyState(res.state);
    } finally {
      this.busy = false;
    }
  }

  /** A one-time link (and QR) for the host's phone to become a remote. */
  async makeRemoteLink(): Promise<void> {
    if (!this.auth) return;
    const res = await this.request('host:remote', this.auth);
    if (res) this.remoteLink = res.link;
  }

  closeRemoteLink(): void {
    this.remoteLink = null;
  }

  /** Forget the finished room and go back to picking a deck. */
  newGame(): void {
    this.auth = null;
    remove(this.storageKey);
    this.room = null;
    this.players = [];
    this.playerCount = 0;
    this.question = null;
    this.reveal = null;
    this.leaderboard = null;
    this.podium = null;
    this.reportUrl = null;
    this.error = '';
    this.screen = 'setup';
    if (!this.decksLoaded) void this.loadDecks();
  }
}
