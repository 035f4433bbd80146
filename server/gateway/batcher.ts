/**
 * Batches what others see of joins, answers and presence, so a join, an answer
 * or a dropped phone never costs a message to the whole room. The host gets new
 * names, the answered count and presence changes (who connected, who dropped,
 * who answered) at most every `hostMs`; players get the answered count at most
 * every `playerMs`, and less often when many play: the players' count has one
 * budget for the whole process, `playerFrameMs` per frame (a broadcast to a room
 * of N players spends N × playerFrameMs of it), so it costs at most
 * ~1000/playerFrameMs frames a second however many play, in one room of 2,000
 * (once every 10 s) or in 150 rooms of 30 (each about once every 20 s): a
 * broadcast to 2,000 phones holds the event loop for tens of milliseconds, and
 * 150 rooms' broadcasts together as long, while answers arrive meanwhile. The
 * count is a courtesy (the reveal carries the final one). The host is not
 * budgeted and hears the count in `host:presence` (its `counts`, beside who
 * answered): one frame per flush, not that and a `game:progress` as well —
 * players' `game:progress` broadcasts skip the host channel. In a room whose
 * one broadcast costs more than `playerMs` of the budget (over 200 players),
 * the first count of a question waits its turn too
 * (players × playerFrameMs after the first answer): sent at once it was a
 * burst of thousands of frames ("1 of 2,000 answered") in the very second the
 * answers, and their acks, arrive. One timer per room, only while something is
 * pending.
 */
import { PRESENCE_NAMES_MAX, type LobbyPlayer, type PresenceView } from '../../shared/protocol.js';
import { hostChannel, roomChannel } from './channels.js';
import type { IO } from './types.js';

interface Pending {
  joined: LobbyPlayer[];
  left: string[];
  count: number;
  lobbyDirty: boolean;
  progress?: { index: number; answered: number; players: number };
  progressDirty: boolean;
  playersSentAt: number;
  /** A big room's first count of a question goes no earlier than this (0: no such wait). */
  playersNotBefore: number;
  presence: { index: number; online: Set<string>; offline: Set<string>; answered: Set<string>; counts: PresenceView['counts'] };
  presenceDirty: boolean;
  /** The last question that closed: its counts are not sent any more (questionClosed). */
  closedIndex: number;
  timer?: NodeJS.Timeout;
}

export class Batcher {
  private rooms = new Map<string, Pending>();
  /** The players' count budget of the whole process: the next room broadcast may go from this time on. */
  private playerBudgetAt = 0;

  constructor(
    private io: IO,
    private opts = { hostMs: 250, playerMs: 1000, playerFrameMs: 5 },
  ) {}

  private pending(pin: string): Pending {
    let p = this.rooms.get(pin);
    if (!p) {
      const presence = { index: -1, online: new Set<string>(), offline: new Set<string>(), answered: new Set<string>(), counts: { players: 0, online: 0, answered: 0 } };
      p = { joined: [], left: [], count: 0, lobbyDirty: false, progressDirty: false, playersSentAt: 0, playersNotBefore: 0, presence, presenceDirty: false, closedIndex: -1 };
      this.rooms.set(pin, p);
    }
    return p;
  }

  private arm(pin: string, p: Pending): void {
    if (p.timer) return;
    p.timer = setTimeout(() => this.flush(pin), this.opts.hostMs);
    p.timer.unref();
  }

  joined(pin: string, player: LobbyPlayer, count: number): void {
    const p = this.pending(pin);
    p.joined.push(player);
    p.count = count;
    p.lobbyDirty = true;
    this.arm(pin, p);
  }

  left(pin: string, playerId: string, count: number): void {
    const p = this.pending(pin);
    p.left.push(playerId);
    p.count = count;
    p.lobbyDirty = true;
    this.arm(pin, p);
  }

  /** The players' answered count (the host's goes with answered()). */
  progress(pin: string, index: number, answered: number, players: number): void {
    const p = this.pending(pin);
    if (index <= p.closedIndex) return;
    if (p.progress && p.progress.index === index && p.progress.answered >= answered) return;
    if (p.progress?.index !== index) {
      const share = players * this.opts.playerFrameMs;
      p.playersNotBefore = share > this.opts.playerMs ? Date.now() + share : 0;
    }
    // Updated in place (it is encoded when it is sent): no object per answer.
    if (p.progress) {
      p.progress.index = index;
      p.progress.answered = answered;
      p.progress.players = players;
    } else p.progress = { index, answered, players };
    p.progressDirty = true;
    this.arm(pin, p);
  }

