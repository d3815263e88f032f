/**
 * Which IP addresses the image proxy may connect to: public unicast only. Everything a server
 * inside the network could answer on (loopback, private, link-local, CGNAT, ULA, the cloud
 * metadata address 169.254.169.254) is refused, so a remote image can never make Tern reach
 * inside its own network (SSRF).
 *
 * IPv6 is an allow-list (only global unicast 2000::/3, minus its special blocks), because its
 * space has too many special ranges to list; addresses that carry an IPv4 address (IPv4-mapped,
 * NAT64) are judged by the IPv4 rules, so ::ffff:10.0.0.1 is as private as 10.0.0.1.
 */
import { BlockList, isIP } from 'node:net';

type Range = readonly [network: string, prefix: number, what: string];

/** IPv4 special-purpose ranges (IANA registry) that are not reachable public hosts. */
const ipv4Refused: readonly Range[] = [
  ['0.0.0.0', 8, '"this network"'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

/** Special blocks inside 2000::/3 (the rest of IPv6 is refused as not global unicast). */
const ipv6Refused: readonly Range[] = [
  ['2001::', 23, 'IETF protocol'], // Teredo, benchmarking, ORCHID...
  ['2001:db8::', 32, 'documentation'],
  ['2002::', 16, '6to4'], // tunnels to an IPv4 address of the sender's choosing
  ['3fff::', 20, 'documentation'],
];

function blockList(ranges: readonly Range[], family: 'ipv4' | 'ipv6'): Array<[BlockList, string]> {
  return ranges.map(([network, prefix, what]) => {
    const list = new BlockList();
    list.addSubnet(network, prefix, family);
    return [list, `${what} (${network}/${prefix})`];
  });
}

const v4Rules = blockList(ipv4Refused, 'ipv4');
const v6Rules = blockList(ipv6Refused, 'ipv6');
const globalUnicast = new BlockList();
globalUnicast.addSubnet('2000::', 3, 'ipv6');

/** Why the proxy may not connect to this address, or undefined when it may (a public address). */
export function addressRefusal(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return v4Rules.find(([list]) => list.check(bare, 'ipv4'))?.[1];
  if (family !== 6) return 'not an IP address';
  const words = ipv6Words(bare);
  if (!words) return 'not an IP address';
  const embedded = embeddedIpv4(words);
  if (embedded !== undefined) {
    const refusal = addressRefusal(embedded);
    return refusal && `${refusal}, inside an IPv6 address`;
  }
  if (!globalUnicast.check(bare, 'ipv6'))
    return 'not global unicast IPv6 (::1, fc00::/7, fe80::/10, ff00::/8...)';
  return v6Rules.find(([list]) => list.check(bare, 'ipv6'))?.[1];
}

export function isPublicAddress(address: string): boolean {
  return addressRefusal(address) === undefined;
}

/**
 * The IPv4 address inside an IPv4-mapped (::ffff:0:0/96) or NAT64 (64:ff9b::/96) address: a
 * connection to either reaches that IPv4 host.
 */
function embeddedIpv4(words: number[]): string | undefined {
  const mapped = words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff;
  const nat64 = words[0] === 0x64 && words[1] === 0xff9b && words.slice(2, 6).every((w) => w === 0);
  if (!mapped && !nat64) return undefined;
  const [high = 0, low = 0] = words.slice(6);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** The eight 16-bit words of a valid IPv6 address (with or without a dotted IPv4 tail). */
function ipv6Words(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail?.[1]) {
    const bytes = tail[1].split('.').map(Number);
    const [a = 0, b = 0, c = 0, d = 0] = bytes;
    text = `${text.slice(0, -tail[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const part = (s: string | undefined) => (s ? s.split(':') : []);
  const left = part(head);
  const right = part(rest);
  const missing = 8 - left.length - right.length;
  if (rest === undefined ? missing !== 0 : missing < 1) return undefined;
  const words = [...left, ...Array<string>(rest === undefined ? 0 : missing).fill('0'), ...right];
  const numbers = words.map((w) => (/^[0-9a-f]{1,4}$/.test(w) ? parseInt(w, 16) : NaN));
  return numbers.some(Number.isNaN) ? undefined : numbers;
}
