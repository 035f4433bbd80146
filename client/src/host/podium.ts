/**
 * The podium's build-up as plain data: which players stand on which step, and the order the steps
 * are revealed in (third, then second, then first). Players who share a rank share a step (issue 10),
 * so a tie is revealed at once.
 */

export type Step = 1 | 2 | 3;

export interface PodiumStep<T> {
  step: Step;
  entries: T[];
}

/** Time between two steps of the build-up; each step's own animation is shorter than this. */
export const STEP_MS = 900;

/** The podium's step for a rank (4th and below share the third step, as ties can push them there). */
export const stepOf = (rank: number): Step => (rank <= 1 ? 1 : rank === 2 ? 2 : 3);

/** The top three (list order kept within a step), grouped by step, in reveal order: 3, 2, 1. */
export function podiumSteps<T extends { rank: number }>(top: readonly T[]): PodiumStep<T>[] {
  const groups = new Map<Step, T[]>();
  for (const e of top.slice(0, 3)) {
    const s = stepOf(e.rank);
    groups.set(s, [...(groups.get(s) ?? []), e]);
  }
  return ([3, 2, 1] as const).filter((s) => groups.has(s)).map((step) => ({ step, entries: groups.get(step)! }));
}

/** How many steps show `elapsedMs` after the build-up starts: the first at once, then one per STEP_MS. */
export function stepsShown(stepCount: number, elapsedMs: number, reduced: boolean): number {
  if (reduced) return stepCount;
  return Math.min(stepCount, 1 + Math.floor(Math.max(0, elapsedMs) / STEP_MS));
}

/** A step's own animation ends within this (the winner's name lands last). */
export const LAND_MS = 900;

/** The whole build-up of `stepCount` steps, until the last one has landed. */
export function buildUpMs(stepCount: number): number {
  return stepCount <= 0 ? 0 : (stepCount - 1) * STEP_MS + LAND_MS;
}
