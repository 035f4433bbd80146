/**
 * Who a client is, for the per-address limits: the TCP peer, or, when the peer is a configured
 * trusted proxy, the right-most address in X-Forwarded-For that is not itself a trusted proxy.
 * IPv4-mapped IPv6 is read as IPv4; an IPv6 client is keyed by its /64 (one household or phone
 * network gets a whole /64, so per-address limits on single IPv6 addresses would be no limit).
 */
import { BlockList, isIP } from 'node:net';

export type Trust = (addr: string) => boolean;

export function trustList(entries: string[]): Trust {
  if (entries.length === 0) return () => false;
  const list = new BlockList();
  for (const e of entries) {
    const [addr, bits] = e.trim().split('/');
    const family = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (!isIP(addr)) throw new Error(`trusted proxy is not an IP address or CIDR: ${e}`);
    if (bits === undefined) list.addAddress(addr, family);
    else list.addSubnet(addr, Number(bits), family);
  }
  return (addr) => {
    const a = plain(addr);
    const fam = isIP(a);
    return fam !== 0 && list.check(a, fam === 6 ? 'ipv6' : 'ipv4');
  };
}

/** `::ffff:1.2.3.4` -> `1.2.3.4`; anything else unchanged. */
function plain(addr: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
  return m ? m[1] : addr;
}

/** Expands an IPv6 address to its eight 16-bit groups. */
function groups6(addr: string): string[] {
  const [head, tail] = addr.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}

/** The limiter key of an address: IPv4 as is, IPv6 as its /64 prefix. */
export function addressKey(addr: string): string {
  const a = plain(addr.replace(/%.*$/, ''));
  if (isIP(a) === 6) return `${groups6(a).slice(0, 4).join(':')}::/64`;
  return a;
}

/** The client's address, given the TCP peer and the X-Forwarded-For header. */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trust: Trust): string {
  let addr = plain(peer ?? 'unknown');
  if (!trust(addr) || !forwardedFor) return addr;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  while (hops.length > 0 && trust(addr)) {
    const next = hops.pop()!;
    if (!isIP(plain(next))) break;
    addr = plain(next);
  }
  return addr;
}
