/**
 * Keeps the screen on while `wanted` (a phone in a game). The browser drops the lock when the
 * page is hidden, so it is taken again when the page comes back. No-op where unsupported.
 */
export class KeepAwake {
  private wanted = false;
  private sentinel: WakeLockSentinel | null = null;
  private readonly onVisible = () => {
    if (document.visibilityState === 'visible') void this.acquire();
  };

  constructor() {
    document.addEventListener('visibilitychange', this.onVisible);
  }

  set(wanted: boolean): void {
    if (wanted === this.wanted) return;
    this.wanted = wanted;
    if (wanted) void this.acquire();
    else this.release();
  }

  destroy(): void {
    document.removeEventListener('visibilitychange', this.onVisible);
    this.wanted = false;
    this.release();
  }

  private async acquire(): Promise<void> {
    if (!this.wanted || this.sentinel || !('wakeLock' in navigator) || document.visibilityState !== 'visible') return;
    try {
      const s = await navigator.wakeLock.request('screen');
      if (!this.wanted) {
        void s.release();
        return;
      }
      this.sentinel = s;
      s.addEventListener('release', () => {
        if (this.sentinel === s) this.sentinel = null;
      });
    } catch {
      /* refused (battery saver, no user gesture yet, permissions policy): the game works without it */
    }
  }

  private release(): void {
    const s = this.sentinel;
    this.sentinel = null;
    if (s) void s.release().catch(() => {});
  }
}
