/**
 * How the lobby shows its players as the room grows, so the join address, PIN and QR code keep the
 * top of the projector: name chips for a small room, dense columns for a class, and for a big room
 * the count with the latest arrivals (newest first) and "and N more". Sized so each fits beside the
 * join box above the host's controls at 16:9 (tests/browser/host-feel.test.ts measures it).
 */
import type { LobbyPlayer } from '../../../shared/protocol.js';

export type LobbyMode = 'chips' | 'columns' | 'latest';

/** Up to this many players: large name chips. */
export const CHIPS_MAX = 30;
/** Up to this many: small names in columns. Above: the latest LATEST_SHOWN names and a count. */
export const COLUMNS_MAX = 44;
export const LATEST_SHOWN = 32;

export interface LobbyLayout {
  mode: LobbyMode;
  shown: LobbyPlayer[];
  /** Players in the room but not shown by name. */
  hidden: number;
}

/** `players` in arrival order (the host's list); `count` the server's count (it may know more). */
export function lobbyLayout(players: readonly LobbyPlayer[], count: number): LobbyLayout {
  const total = Math.max(count, players.length);
  if (total <= CHIPS_MAX) return { mode: 'chips', shown: [...players], hidden: Math.max(0, total - players.length) };
  if (total <= COLUMNS_MAX) return { mode: 'columns', shown: [...players], hidden: Math.max(0, total - players.length) };
  const shown = players.slice(-LATEST_SHOWN).reverse();
  return { mode: 'latest', shown, hidden: total - shown.length };
}
