/**
 * Room caps and lobby expiry. A room-creation flood must not exhaust the process (each room holds
 * its prepared questions) nor the shared store:
 * - at most `maxRoomsPerProcess` live rooms created by this process, and `maxRoomsTotal` in all
 *   (with Redis, counted in a sorted set `<prefix>rooms` of PIN -> creation time, shared by every
 *   process; entries older than a day, the rooms' own longest life, are pruned);
 * - a lobby whose host has gone and that nobody joined expires after `lobbyIdleMs`, not a day.
 * A sweep (every quarter of the idle time, at most every minute) checks the rooms this process
 * created: ended or vanished ones stop counting, idle lobbies are dropped.
 */
import { hostChannel } from '../gateway/channels.js';
import type { IO } from '../gateway/types.js';
import { withDeadline } from '../store/redis-errors.js';
import type { RoomStore } from '../store/types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RoomCaps {
  maxRoomsPerProcess: number;
  maxRoomsTotal: number;
  lobbyIdleMs: number;
}

interface SharedSet {
  zAdd(key: string, m: { score: number; value: string }): Promise<unknown>;
  zRem(key: string, member: string): Promise<unknown>;
  zRemRangeByScore(key: string, min: number | string, max: number | string): Promise<unknown>;
  zCard(key: string): Promise<number>;
  isReady: boolean;
}

export class RoomRegistry {
  private local = new Map<string, { hostGoneSince?: number }>();
  private timer?: NodeJS.Timeout;
  private sweeping = false;
  /** Lobbies dropped as idle so far (logs, tests). */
  expired = 0;

  constructor(
    private caps: RoomCaps,
    private io: IO,
    private store: RoomStore,
    private log: { warn: (o: object, m: string) => void; info: (o: object, m: string) => void },
    private shared?: { client: SharedSet; key: string },
  ) {}

  get localCount(): number {
    return this.local.size;
  }

  /** Rooms in all processes (this process's count when there is no shared set, or it does not answer). */
  async totalCount(now = Date.now()): Promise<number> {
    const s = this.shared;
    if (!s || !s.client.isReady) return this.local.size;
    try {
      await withDeadline(s.client.zRemRangeByScore(s.key, '-inf', now - DAY_MS), 500, 'room count');
      return await withDeadline(s.client.zCard(s.key), 500, 'room count');
    } catch {
      return this.local.size;
    }
  }

  /** Whether one more room may be created now. */
  async admit(): Promise<boolean> {
    if (this.local.size >= this.caps.maxRoomsPerProcess) return false;
    return (await this.totalCount()) < this.caps.maxRoomsTotal;
  }

  added(pin: string, now = Date.now()): void {
    this.local.set(pin, {});
    this.shared?.client.zAdd(this.shared.key, { score: now, value: pin }).catch(() => {});
  }

  removed(pin: string): void {
    this.local.delete(pin);
    this.shared?.client.zRem(this.shared.key, pin).catch(() => {});
  }

  start(): void {
    const every = Math.max(100, Math.min(60_000, Math.floor(this.caps.lobbyIdleMs / 4)));
    this.timer = setInterval(() => void this.sweep(), every);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(now = Date.now()): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      for (const [pin, entry] of [...this.local]) {
        try {
          await this.check(pin, entry, now);
        } catch (err) {
          this.log.warn({ err, pin }, 'room sweep: check failed');
        }
      }
    } finally {
      this.sweeping = false;
    }
  }

  private async check(pin: string, entry: { hostGoneSince?: number }, now: number): Promise<void> {
    const room = await this.store.getRoom(pin);
    if (!room || room.phase === 'ended') return this.removed(pin);
    if (room.phase !== 'lobby' || (await this.store.playerCount(pin)) > 0) {
      entry.hostGoneSince = undefined;
      return;
    }
    const hosts = await this.io.in(hostChannel(pin)).fetchSockets();
    if (hosts.length > 0) {
      entry.hostGoneSince = undefined;
      return;
    }
    entry.hostGoneSince ??= now;
    if (now - entry.hostGoneSince < this.caps.lobbyIdleMs) return;
    await this.store.expireRoom(pin, 0);
    this.removed(pin);
    this.expired++;
    this.log.info({ pin }, 'idle lobby dropped: its host had gone and nobody joined');
  }
}
