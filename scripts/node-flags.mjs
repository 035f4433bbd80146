/**
 * The Node flags the game server runs with, wherever it starts: `npm start` (package.json), the container's
 * CMD (Dockerfile), the several-processes commands in the README, and the bench's server processes
 * (bench/server-flags.ts) — tests/build/node-flags.test.ts checks that each says exactly these. None today.
 *
 * Tried and not kept (session 28, docs/performance-history.md): `--max-semi-space-size=64` (V8's young
 * generation, 16 MB by default on Node 20). A busy classroom game then ran a quarter as many scavenges and spent
 * half the time in them, but each copied ~3.5× as much (many objects live 1–10 s) and paused ~2× longer, and in
 * alternating S4 runs on the current code the ack p99 was no better (memory 7.8 / 7.8 ms, Redis 7.0 → 24.8 and
 * 6.3 → 10.4 ms), for up to ~100 MB more memory.
 */
export const SERVER_NODE_FLAGS = [];
