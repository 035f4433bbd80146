/**
 * Host sounds: off by default, one toggle and a volume slider on the host screen (both remembered
 * in localStorage). Everything is synthesized with WebAudio — no audio files to download, and the
 * code ships in the host screen's chunk only: a soft loop while the lobby waits, a rising pair when a
 * question opens, a tick in each of its last five seconds, a sting at the reveal and a fanfare when
 * the winner steps onto the podium. Players' phones never make sound.
 */
const KEY = 'cramnight:sound';
const VOLUME_KEY = 'cramnight:volume';

export type Cue = 'question' | 'reveal' | 'podium' | 'tick';

interface Note {
  /** Hz */
  f: number;
  /** Start, seconds after the cue. */
  at: number;
  /** Length, seconds. */
  len: number;
  type?: OscillatorType;
  /** Peak gain before the master volume. */
  peak?: number;
}

const C5 = 523.25, E5 = 659.25, G5 = 783.99, C6 = 1046.5, G4 = 392, A4 = 440, B4 = 493.88, E6 = 1318.5;

export const CUES: Record<Cue, Note[]> = {
  question: [
    { f: C5, at: 0, len: 0.22 },
    { f: E5, at: 0.12, len: 0.3 },
  ],
  /** A short, dry click: one per second in the last five. */
  tick: [{ f: 1760, at: 0, len: 0.05, type: 'square', peak: 0.08 }],
  /** Up a triad, then a held chord. */
  reveal: [
    { f: G4, at: 0, len: 0.14 },
    { f: C5, at: 0.08, len: 0.14 },
    { f: E5, at: 0.16, len: 0.6 },
    { f: G5, at: 0.16, len: 0.6 },
    { f: C6, at: 0.16, len: 0.6, peak: 0.1 },
  ],
  /** Three pickups and a long major chord. */
  podium: [
    { f: G4, at: 0, len: 0.12 },
    { f: G4, at: 0.14, len: 0.12 },
    { f: G4, at: 0.28, len: 0.12 },
    { f: C5, at: 0.45, len: 1.1 },
    { f: E5, at: 0.45, len: 1.1 },
    { f: G5, at: 0.45, len: 1.1 },
    { f: C6, at: 0.7, len: 0.9, peak: 0.12 },
    { f: E6, at: 0.95, len: 0.7, peak: 0.08 },
  ],
};

/** The lobby loop: four soft arpeggiated chords, one bar each. */
const LOOP_BARS: number[][] = [
  [C5 / 2, E5 / 2, G5 / 2, B4],
  [A4 / 2, C5 / 2, E5 / 2, G5 / 2],
  [349.23 / 2, A4 / 2, C5 / 2, E5 / 2],
  [G4 / 2, B4 / 2, 587.33 / 2, G5 / 2],
];
const BAR_S = 2.4;

export class HostSound {
  enabled = $state(false);
  /** 0..1 */
  volume = $state(0.7);
  private ctx: AudioContext | null = null;
  private master: GainNode | null = null;
  private loopWanted = false;
  private loop: { bus: GainNode; timer: ReturnType<typeof setInterval>; bar: number } | null = null;

  constructor() {
    try {
      this.enabled = localStorage.getItem(KEY) === 'on';
      const v = Number(localStorage.getItem(VOLUME_KEY));
      if (localStorage.getItem(VOLUME_KEY) !== null && Number.isFinite(v)) this.volume = Math.min(1, Math.max(0, v));
    } catch {
      this.enabled = false;
    }
    // A browser starts audio only after a click or key: resume then, if sound was left on.
    if (typeof window !== 'undefined') window.addEventListener('pointerdown', this.unlock, { once: true });
  }

  toggle = (): void => {
    this.enabled = !this.enabled;
    this.store(KEY, this.enabled ? 'on' : 'off');
    if (this.enabled) this.play('question');
    this.syncLoop();
  };

  setVolume = (v: number): void => {
    this.volume = Math.min(1, Math.max(0, v));
    this.store(VOLUME_KEY, String(this.volume));
    if (this.master && this.ctx) this.master.gain.setTargetAtTime(this.level(), this.ctx.currentTime, 0.05);
  };

  /** The lobby loop plays while the returned stop function has not been called (an $effect's cleanup). */
  lobbyLoop = (): (() => void) => {
    this.loopWanted = true;
    this.syncLoop();
    return () => {
      this.loopWanted = false;
      this.syncLoop();
    };
  };

  play(cue: Cue): void {
    const ctx = this.context();
    if (!ctx || !this.master) return;
    const start = ctx.currentTime + 0.02;
    for (const n of CUES[cue]) this.note(ctx, this.master, n, start);
  }

  destroy(): void {
    this.loopWanted = false;
    this.syncLoop();
    if (typeof window !== 'undefined') window.removeEventListener('pointerdown', this.unlock);
    void this.ctx?.close();
  }

  private readonly unlock = (): void => {
    if (this.enabled) void this.ctx?.resume();
  };

  private level(): number {
    // Squared: the slider feels even to the ear.
    return this.volume * this.volume;
  }

  private store(key: string, value: string): void {
    try {
      localStorage.setItem(key, value);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }

  private context(): AudioContext | null {
    if (!this.enabled || typeof AudioContext === 'undefined') return null;
    if (!this.ctx) {
      this.ctx = new AudioContext();
      this.master = this.ctx.createGain();
      this.master.gain.value = this.level();
      this.master.connect(this.ctx.destination);
    }
    void this.ctx.resume();
    return this.ctx;
  }

  private note(ctx: AudioContext, out: AudioNode, n: Note, start: number): void {
    const t = start + n.at;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = n.type ?? 'triangle';
    osc.frequency.value = n.f;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(n.peak ?? 0.18, t + Math.min(0.02, n.len / 3));
    gain.gain.exponentialRampToValueAtTime(0.0001, t + n.len);
    osc.connect(gain).connect(out);
    osc.start(t);
    osc.stop(t + n.len + 0.02);
  }

  private syncLoop(): void {
    const on = this.loopWanted && this.enabled;
    if (on && !this.loop) {
      const ctx = this.context();
      if (!ctx || !this.master) return;
      const bus = ctx.createGain();
      bus.gain.value = 0.35;
      bus.connect(this.master);
      const loop = { bus, bar: 0, timer: setInterval(() => this.bar(loop), BAR_S * 1000) };
      this.loop = loop;
      this.bar(loop);
    } else if (!on && this.loop) {
      const { bus, timer } = this.loop;
      clearInterval(timer);
      this.loop = null;
      if (this.ctx) bus.gain.setTargetAtTime(0.0001, this.ctx.currentTime, 0.15);
      setTimeout(() => bus.disconnect(), 800);
    }
  }

  private bar(loop: { bus: GainNode; bar: number }): void {
    const ctx = this.ctx;
    if (!ctx) return;
    const chord = LOOP_BARS[loop.bar++ % LOOP_BARS.length];
    const start = ctx.currentTime + 0.05;
    chord.forEach((f, i) => this.note(ctx, loop.bus, { f, at: i * (BAR_S / 4), len: BAR_S / 2, type: 'sine', peak: 0.12 }, start));
  }
}
