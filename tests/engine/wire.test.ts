import { describe, expect, it } from 'vitest';
import { captureWire } from './wire-capture.js';

describe('wire format', () => {
  // The snapshot was generated before the per-type refactor (issue 9). A deliberate protocol change
  // updates it with `npx vitest run tests/engine/wire.test.ts -u` and says so in its commit and in docs/protocol.md.
  it('payloads, acks and deck checker output of seeded games are byte-for-byte the pinned ones', async () => {
    await expect(captureWire()).toMatchFileSnapshot('./__snapshots__/wire.txt');
  });
});
