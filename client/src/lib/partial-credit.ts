/**
 * The line a phone shows under a multi-answer reveal: how "right minus wrong" partial
 * credit was worked out (docs/protocol.md, Scoring): max(0, right picks − wrong picks) of
 * the number of right options.
 */
export function multiCreditLine(correct: readonly string[], picked: readonly string[]): string {
  const right = new Set(correct);
  const good = picked.filter((p) => right.has(p)).length;
  const bad = picked.length - good;
  const net = Math.max(0, good - bad);
  return `${good} right, ${bad} wrong: ${net} of ${right.size}`;
}
