/**
 * Svelte action for projector screens: shrinks a screen (CSS zoom, never below
 * 55%) just enough that it fits between its top and the bottom of the window
 * (above the host's docked controls),
 * so a long scenario never pushes the options, the answered count or the
 * correct answer off the projector. Re-measures when `key` changes (a new
 * question or reveal) and when the window is resized.
 */
const MIN_ZOOM = 0.55;

/** `arg`: a key (re-measure when it changes), or `{ key, minZoom }` to shrink less (readable text first). */
type FitArg = unknown;
interface FitOptions {
  key: unknown;
  minZoom: number;
}
const isOptions = (arg: FitArg): arg is FitOptions => typeof arg === 'object' && arg !== null && 'minZoom' in arg && 'key' in arg;
const parse = (arg: FitArg): { key: unknown; min: number } => (isOptions(arg) ? { key: arg.key, min: arg.minZoom } : { key: arg, min: MIN_ZOOM });

export function fitToWindow(node: HTMLElement, arg?: FitArg) {
  let { key, min } = parse(arg);
  let frame = 0;
  // A bar docked at the bottom of the window (the host's controls, [data-dock-bottom]) is not room to fill.
  const bottom = (): number => window.innerHeight - (document.querySelector('[data-dock-bottom]')?.getBoundingClientRect().height ?? 0);
  const fits = (): boolean => node.getBoundingClientRect().bottom <= bottom() + 1;
  const measure = () => {
    node.style.zoom = '1';
    if (fits()) return;
    let lo = min;
    let hi = 1;
    for (let i = 0; i < 7; i++) {
      const mid = (lo + hi) / 2;
      node.style.zoom = String(mid);
      if (fits()) lo = mid;
      else hi = mid;
    }
    node.style.zoom = String(lo);
  };
  const schedule = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(measure);
  };
  measure();
  window.addEventListener('resize', schedule);
  return {
    update(next: FitArg) {
      const n = parse(next);
      min = n.min;
      if (n.key !== key) {
        key = n.key;
        measure();
      }
    },
    destroy() {
      cancelAnimationFrame(frame);
      window.removeEventListener('resize', schedule);
    },
  };
}
