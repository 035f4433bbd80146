/**
 * The guard's verdict on a new socket (the security plugin's handshake middleware asks it on every connect):
 * decided at once, with no promise, whenever the process's memory decides the connect limit (every connect
 * without Redis, and with it a key within its share threshold: limits.ts); the socket counted open only when
 * admitted.
 */
import { describe, expect, it } from 'vitest';
import { Guard } from '../../server/security/guard.js';
import { AddressLimits } from '../../server/security/limits.js';
import { securitySettings } from '../../server/security/settings.js';

const log = { warn: () => {} };

describe('the guard admits or refuses a connect at once when memory decides', () => {
  it('admits with null, not a promise, and counts the socket open until it closes', () => {
    const limits = new AddressLimits(securitySettings(undefined, { socketsPerAddress: 2 }), log);
    const g = new Guard(limits);
    expect(g.connect('10.0.0.1')).toBeNull();
    expect(g.connect('10.0.0.1')).toBeNull();
    // The address holds its two sockets: the third is refused at once, and not counted.
    expect(g.connect('10.0.0.1')).toMatchObject({ code: 'RATE_LIMITED', retryAfterSec: 60 });
    g.disconnected('10.0.0.1');
    expect(g.connect('10.0.0.1')).toBeNull();
    expect(g.connect('10.0.0.2')).toBeNull();
  });

  it('refuses at once, with the seconds to wait, once the connect budget is spent; the refused socket is not counted open', () => {
    const connect = { steady: { points: 2, seconds: 60 } };
    const limits = new AddressLimits(securitySettings(undefined, { socketsPerAddress: 3, limits: { ...securitySettings().limits, connect } }), log);
    const g = new Guard(limits);
    expect(g.connect('10.0.0.1')).toBeNull();
    expect(g.connect('10.0.0.1')).toBeNull();
    const refused = g.connect('10.0.0.1');
    expect(refused).not.toBeInstanceOf(Promise);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('Too many connections') });
    expect((refused as { retryAfterSec: number }).retryAfterSec).toBeGreaterThan(0);
    // Had the refused socket stayed counted, the address would now hold 3 of 3 and this would say so.
    expect(limits.socketOpened('10.0.0.1')).toBe(true);
  });
});
