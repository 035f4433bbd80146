/**
 * The Node flags the game server runs with, wherever it starts: `npm start` (package.json), the container's
 * CMD (Dockerfile), the several-processes commands in the README, and the bench's server processes
 * (bench/server-flags.ts) — tests/build/node-flags.test.ts checks that each says exactly these.
 *
 * `--max-semi-space-size=64` (MB; Node 20's default on 64-bit is 16): V8's young generation, where every
 * frame, packet and copy a game makes starts out. A scavenge runs each time it fills — the server
 * allocates ~57 KB per answer, mostly Socket.IO/engine.io/ws's per-frame objects, so at 16 MB a 300-room
 * classroom game ran one every ~0.4 s — and stops the one thread for 10–25 ms, and every ack due meanwhile
 * waits it out. At 64 MB they run a quarter as often; each copies more (what is alive at that moment and
 * what survived the previous one), so each is longer, but the share of the play spent in them halves and
 * fewer objects live long enough to be promoted to the old generation (docs/performance-history.md,
 * session 28). The cost is memory: up to 2 × 48 MB more committed for the two semi-spaces once the server
 * is busy (V8 grows them from 1 MB as the allocation rate needs).
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];
