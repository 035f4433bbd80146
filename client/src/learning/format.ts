/** Small formatting helpers for the report, review and practice screens. */
export const pct = (x: number): string => `${Math.round(Math.min(1, Math.max(0, x)) * 100)}%`;

export function seconds(ms: number | null): string {
  return ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`;
}

/** "Not asked" is never 0%. */
export function mastery(m: number | null): string {
  return m === null ? 'not asked' : pct(m);
}

export function creditWord(credit: number, answered = true): string {
  if (!answered) return 'No answer';
  if (credit >= 1) return 'Right';
  if (credit <= 0) return 'Wrong';
  return `Partly right (${pct(credit)})`;
}
