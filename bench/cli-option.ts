/**
 * The value after `--name` on a bench tool's command line, or `dflt` when the option is absent or has no value.
 * The tools (seat-profile, warm-seat, connect-probe, trace, profile-windows, seat-probe) each read a few such
 * options; bench/run.ts, the benchmark of record, checks its options strictly itself (unknown ones are refused).
 */
export function optionValue(args: readonly string[], name: string, dflt: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
}

/** optionValue as a number; a value that is not one gives `dflt` too (`--top x` reads as the default). */
export function optionNumber(args: readonly string[], name: string, dflt: number): number {
  const v = Number(optionValue(args, name, String(dflt)));
  return Number.isFinite(v) ? v : dflt;
}
