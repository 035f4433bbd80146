/** Who the client is: X-Forwarded-For only through a trusted proxy; IPv6 keyed by its /64. */
import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress, trustList } from '../../server/security/address.js';

describe('client address', () => {
  const none = trustList([]);
  const proxy = trustList(['10.0.0.0/8', '127.0.0.1', '::1']);

  it('ignores X-Forwarded-For without a trusted proxy (anyone can send the header)', () => {
    expect(clientAddress('203.0.113.7', '1.2.3.4', none)).toBe('203.0.113.7');
    expect(clientAddress('::ffff:203.0.113.7', '1.2.3.4', none)).toBe('203.0.113.7');
  });

  it('behind a trusted proxy, takes the right-most address that is not a trusted proxy', () => {
    expect(clientAddress('10.1.2.3', '198.51.100.9', proxy)).toBe('198.51.100.9');
    // A client that sends its own X-Forwarded-For cannot pick its address: the proxy appends the real one.
    expect(clientAddress('10.1.2.3', '6.6.6.6, 198.51.100.9', proxy)).toBe('198.51.100.9');
    expect(clientAddress('127.0.0.1', '198.51.100.9, 10.9.9.9', proxy)).toBe('198.51.100.9');
    expect(clientAddress('10.1.2.3', ['1.1.1.1', '198.51.100.9'], proxy)).toBe('198.51.100.9');
    expect(clientAddress('10.1.2.3', 'garbage', proxy)).toBe('10.1.2.3');
    expect(clientAddress('10.1.2.3', undefined, proxy)).toBe('10.1.2.3');
    expect(clientAddress('203.0.113.7', '198.51.100.9', proxy)).toBe('203.0.113.7');
  });

  it('keys IPv4 by address and IPv6 by its /64', () => {
    expect(addressKey('198.51.100.9')).toBe('198.51.100.9');
    expect(addressKey('::ffff:198.51.100.9')).toBe('198.51.100.9');
    expect(addressKey('2001:db8:aa:bb:1:2:3:4')).toBe('2001:db8:aa:bb::/64');
    expect(addressKey('2001:db8:aa:bb::99')).toBe('2001:db8:aa:bb::/64');
    expect(addressKey('2001:0DB8:00aa:bb::1')).toBe('2001:db8:aa:bb::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('refuses a trusted proxy entry that is not an address', () => {
    expect(() => trustList(['proxy.example.org'])).toThrow(/not an IP address/);
  });
});
