/**
 * S2's questions, the same in every trial and on every store (docs/performance.md, S2).
 *
 * An answer's cost depends on its question's type (a match or order answer validates arrays; a fresh process
 * pays 30–75 µs an answer while V8 tiers the path up, more for the array types: history, session 26), and the
 * game picks and shuffles its questions at random (cryptoRng, as in production). So the bench asks for fixed
 * types: it creates rooms until one's plan asks them at the measured positions (the bench server reads the
 * plan from its store: `planTypes`), and names the type in each S2 figure. A rejected lobby is left alone:
 * its host goes, nobody joins it, and the server expires it (LOBBY_IDLE_MINUTES) long after the trial.
 *
 * The game of a measured room (`S2_LAYOUT`), each question opened by the host and answered by every phone:
 *   0  spread over 2 s            measured (S2 spread)
 *   1  burst within 200 ms        measured: the cold burst (the process's second 2,000 answers)
 *   2  all but one answer in 1 s, closed by its deadline (S3)
 *   3… `WARM_UP_ROUNDS` bursts    not measured: the warm-up (every server alike: the bare baseline runs as many)
 *   last  burst within 200 ms     measured: the warm burst
 */

/** The question types S2 measures: the deck's commonest (131 of the built-in deck's 226 are single choice). */
export const S2_TYPES = { spread: 'single', burst: 'single' } as const;

/**
 * Unmeasured bursts between S3 and the warm burst. Before them a server has taken ~6,000 answers (spread,
 * burst, S3); with two more the warm burst is its sixth round of 2,000, past the ~5 rounds a fresh process
 * took to settle at 5–8 µs an answer (history, session 26: 39–49 µs in round 1, 5–14 in round 4).
 */
export const WARM_UP_ROUNDS = 2;

export const S2_LAYOUT = {
  spread: 0,
  burst: 1,
  s3: 2,
  warmUp: Array.from({ length: WARM_UP_ROUNDS }, (_, k) => 3 + k),
  warmBurst: 3 + WARM_UP_ROUNDS,
  questions: 4 + WARM_UP_ROUNDS,
} as const;

/** The type each position must have (undefined: any; S3's question is not timed per answer). */
export function wantedTypes(): (string | undefined)[] {
  const want: (string | undefined)[] = new Array(S2_LAYOUT.questions).fill(undefined);
  want[S2_LAYOUT.spread] = S2_TYPES.spread;
  want[S2_LAYOUT.burst] = S2_TYPES.burst;
  for (const i of S2_LAYOUT.warmUp) want[i] = S2_TYPES.burst;
  want[S2_LAYOUT.warmBurst] = S2_TYPES.burst;
  return want;
}

/** Whether a plan's types fit what is wanted at every position. */
export function fits(types: readonly string[], want: readonly (string | undefined)[]): boolean {
  return types.length >= want.length && want.every((t, i) => t === undefined || types[i] === t);
}

export interface Planned<H> {
  host: H;
  created: Record<string, unknown>;
  types: string[];
  /** Rooms created to find it (1: the first fitted). */
  tries: number;
}

/**
 * Creates rooms, each from a new host (`connect`: its own address, so the per-address create limit never
 * refuses), until one's plan fits `want`; after `maxTries` the last one is kept as it is: its types are in
 * every S2 figure's name, so a trial of other types is never merged with the others.
 */
export async function plannedRoom<H extends { disconnect(): unknown }>(o: {
  connect: () => Promise<H>;
  create: (host: H) => Promise<Record<string, unknown>>;
  /** The plan's question types, in order (the bench server's `planTypes`). */
  typesOf: (pin: string) => Promise<string[]>;
  want: readonly (string | undefined)[];
  maxTries?: number;
}): Promise<Planned<H>> {
  const maxTries = o.maxTries ?? 300;
  for (let tries = 1; ; tries++) {
    const host = await o.connect();
    try {
      const created = await o.create(host);
      const types = await o.typesOf((created.state as { pin: string }).pin);
      if (fits(types, o.want) || tries >= maxTries) return { host, created, types, tries };
    } catch (err) {
      host.disconnect();
      throw err;
    }
    host.disconnect();
  }
}
