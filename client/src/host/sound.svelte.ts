/**
 * Host sounds: off by default, one toggle on the host screen (remembered in
 * localStorage). Short synthesized tones with WebAudio — no audio files to
 * download: a rising pair when a question opens, a chime at the reveal, a
 * fanfare at the podium, a tick in each of a question's last five seconds.
 * Players' phones never make sound.
 */
const KEY = 'cramnight:sound';

type Cue = 'question' | 'reveal' | 'podium' | 'tick';

const NOTES: Record<Cue, number[]> = {
  question: [523.25, 659.25],
  reveal: [659.25, 783.99, 1046.5],
  podium: [523.25, 659.25, 783.99, 1046.5, 1318.5],
  /** Each of the last five seconds of a question. */
  tick: [880],
};

export class HostSound {
  enabled = $state(false);
  private ctx: AudioContext | null = null;

  constructor() {
    try {
      this.enabled = localStorage.getItem(KEY) === 'on';
    } catch {
      this.enabled = false;
    }
  }

  toggle = (): void => {
    this.enabled = !this.enabled;
    try {
      localStorage.setItem(KEY, this.enabled ? 'on' : 'off');
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    if (this.enabled) this.play('question');
  };

  play(cue: Cue): void {
    if (!this.enabled || typeof AudioContext === 'undefined') return;
    this.ctx ??= new AudioContext();
    const ctx = this.ctx;
    void ctx.resume();
    const start = ctx.currentTime + 0.02;
    NOTES[cue].forEach((freq, i) => {
      const t = start + i * 0.12;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'triangle';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.2, t + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.3);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + 0.32);
    });
  }

  destroy(): void {
    void this.ctx?.close();
  }
}
