/**
 * Batches what others see of joins and answers, so a join or an answer never
 * costs a message to the whole room. The host gets new names and the answered
 * count at most every `hostMs`; players get the answered count at most every
 * `playerMs`. One timer per room, only while something is pending.
 */
import type { LobbyPlayer } from '../../shared/protocol.js';
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
  timer?: NodeJS.Timeout;
}

export class Batcher {
  private rooms = new Map<string, Pending>();

  constructor(
    private io: IO,
    private opts = { hostMs: 250, playerMs: 1000 },
  ) {}

  private pending(pin: string): Pending {
    let p = this.rooms.get(pin);
    if (!p) this.rooms.set(pin, (p = { joined: [], left: [], count: 0, lobbyDirty: false, progressDirty: false, playersSentAt: 0 }));
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

  progress(pin: string, index: number, answered: number, players: number): void {
    const p = this.pending(pin);
    if (p.progress && p.progress.index === index && p.progress.answered >= answered) return;
    p.progress = { index, answered, players };
    p.progressDirty = true;
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
    if (p.progressDirty && p.progress) {
      const now = Date.now();
      if (now - p.playersSentAt >= this.opts.playerMs) {
        this.io.to(roomChannel(pin)).emit('game:progress', p.progress);
        p.playersSentAt = now;
        p.progressDirty = false;
      } else {
        this.io.to(hostChannel(pin)).emit('game:progress', p.progress);
        // Players still owe the latest count: come back when their interval allows.
        p.timer = setTimeout(() => this.flush(pin), this.opts.playerMs - (now - p.playersSentAt));
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
