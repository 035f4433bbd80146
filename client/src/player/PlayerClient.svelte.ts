import type {
  AnswerPayload,
  FinalView,
  LeaderboardView,
  PlayerResult,
  PlayerState,
  QuestionView,
  RevealView,
} from '../../../shared/protocol.js';
import { PIN_LENGTH } from '../../../shared/protocol.js';
import { checkNickname } from '../../../shared/nickname.js';
import { ServerClock } from '../lib/clock.js';
import { Connection, type Handlers } from '../lib/connection.svelte.js';
import { call, NO_ANSWER_MESSAGE } from '../lib/net.js';
import { load, remove, save } from '../lib/storage.js';
import { KeepAwake } from '../lib/wakelock.js';
import { deviceId } from '../lib/device.js';
import type { PlayerReview } from '../../../shared/learning.js';
import { standingFromLeaderboard, standingFromResult, type Standing } from './standing.js';

export type PlayerScreen = 'join' | 'lobby' | 'question' | 'reveal' | 'leaderboard' | 'ended' | 'kicked';
export type AnswerStatus = 'idle' | 'sending' | 'locked' | 'late';

const STORAGE_KEY = 'cramnight:player';
const PAUSED_TEXT = 'The game is paused — answer again when it resumes.';
const PIN_RE = new RegExp(`^\\d{${PIN_LENGTH}}$`);

interface Saved {
  pin: string;
  token: string;
}
const isSaved = (v: unknown): v is Saved =>
  typeof v === 'object' && v !== null && typeof (v as Saved).pin === 'string' && typeof (v as Saved).token === 'string';

/**
 * Everything a phone knows about its game. Components read the $state fields; only the socket
 * handlers and the action methods below change them. Handlers are registered once, in the
 * constructor, and removed in destroy().
 */
export class PlayerClient {
  screen = $state<PlayerScreen>('join');
  /** True while a saved seat is being reclaimed after a reload (no join form flash). */
  restoring = $state(false);
  busy = $state(false);
  error = $state('');
  /** A join link to another game arrived while this phone holds a seat: which seat, which game. */
  switchOffer = $state<{ from: string; to: string } | null>(null);
  /** Message shown on the join form or the kicked screen (e.g. "the game has ended"). */
  notice = $state('');

  pin = $state('');
  deckTitle = $state('');
  you = $state.raw<PlayerState['you'] | null>(null);
  question = $state.raw<QuestionView | null>(null);
  yourAnswer = $state.raw<AnswerPayload | null>(null);
  answerStatus = $state<AnswerStatus>('idle');
  progress = $state.raw<{ answered: number; players: number } | null>(null);
  reveal = $state.raw<RevealView | null>(null);
  result = $state.raw<PlayerResult | null>(null);
  leaderboard = $state.raw<LeaderboardView | null>(null);
  final = $state.raw<FinalView | null>(null);
  /** The host paused the game: the clock is frozen at `pausedMs` left. */
  paused = $state(false);
  pausedMs = $state(0);
  /** After the game: this player's misses and per-topic result (player:review). */
  review = $state.raw<PlayerReview | null>(null);
  /** Where this player stands after the last question scored; null before the first. */
  standing = $state.raw<Standing | null>(null);
  /** The streak before the last result (to say a streak ended). */
  streakBefore = $state(0);

  readonly clock = new ServerClock();
  readonly conn: Connection;
  private readonly awake = new KeepAwake();
  private saved: Saved | null;
  /** An answer tapped while offline, sent once the seat is reclaimed. */
  private pending: { index: number; answer: AnswerPayload } | null = null;

  constructor(pinFromUrl: string | null) {
    this.saved = load(STORAGE_KEY, isSaved);
    if (pinFromUrl && PIN_RE.test(pinFromUrl)) {
      this.pin = pinFromUrl;
      // A link to another game never silently drops a saved seat: the seat is reclaimed as usual
      // and the phone asks first (SwitchGame.svelte).
      if (this.saved && this.saved.pin !== pinFromUrl) {
        this.switchOffer = { from: this.saved.pin, to: pinFromUrl };
        this.pin = this.saved.pin;
      }
    }
    this.restoring = this.saved !== null;

    this.conn = new Connection(this.handlers, this.onReady);
  }

  destroy(): void {
    this.conn.destroy();
    this.awake.destroy();
  }

  // ------------------------------------------------------------ connection

  private readonly onReady = () => {
    if (this.saved) void this.rejoin(this.saved);
  };

