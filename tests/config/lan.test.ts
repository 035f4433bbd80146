import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultRouteInterface, lanAddress } from '../../server/lan.js';
import { isLoopbackUrl } from '../../shared/urls.js';

const v4 = (address: string, internal = false): NetworkInterfaceInfo =>
  ({ address, family: 'IPv4', internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: `${address}/24` }) as NetworkInterfaceInfo;
const v6 = (address: string): NetworkInterfaceInfo =>
  ({ address, family: 'IPv6', internal: false, netmask: 'ffff:ffff:ffff:ffff::', mac: '00:00:00:00:00:00', cidr: `${address}/64`, scopeid: 0 }) as NetworkInterfaceInfo;

const HEADER = 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT';
const route = (...rows: string[]) => [HEADER, ...rows].join('\n');

// A laptop with Docker and a VPN: docker0 and tun0 are listed before the Wi-Fi.
const laptop = {
  lo: [v4('127.0.0.1', true)],
  docker0: [v4('172.17.0.1')],
  tun0: [v4('10.8.0.6')],
  wlp2s0: [v6('fe80::1'), v4('192.168.1.23')],
};

describe('the LAN address', () => {
  it('is the address of the default route with the lowest metric', () => {
    const table = route(
      'tun0\t0000080A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0',
      'wlp2s0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0',
      'docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0',
      'eth1\t00000000\t0100000A\t0003\t0\t0\t700\t00000000\t0\t0\t0',
    );
    expect(defaultRouteInterface(table)).toBe('wlp2s0');
    expect(lanAddress(laptop, table)).toBe('192.168.1.23');
  });

  it('skips a default route that is down', () => {
    const table = route('tun0\t00000000\t00000000\t0000\t0\t0\t0\t00000000\t0\t0\t0', 'wlp2s0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0');
    expect(defaultRouteInterface(table)).toBe('wlp2s0');
  });

  it('without a route table: the first private address of an interface that does not look virtual', () => {
    expect(lanAddress(laptop, undefined)).toBe('192.168.1.23');
    expect(lanAddress({ en0: [v4('203.0.113.7')], vEthernet: [v4('172.20.0.1')] }, undefined)).toBe('203.0.113.7');
  });

  it('is undefined on a machine with only loopback', () => {
    expect(lanAddress({ lo: [v4('127.0.0.1', true)] }, route())).toBeUndefined();
  });
});

describe('isLoopbackUrl', () => {
  it.each([
    ['http://localhost:3000/?pin=1', true],
    ['http://127.0.0.1:3000', true],
    ['http://[::1]:3000', true],
    ['http://app.localhost', true],
    ['http://192.168.1.23:3000', false],
    ['https://quiz.example.org', false],
    ['not a url', false],
  ])('%s → %s', (url, loop) => expect(isLoopbackUrl(url)).toBe(loop));
});
