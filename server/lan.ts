/**
 * The address phones should use to reach this machine: the IPv4 address of the interface that the
 * default route goes out of (read from /proc/net/route on Linux), so a laptop with Docker, a VPN or
 * Hyper-V adapters advertises its LAN address rather than the first address it happens to list.
 * Where there is no route table (macOS, Windows), the first private IPv4 address of an interface that
 * does not look virtual, then any non-internal IPv4 address. PUBLIC_URL overrides all of this.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

type Interfaces = ReturnType<typeof os.networkInterfaces>;

const RTF_UP = 0x1;

/** The interface of the default route with the lowest metric, from the text of /proc/net/route. */
export function defaultRouteInterface(routeTable: string): string | undefined {
  let best: { iface: string; metric: number } | undefined;
  for (const line of routeTable.split('\n').slice(1)) {
    const [iface, destination, , flags, , , metric, mask] = line.trim().split(/\s+/);
    if (!iface || destination !== '00000000' || mask !== '00000000') continue;
    if ((parseInt(flags, 16) & RTF_UP) === 0) continue;
    const m = Number(metric);
    if (!best || m < best.metric) best = { iface, metric: m };
  }
  return best?.iface;
}

const VIRTUAL = /^(docker|br-|veth|virbr|vboxnet|vmnet|vethernet|tun|tap|wg|tailscale|zt|utun|llw|awdl|lo)/i;

function isPrivate(a: string): boolean {
  return /^10\./.test(a) || /^192\.168\./.test(a) || /^172\.(1[6-9]|2\d|3[01])\./.test(a);
}

function ipv4Of(list: Interfaces[string]): string | undefined {
  return list?.find((a) => a.family === 'IPv4' && !a.internal)?.address;
}

/** The LAN address to advertise, or undefined when this machine has none (only loopback). */
export function lanAddress(interfaces: Interfaces = os.networkInterfaces(), routeTable: string | undefined = readRouteTable()): string | undefined {
  const viaRoute = routeTable ? defaultRouteInterface(routeTable) : undefined;
  if (viaRoute) {
    const a = ipv4Of(interfaces[viaRoute]);
    if (a) return a;
  }
  const real = Object.entries(interfaces).filter(([name]) => !VIRTUAL.test(name));
  for (const [, list] of real) {
    const a = ipv4Of(list);
    if (a && isPrivate(a)) return a;
  }
  for (const [, list] of [...real, ...Object.entries(interfaces)]) {
    const a = ipv4Of(list);
    if (a) return a;
  }
  return undefined;
}

function readRouteTable(): string | undefined {
  try {
    return readFileSync('/proc/net/route', 'utf8');
  } catch {
    return undefined;
  }
}
