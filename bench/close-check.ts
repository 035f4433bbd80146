/**
 * S3's question with one phone unanswered (bench/one-room.ts, S3 and S6): did it close at its deadline, and if
 * not, why? Run 7 of session 31 saw its S6 "close" ~5.2 s early once (issue 16); session 32 found the cause in
 * the bench, not the game: the machine is a VM, whose snapshot pauses it and then steps its wall clock forward,
 * while the bots timed every receipt on `now()` (then performance.timeOrigin, a wall time fixed when the process
 * started, plus the monotonic clock; now the monotonic clock alone), which does not step. The deadline is the
 * server's wall clock, so every result looked X s early to bots started before the step
 * (docs/performance-history.md, session 32, early32).
 *
 * So the receipts are compared with the deadline on the wall clock (each bot's receipt times plus its own
 * clock's offset from the wall clock, `clockSkew` in bench/phone.ts), and the verdict reads the server's own
 * account of the close (how the room closed, its online set and players at the reveal) and the phones that
 * lost their connection (the game closes a question early, by its rule, when every connected phone answered).
 */

/** What the server says about the room after the close (bench/server.ts `closeInfo`). */
export interface ServerClose {
  closedBy?: 'deadline' | 'allAnswered' | 'skip';
  /** The room's phase and question when read (after the results: 'reveal'). */
  phase?: string;
  index?: number;
  /** The reveal's commit time, on the server's wall clock (the room's updatedAt). */
  revealedAt?: number;
  /** Connected players (the online set) and players (not kicked) when read. */
  online: number;
  players: number;
}

/** The phones' side: their sockets the server or the network closed (not the bench), and the bots' clocks. */
export interface PhoneSide {
  /** Each bot process's wall-clock step since it started (ms, forward > 0; ~0 without one). */
  steps: number[];
  /** Sockets that closed, by reason (Socket.IO's), and whether the phone that did not answer was among them. */
  dropped: number;
  droppedReasons: Record<string, number>;
  skippedDropped: boolean;
}

/** A wall-clock step beyond this since the bots started is said in the detail. */
export const STEP_NOTE_MS = 50;
/** A result earlier than this before the deadline is an early close (the clocks of one machine agree well within it). */
export const EARLY_MS = 50;

/** One phone whose socket the server or the network closed: its global index and Socket.IO's reason. */
export interface Drop {
  g: number;
  reason: string;
}

/**
 * At most `max` of a bot process's drops, those of the lowest global indexes first: the verdict asks whether a
 * phone below S3's skip (the unanswered one, index 0) dropped, which the first `max` to drop in time would miss
 * once more than `max` phones dropped before it.
 */
export function lowestDrops(drops: readonly Drop[], max: number): Drop[] {
  return [...drops].sort((a, b) => a.g - b.g).slice(0, max);
}

/** The bots' wall-clock step with the largest magnitude (0 with no bots). */
export function worstStep(steps: number[]): number {
  return steps.reduce((w, s) => (Math.abs(s) > Math.abs(w) ? s : w), 0);
}

/**
 * The verdict of "the question with one phone unanswered closed at its deadline, not before". `firstResult` is the
 * first phone's receipt of its result on the wall clock (NaN: none came). OK when the server closed it by its
 * deadline and no result came before it, and also when it closed early by the game's rule because the phone that
 * did not answer had lost its connection (said in the detail; the run still fails on that phone's missing result).
 */
export function closeVerdict(deadline: number, firstResult: number, server: ServerClose, phones: PhoneSide): { ok: boolean; detail: string } {
  const earliest = firstResult - deadline;
  const step = worstStep(phones.steps);
  const parts = [`first result ${earliest.toFixed(0)} ms after the deadline (wall clock)`];
  if (server.revealedAt !== undefined) parts.push(`the server committed the reveal ${(server.revealedAt - deadline).toFixed(0)} ms after it`);
  parts.push(`closed by ${server.closedBy ?? 'nothing (not closed)'}`, `online ${server.online} of ${server.players} players at the reveal`);
  parts.push(`phones disconnected: ${phones.dropped}${phones.dropped > 0 ? ` ${JSON.stringify(phones.droppedReasons)}, the unanswered one ${phones.skippedDropped ? 'among them' : 'not among them'}` : ''}`);
  if (Math.abs(step) > STEP_NOTE_MS) {
    parts.push(`the wall clock stepped ${Math.abs(step).toFixed(0)} ms ${step > 0 ? 'forward' : 'back'} since the bots started (e.g. the VM's snapshot): on a wall time fixed at their start (the bench before session 32) the first result would read ${(earliest - step).toFixed(0)} ms`);
  }
  if (server.closedBy === 'allAnswered') {
    if (phones.skippedDropped) return { ok: true, detail: `closed early because the unanswered phone was offline: ${parts.join('; ')}` };
    return { ok: false, detail: `closed early although the unanswered phone was connected: ${parts.join('; ')}` };
  }
  return { ok: server.closedBy === 'deadline' && earliest >= -EARLY_MS, detail: parts.join('; ') };
}
