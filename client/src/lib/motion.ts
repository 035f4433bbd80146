/**
 * Motion helpers shared by the projector (and the phones, if they want them): Svelte's own
 * transitions and FLIP, each turned into a plain change (no animation at all) when the device asks
 * for reduced motion. Every decorative animation stays under MAX_MOTION_MS; none of them gates
 * input or the server's timing (they only draw what the state already is).
 */
import { flip } from 'svelte/animate';
import { cubicOut } from 'svelte/easing';
import { prefersReducedMotion } from 'svelte/motion';
import { scale, type TransitionConfig } from 'svelte/transition';

/** Longest decorative animation (the podium build-up is a sequence of shorter steps). */
export const MAX_MOTION_MS = 600;

/** True when the device asks for reduced motion (`prefers-reduced-motion: reduce`); reactive in effects. */
export function reducedMotion(): boolean {
  return prefersReducedMotion.current;
}

/** An animation length: `ms` capped below MAX_MOTION_MS, or 0 when motion is reduced. */
export function motionMs(ms: number, reduced: boolean = reducedMotion()): number {
  return reduced ? 0 : Math.max(0, Math.min(ms, MAX_MOTION_MS - 1));
}

/** A Svelte transition or animation config that is a plain change: duration 0 creates no animation. */
const NONE: TransitionConfig = { duration: 0 };

/**
 * Arrivals keep full opacity: text is readable (and passes a contrast check) from the first frame;
 * only its place and size move.
 */

/** A name arriving (lobby, callouts): a short rise and swell. */
export function arrive(_node: Element, params: { delay?: number } = {}): TransitionConfig {
  if (reducedMotion()) return NONE;
  return {
    delay: params.delay ?? 0,
    duration: motionMs(300),
    easing: cubicOut,
    css: (t) => `transform: translateY(${((1 - t) * 0.6).toFixed(3)}em) scale(${(0.85 + 0.15 * t).toFixed(3)})`,
  };
}

/** A mark that lands (the tick on the right answer): a short pop. */
export function pop(node: Element, params: { delay?: number } = {}): TransitionConfig {
  if (reducedMotion()) return NONE;
  return scale(node, { start: 0.3, opacity: 1, duration: motionMs(320), delay: params.delay ?? 0, easing: cubicOut });
}

/**
 * A bar that grows from 0 to its width (reveal distributions), drawn with `transform: scaleX`
 * (no layout work per frame). The element needs `transform-origin: left`.
 */
export function grow(_node: Element, params: { delay?: number; duration?: number } = {}): TransitionConfig {
  if (reducedMotion()) return NONE;
  return {
    delay: params.delay ?? 0,
    duration: motionMs(params.duration ?? 500),
    easing: cubicOut,
    css: (t) => `transform: scaleX(${t})`,
  };
}

/** FLIP for `animate:` on keyed lists (leaderboard rows moving to their new places). */
export function move(node: Element, rects: { from: DOMRect; to: DOMRect }, params: { duration?: number } = {}): TransitionConfig {
  if (reducedMotion()) return NONE;
  return flip(node, rects, { duration: motionMs(params.duration ?? 550), easing: cubicOut });
}

/** Runs `fn` after `ms` (at once when motion is reduced); returns a canceller for effect teardown. */
export function after(ms: number, fn: () => void, reduced: boolean = reducedMotion()): () => void {
  if (reduced || ms <= 0) {
    fn();
    return () => {};
  }
  const id = setTimeout(fn, ms);
  return () => clearTimeout(id);
}
