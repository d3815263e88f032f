import { describe, expect, it } from 'vitest';
import { addressRefusal, isPublicAddress } from '@/lib/proxy/addresses';

describe('image proxy address classification', () => {
  it.each([
    // IPv4 ranges the proxy must never reach
    ['0.0.0.0', /this network/],
    ['0.255.255.255', /this network/],
    ['10.0.0.1', /private \(10\.0\.0\.0\/8\)/],
    ['10.255.255.255', /private/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['100.127.255.254', /carrier-grade NAT/],
    ['127.0.0.1', /loopback/],
    ['127.255.255.254', /loopback/],
    ['169.254.169.254', /link-local/], // cloud metadata
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.0.0.8', /IETF protocol/],
    ['192.0.2.10', /documentation/],
    ['192.88.99.1', /6to4 relay/],
    ['192.168.1.1', /private/],
    ['198.18.0.1', /benchmarking/],
    ['198.19.255.255', /benchmarking/],
    ['198.51.100.7', /documentation/],
    ['203.0.113.9', /documentation/],
    ['224.0.0.251', /multicast/],
    ['239.255.255.250', /multicast/],
    ['240.0.0.1', /reserved/],
    ['255.255.255.255', /reserved/],
    // IPv6
    ['::', /not global unicast/],
    ['::1', /not global unicast/],
    ['fc00::1', /not global unicast/],
    ['fd12:3456:789a::1', /not global unicast/],
    ['fe80::1', /not global unicast/],
    ['fe80::1%eth0', /not global unicast/],
    ['fec0::1', /not global unicast/],
    ['ff02::1', /not global unicast/],
    ['::ffff:127.0.0.1', /loopback.*inside an IPv6 address/],
    ['::ffff:7f00:1', /loopback/],
    ['::ffff:10.1.2.3', /private/],
    ['::ffff:a9fe:a9fe', /link-local/],
    ['0:0:0:0:0:ffff:192.168.0.1', /private/],
    ['64:ff9b::10.0.0.1', /private/],
    ['64:ff9b::7f00:1', /loopback/],
    ['::127.0.0.1', /not global unicast/], // IPv4-compatible, deprecated
    ['2001::1', /IETF protocol/], // Teredo
    ['2001:db8::1', /documentation/],
    ['2002:7f00:1::1', /6to4/],
    ['3fff::1', /documentation/],
    ['[::1]', /not global unicast/],
    // not addresses at all
    ['example.com', /not an IP address/],
    ['', /not an IP address/],
  ])('refuses %s', (address, reason) => {
    expect(addressRefusal(address)).toMatch(reason);
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '93.184.215.14',
    '100.63.255.255', // just below CGNAT
    '100.128.0.0', // just above
    '172.15.255.255',
    '172.32.0.0',
    '192.169.0.1',
    '198.20.0.1',
    '223.255.255.254',
    '2606:4700:4700::1111',
    '2a00:1450:4001:82b::200e',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
    '::ffff:808:808',
    '64:ff9b::8.8.8.8',
    '[2606:4700:4700::1111]',
  ])('accepts the public address %s', (address) => {
    expect(addressRefusal(address)).toBeUndefined();
  });
});