  private async rejoin(saved: Saved): Promise<void> {
    const res = await call(this.conn.socket, 'player:rejoin', { pin: saved.pin, token: saved.token });
    if (this.saved !== saved) return; // left or joined another game meanwhile
    if (res === null) {
      // No answer in time: if the socket dropped, the next connect retries; if not, try again shortly.
      setTimeout(() => {
        if (this.saved === saved && this.conn.socket.connected) void this.rejoin(saved);
      }, 2000);
      return;
    }
    this.restoring = false;
    if (!res.ok) {
      if (res.error.code === 'RATE_LIMITED' || res.error.code === 'STORE_UNAVAILABLE' || res.error.code === 'INTERNAL') {
        this.error = res.error.message;
        return;
      }
      this.forget();
      // The saved game may be over: the player types the PIN on the big screen rather than retrying an old one.
      this.pin = '';
      if (this.switchOffer) {
        // The old seat is gone anyway: nothing to ask, go to the linked game.
        this.pin = this.switchOffer.to;
        this.switchOffer = null;
        this.showJoin();
        return;
      }
      this.showJoin(res.error.message);
      return;
    }
    this.applyState(res.state);
    const p = this.pending;
    this.pending = null;
    if (p && this.screen === 'question' && this.question?.index === p.index && this.answerStatus === 'idle') {
      void this.answer(p.answer);
    }
  }

  // ------------------------------------------------------------ server events

  private readonly handlers: Handlers = {
    'game:question': (q) => {
      this.clock.sync(q.serverNow);
      this.question = q;
      this.yourAnswer = null;
      this.answerStatus = 'idle';
      this.pending = null;
      this.progress = null;
      this.reveal = null;
      this.result = null;
      this.error = '';
      this.paused = false;
      this.setScreen('question');
    },
    'game:progress': (p) => {
      if (this.question?.index === p.index) this.progress = { answered: p.answered, players: p.players };
    },
    // Only a phone with no result for the question gets this (it joined while the question was closing).
    'game:reveal': (r) => this.showReveal(r),
    // The phone's one frame when a question closes: its result and the reveal, shown together.
    'player:result': ({ reveal, ...r }) => {
      this.result = r;
      this.standing = standingFromResult(r, this.standing);
      this.streakBefore = this.you?.streak ?? 0;
      if (this.you) this.you = { ...this.you, score: r.score, streak: r.streak };
      this.showReveal(reveal);
    },
    'game:leaderboard': (l) => {
      this.leaderboard = l;
      this.standing = standingFromLeaderboard(l, this.you?.id, this.standing);
      this.setScreen('leaderboard');
    },
    'player:final': (f) => {
      this.final = f;
      this.setScreen('ended');
      void this.loadReview();
    },
    'game:clock': (c) => {
      this.clock.sync(c.serverNow);
      this.paused = c.paused;
      this.pausedMs = c.remainingMs;
      const q = this.question;
      if (q && c.phase === 'question' && q.index === c.index && c.deadline !== undefined && c.durationMs !== undefined) {
        // A pause during the get-ready beat moves when answers open.
        const opens = c.openedAt !== undefined ? { openedAt: c.openedAt, introMs: c.introMs ?? 0 } : {};
        this.question = { ...q, deadline: c.deadline, durationMs: c.durationMs, ...opens };
      }
      if (!c.paused && this.answerStatus === 'idle' && this.error === PAUSED_TEXT) this.error = '';
    },
    'game:restart': () => {
      if (this.saved) void this.rejoin(this.saved);
    },
    'player:kicked': (k) => {
      this.forget();
      this.notice = k.message;
      this.setScreen('kicked');
    },
  };

  private showReveal(r: RevealView): void {
    this.reveal = r;
    this.pending = null;
    this.error = '';
    this.setScreen('reveal');
  }

  private applyState(s: PlayerState): void {
    // A join or rejoin racing the close: this question's reveal (or result) can arrive before the state
    // read just before it. The phone keeps what it was shown rather than go back to a closed question.
    const overtaken = s.phase === 'question' && this.screen === 'reveal' && this.reveal !== null && this.reveal.index === s.question?.index;
    if (overtaken) {
      const r = this.result?.index === this.reveal?.index ? this.result : null;
      this.pin = s.pin;
      this.deckTitle = s.deckTitle;
      this.you = r ? { ...s.you, score: r.score, streak: r.streak } : s.you;
      return;
    }
    this.pin = s.pin;
    this.deckTitle = s.deckTitle;
    this.you = s.you;
    this.error = '';
    // A new game in the same room ("play again"): the last game's review goes.
    if (s.phase !== 'ended') this.review = null;
    if (s.phase === 'lobby') this.standing = null;
    if (s.result) this.standing = standingFromResult(s.result, this.standing);
    if (s.question) {
      this.clock.sync(s.question.serverNow);
      if (this.question?.index !== s.question.index) this.progress = null;
      this.question = s.question;
    }
    this.yourAnswer = s.yourAnswer ?? null;
    this.answerStatus = s.yourAnswer ? 'locked' : 'idle';
    this.reveal = s.reveal ?? null;
    this.result = s.result ?? null;
    this.final = s.final ?? null;
    this.paused = s.clock?.paused ?? false;
    this.pausedMs = s.clock?.remainingMs ?? 0;
    this.leaderboard = s.phase === 'lobby' ? null : this.leaderboard;
    switch (s.phase) {
      case 'lobby':
        this.setScreen('lobby');
        break;
      case 'question':
        this.setScreen(s.question ? 'question' : 'lobby');
        break;
      case 'reveal':
        this.setScreen(s.reveal ? 'reveal' : 'leaderboard');
        break;
      case 'leaderboard':
        this.setScreen('leaderboard');
        break;
      case 'ended':
        this.setScreen('ended');
        void this.loadReview();
        break;
    }
  }

