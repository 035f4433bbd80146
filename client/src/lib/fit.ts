/**
 * Svelte action for projector screens: shrinks a screen (CSS zoom, never below
 * 55%) just enough that it fits between its top and the bottom of the window
 * (above the host's docked controls),
 * so a long scenario never pushes the options, the answered count or the
 * correct answer off the projector. Re-measures when `key` changes (a new
 * question or reveal) and when the window is resized.
 */
const MIN_ZOOM = 0.55;

export function fitToWindow(node: HTMLElement, key?: unknown) {
  let frame = 0;
  // A bar docked at the bottom of the window (the host's controls, [data-dock-bottom]) is not room to fill.
  const bottom = (): number => window.innerHeight - (document.querySelector('[data-dock-bottom]')?.getBoundingClientRect().height ?? 0);
  const fits = (): boolean => node.getBoundingClientRect().bottom <= bottom() + 1;
  const measure = () => {
    node.style.zoom = '1';
    if (fits()) return;
    let lo = MIN_ZOOM;
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
    update(next: unknown) {
      if (next !== key) {
        key = next;
        measure();
      }
    },
    destroy() {
      cancelAnimationFrame(frame);
      window.removeEventListener('resize', schedule);
    },
  };
}