  /**
   * Question `index` closed: a count of it still waiting for its turn is dropped, and later ones (an answer
   * acked just before the close can report after it) are ignored. The reveal in each phone's result and
   * the host's carries the final count; a big room's first count waits players × playerFrameMs, which can
   * land on the close itself (2,000 players, 10 s questions: 2,000 stale frames among the results).
   */
  questionClosed(pin: string, index: number): void {
    const p = this.pending(pin);
    p.closedIndex = Math.max(p.closedIndex, index);
    if (p.progress && p.progress.index <= index) p.progressDirty = false;
  }

  /**
   * A player's socket connected or the last one dropped; `players` and `connected`: the room's counts after it.
   * Counts as numbers, kept in place (they are encoded when host:presence is sent): no object per join.
   */
  presence(pin: string, playerId: string, online: boolean, players: number, connected: number): void {
    const p = this.pending(pin);
    const pr = p.presence;
    pr.counts.players = players;
    pr.counts.online = connected;
    if (players <= PRESENCE_NAMES_MAX) {
      (online ? pr.offline : pr.online).delete(playerId);
      (online ? pr.online : pr.offline).add(playerId);
    }
    p.presenceDirty = true;
    this.arm(pin, p);
  }

  /** A player answered question `index`: the host hears who, and the counts (the players' count goes through progress()). Counts as numbers: no object per answer. */
  answered(pin: string, index: number, playerId: string, players: number, online: number, answered: number): void {
    const p = this.pending(pin);
    const pr = p.presence;
    if (pr.index !== index) {
      pr.index = index;
      pr.answered.clear();
      pr.counts = { players, online, answered };
    } else {
      // Answers are acknowledged out of order: counts only grow within a question. In place: the counts
      // are encoded when host:presence is sent.
      const c = pr.counts;
      c.players = players;
      c.online = online;
      c.answered = Math.max(c.answered, answered);
    }
    if (players <= PRESENCE_NAMES_MAX) pr.answered.add(playerId);
    p.presenceDirty = true;
    this.arm(pin, p);
  }

  flush(pin: string): void {
    const p = this.rooms.get(pin);
    if (!p) return;
    p.timer = undefined;
    if (p.lobbyDirty) {
      this.io.to(hostChannel(pin)).emit('host:lobby', { joined: p.joined, left: p.left, count: p.count });
      p.joined = [];
      p.left = [];
      p.lobbyDirty = false;
    }
    if (p.presenceDirty) {
      const pr = p.presence;
      const names = pr.counts.players <= PRESENCE_NAMES_MAX;
      this.io.to(hostChannel(pin)).emit('host:presence', {
        index: pr.index,
        names,
        online: [...pr.online],
        offline: [...pr.offline],
        answered: [...pr.answered],
        counts: pr.counts,
      });
      pr.online.clear();
      pr.offline.clear();
      pr.answered.clear();
      p.presenceDirty = false;
    }
    if (p.progressDirty && p.progress) {
      const now = Date.now();
      const due = Math.max(this.opts.playerMs - (now - p.playersSentAt), this.playerBudgetAt - now, p.playersNotBefore - now);
      if (due <= 0) {
        this.io.to(roomChannel(pin)).except(hostChannel(pin)).emit('game:progress', p.progress);
        this.playerBudgetAt = now + p.progress.players * this.opts.playerFrameMs;
        p.playersSentAt = now;
        p.progressDirty = false;
      } else {
        // The players still owe the latest count; the host has it (host:presence).
        p.timer = setTimeout(() => this.flush(pin), Math.min(due, this.opts.hostMs));
        p.timer.unref();
      }
    }
  }

  forget(pin: string): void {
    const p = this.rooms.get(pin);
    if (p?.timer) clearTimeout(p.timer);
    this.rooms.delete(pin);
  }

  close(): void {
    for (const pin of [...this.rooms.keys()]) this.forget(pin);
  }
}