  /** Asks for this player's review of the finished game (their reconnect token proves who they are). */
  async loadReview(): Promise<void> {
    const saved = this.saved;
    if (!saved || this.review) return;
    const res = await call(this.conn.socket, 'player:review', { pin: saved.pin, token: saved.token });
    if (res?.ok && this.saved === saved) this.review = res.review;
  }

  private setScreen(screen: PlayerScreen): void {
    this.screen = screen;
    this.awake.set(screen === 'lobby' || screen === 'question' || screen === 'reveal' || screen === 'leaderboard');
  }

  private showJoin(notice = ''): void {
    this.notice = notice;
    this.you = null;
    this.question = null;
    this.reveal = null;
    this.result = null;
    this.final = null;
    this.review = null;
    this.leaderboard = null;
    this.standing = null;
    this.setScreen('join');
  }

  private forget(): void {
    this.saved = null;
    this.restoring = false;
    remove(STORAGE_KEY);
  }

  // ------------------------------------------------------------ actions

  /** Keeps the saved seat and ignores the link to another game. */
  stayInGame(): void {
    this.switchOffer = null;
  }

  /** Gives up the saved seat (in a lobby it drops out after a grace period) and opens the linked game's join form. */
  switchGame(): void {
    const offer = this.switchOffer;
    if (!offer) return;
    this.switchOffer = null;
    this.forget();
    this.pin = offer.to;
    this.showJoin();
  }

  /** Joins with a PIN and a nickname; a refusal lands in `error`, in the words the server chose. */
  async join(pinRaw: string, nicknameRaw: string): Promise<void> {
    if (this.busy) return;
    this.error = '';
    const pin = pinRaw.replace(/\s+/g, '');
    if (!PIN_RE.test(pin)) {
      this.error = `The game PIN is ${PIN_LENGTH} digits — check the big screen.`;
      return;
    }
    const name = checkNickname(nicknameRaw);
    if (!name.ok) {
      this.error = name.message;
      return;
    }
    this.busy = true;
    try {
      const res = await call(this.conn.socket, 'player:join', { pin, nickname: name.name, deviceId: deviceId() });
      if (res === null) {
        this.error = NO_ANSWER_MESSAGE;
        return;
      }
      if (!res.ok) {
        this.error = res.error.message;
        return;
      }
      this.saved = { pin, token: res.token };
      save(STORAGE_KEY, this.saved);
      this.notice = '';
      this.applyState(res.state);
    } finally {
      this.busy = false;
    }
  }

  async answer(answer: AnswerPayload): Promise<void> {
    const q = this.question;
    if (!q || this.screen !== 'question' || this.answerStatus !== 'idle') return;
    this.yourAnswer = answer;
    this.answerStatus = 'sending';
    this.error = '';
    if (!this.conn.socket.connected) {
      this.pending = { index: q.index, answer };
      return;
    }
    const res = await call(this.conn.socket, 'player:answer', { pin: this.pin, index: q.index, answer });
    if (this.question?.index !== q.index || this.screen !== 'question') return;
    if (res === null) {
      if (!this.conn.socket.connected) {
        // Sent into a dropping connection: the rejoin tells whether it arrived.
        this.pending = { index: q.index, answer };
        return;
      }
      this.answerStatus = 'idle';
      this.yourAnswer = null;
      this.error = NO_ANSWER_MESSAGE;
      return;
    }
    if (res.ok) {
      this.answerStatus = 'locked';
      return;
    }
    switch (res.error.code) {
      case 'ALREADY_ANSWERED':
        this.answerStatus = 'locked';
        break;
      case 'QUESTION_CLOSED':
      case 'WRONG_QUESTION':
      case 'WRONG_PHASE':
        this.answerStatus = 'late';
        this.error = res.error.message;
        break;
      case 'PAUSED':
        // Nothing was recorded: the player answers again when the game resumes.
        this.answerStatus = 'idle';
        this.yourAnswer = null;
        this.paused = true;
        this.error = PAUSED_TEXT;
        break;
      case 'NOT_JOINED':
      case 'UNKNOWN_PLAYER':
        // The server lost track of this socket: reclaim the seat, then send again.
        this.pending = { index: q.index, answer };
        this.answerStatus = 'sending';
        if (this.saved) void this.rejoin(this.saved);
        break;
      default:
        this.answerStatus = 'idle';
        this.yourAnswer = null;
        this.error = res.error.message;
    }
  }

  /** Leave this game on this phone (after the end, or after being removed). */
  leave(): void {
    const pin = this.pin;
    this.forget();
    this.pin = this.screen === 'ended' ? '' : pin;
    this.error = '';
    this.showJoin();
  }
}
