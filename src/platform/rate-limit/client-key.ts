import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key a client address is counted under. Limits must not multiply with the ways one client
 * can present itself:
 *
 * - one address has many spellings (`2001:DB8::1`, `2001:db8:0:0::1`, `fe80::1%eth0`), and an
 *   IPv4 client on a dual-stack socket shows up as `::ffff:192.0.2.1`;
 * - one IPv6 subscriber holds a whole /64 (often more), so each of its addresses counting on its
 *   own gave 2^64 fresh budgets.
 *
 * IPv4 keys on the address; IPv6 on its first `ipv6PrefixLength` bits, written in one form.
 * Text that is no address (a trusted proxy may forward anything) keys on itself, lowercased.
 */
export function clientKey(address: string, ipv6PrefixLength: number): string {
  const text = address.trim().toLowerCase();
  // A zone id names the local interface, not another client.
  const bare = text.includes('%') ? text.slice(0, text.indexOf('%')) : text;
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return text.slice(0, 100);
  const groups = ipv6Groups(bare);
  if (isIPv4Mapped(groups)) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
  }
  return `${maskedIpv6(groups, ipv6PrefixLength)}/${ipv6PrefixLength}`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail split). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const parse = (part: string | undefined) =>
    part ? part.split(':').map((group) => parseInt(group, 16)) : [];
  const left = parse(head);
  const right = parse(tail);
  const zeros = new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...(tail === undefined ? [] : zeros), ...right];
}

// ::ffff:0:0/96, how a dual-stack socket reports an IPv4 peer.
const isIPv4Mapped = (groups: number[]) =>
  groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;

/** The first `prefixLength` bits, the rest zero, as eight lowercase hex groups without `::`. */
function maskedIpv6(groups: number[], prefixLength: number): string {
  return groups
    .map((group, index) => {
      const keep = Math.min(16, Math.max(0, prefixLength - index * 16));
      const mask = keep === 0 ? 0 : (0xffff << (16 - keep)) & 0xffff;
      return (group & mask).toString(16);
    })
    .join(':');
}
