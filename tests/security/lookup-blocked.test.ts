/**
 * The addresses whose failed PIN look-ups are spent stay blocked before any look-up (limits.ts). The list
 * is bounded: when full, blocks that ran out go first, then the oldest; a flood never frees every address.
 */
import { describe, expect, it } from 'vitest';
import { AddressLimits } from '../../server/security/limits.js';
import { securitySettings } from '../../server/security/settings.js';

const settings = securitySettings(undefined, {
  limits: { ...securitySettings().limits, lookupFail: { steady: { points: 1, seconds: 60 } } },
});

function limits(maxBlocked: number) {
  let t = 1_000_000;
  const l = new AddressLimits(settings, { warn: () => {} }, undefined, { now: () => t, maxBlocked });
  return { l, advance: (ms: number) => (t += ms), now: () => t };
}

/** Spends `addr`'s one failed look-up, then fails once more: blocked. */
async function blockAddress(l: AddressLimits, addr: string): Promise<void> {
  expect((await l.lookupFailed(addr)).ok).toBe(true);
  expect((await l.lookupFailed(addr)).ok).toBe(false);
  expect(l.lookupAllowed(addr).ok).toBe(false);
}

describe('blocked look-ups, bounded', () => {
  it('a block holds for the wait it announced, then the address may look up again', async () => {
    const { l, advance } = limits(100);
    await blockAddress(l, 'a');
    const v = l.lookupAllowed('a');
    expect(v).toEqual({ ok: false, retryAfterSec: 60 });
    advance(59_000);
    expect(l.lookupAllowed('a').ok).toBe(false);
    advance(1_000);
    expect(l.lookupAllowed('a').ok).toBe(true);
    expect(l.blockedAddresses).toBe(0);
  });

  it('when full, blocks that ran out are dropped first and every live block stays', async () => {
    const { l, advance } = limits(10);
    for (let i = 0; i < 5; i++) await blockAddress(l, `old${i}`);
    advance(61_000);
    for (let i = 0; i < 5; i++) await blockAddress(l, `new${i}`);
    expect(l.blockedAddresses).toBe(10);
    await blockAddress(l, 'one-more');
    expect(l.blockedAddresses).toBe(6);
    for (let i = 0; i < 5; i++) expect(l.lookupAllowed(`new${i}`).ok).toBe(false);
  });

  it('a flood of blocked addresses frees only the oldest blocks, never all at once', async () => {
    const { l } = limits(20);
    for (let i = 0; i < 20; i++) await blockAddress(l, `a${i}`);
    await blockAddress(l, 'flood');
    expect(l.blockedAddresses).toBeLessThanOrEqual(20);
    // The oldest tenth (and one for the newcomer) went; the newest are all still blocked.
    const stillBlocked = Array.from({ length: 20 }, (_, i) => l.lookupAllowed(`a${i}`).ok === false);
    expect(stillBlocked.slice(0, 3)).toEqual([false, false, false]);
    expect(stillBlocked.slice(3).every(Boolean)).toBe(true);
    expect(l.lookupAllowed('flood').ok).toBe(false);
  });

  it('an address let go early is blocked again by its next failure (its budget is still spent)', async () => {
    const { l } = limits(20);
    for (let i = 0; i < 21; i++) await blockAddress(l, `a${i}`);
    expect(l.lookupAllowed('a0').ok).toBe(true);
    expect((await l.lookupFailed('a0')).ok).toBe(false);
    expect(l.lookupAllowed('a0').ok).toBe(false);
  });
});
