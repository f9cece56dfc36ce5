import { isAsciiHex } from './char-codes.ts';
import type { Finding } from './finding.ts';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
// A dotted quad is found by shape first (cheap) and its octets checked after.
// A dot before it continues a longer dotted number only with a digit before that dot:
// `Connecting...10.0.0.5` is an address.
const DOTTED_QUAD = /(?<!\w)(?<!\d\.)\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?!\d)/g;
// No leading zeros (Python's `ipaddress` rejects them too).
const VALID_IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const IPV4_AT = new RegExp(`${OCTET}(?:\\.${OCTET}){3}(?!\\d)`, 'y');
// An out-of-range prefix such as /123 is left off rather than voiding the address.
const IPV4_PREFIX = /\/(?:3[0-2]|[12]?\d)(?!\d)/y;
// Every IPv6 address has a colon followed by a hex digit or a second colon; the address start is
// found by walking back from there, which keeps ordinary `key: value` text to one cheap search.
// Character tests by code, not regex: they run at every colon of the text.
const isHexOrColon = (code: number) => code === 58 || isAsciiHex(code);
const HEX_GROUP = /[0-9A-Fa-f]{1,4}(?![0-9A-Fa-f])/y;
const ZONE = /%[\w.-]*\w/y;
const IPV6_PREFIX = /\/(?:12[0-8]|1[01]\d|[1-9]?\d)(?!\d)/y;

/**
 * Finds IPv4 and IPv6 addresses. Following presidio's spans, a CIDR prefix (`10.0.0.0/8`), an
 * IPv6 zone index (`fe80::1%eth0`) and an IPv4-mapped prefix (`::ffff:10.0.0.1`) are part of
 * the address; brackets, ports and trailing punctuation are not. Colon-separated strings that are
 * not complete addresses — times, MAC addresses, `std::cout` — are ignored.
 *
 * @example
 * findIpAddresses('from 10.0.0.0/8 and [2001:db8::1]:443');
 * // [{ type: 'IP_ADDRESS', start: 5, end: 15, … }, { type: 'IP_ADDRESS', start: 21, end: 32, … }]
 */
export function findIpAddresses(text: string): Finding[] {
  const v4: Finding[] = [];
  DOTTED_QUAD.lastIndex = 0;
  for (let m = DOTTED_QUAD.exec(text); m !== null; m = DOTTED_QUAD.exec(text)) {
    if (!VALID_IPV4.test(m[0])) continue;
    let end = m.index + m[0].length;
    IPV4_PREFIX.lastIndex = end;
    if (IPV4_PREFIX.test(text)) end = IPV4_PREFIX.lastIndex;
    v4.push({ type: 'IP_ADDRESS', start: m.index, end, confidence: 0.85 });
  }
  const v6: Finding[] = [];
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    if (!isHexOrColon(text.charCodeAt(colon + 1))) continue;
    let start = colon;
    while (start > 0 && colon - start < 4 && isAsciiHex(text.charCodeAt(start - 1))) start--;
    if (start > 0 && /[\w:.]/.test(text[start - 1] as string) && !afterLabel(text, start)) continue;
    const end = readIpv6(text, start);
    if (end > 0) {
      v6.push({ type: 'IP_ADDRESS', start, end, confidence: 0.85 });
      colon = end - 1;
    }
  }
  if (v6.length === 0) return v4;
  // The dotted quad at the end of `::ffff:10.0.0.1` is part of that address, not a second one.
  const outside = v4.filter((a) => !v6.some((b) => a.start >= b.start && a.end <= b.end));
  return [...outside, ...v6].sort((a, b) => a.start - b.start);
}

/** End offset of the IPv6 address (with zone and prefix) starting at `start`, or -1. */
function readIpv6(text: string, start: number): number {
  const end = ipv6End(text, start);
  if (end < 0 || !/\d/.test(text.slice(start, end))) return -1;
  let i = end;
  ZONE.lastIndex = i;
  if (ZONE.test(text)) i = ZONE.lastIndex;
  IPV6_PREFIX.lastIndex = i;
  if (IPV6_PREFIX.test(text)) i = IPV6_PREFIX.lastIndex;
  const next = text[i] ?? '';
  if (/\w/.test(next) || (next === '.' && /\d/.test(text[i + 1] ?? ''))) return -1;
  if (next === ':' && /[0-9A-Fa-f:]/.test(text[i + 1] ?? '')) return -1;
  return i;
}

/**
 * Parses the longest run of groups from `start` and returns its end if it is a complete IPv6
 * address: eight groups, or fewer with exactly one `::`, the last two optionally written as IPv4.
 */
function ipv6End(text: string, start: number): number {
  let i = start;
  let groups = 0;
  let compressed = false;
  if (text.startsWith('::', i)) {
    compressed = true;
    i += 2;
  }
  while (groups < 8) {
    IPV4_AT.lastIndex = i;
    if (groups <= 6 && (i === start || text[i - 1] === ':') && IPV4_AT.test(text)) {
      groups += 2;
      i = IPV4_AT.lastIndex;
      break;
    }
    HEX_GROUP.lastIndex = i;
    if (!HEX_GROUP.test(text)) {
      // Only a `::` may end the address without a group after it.
      if (!text.startsWith('::', i - 2) || i === start) return -1;
      break;
    }
    groups++;
    i = HEX_GROUP.lastIndex;
    if (text[i] !== ':') break;
    if (text[i + 1] === ':') {
      if (compressed) return -1;
      compressed = true;
      i += 2;
    } else if (/[0-9A-Fa-f]/.test(text[i + 1] ?? '')) {
      i += 1;
    } else {
      break;
    }
  }
  if (groups === 0) return -1;
  return (compressed ? groups <= 7 : groups === 8) ? i : -1;
}

/**
 * Whether the address at `start` follows a label and a colon (`IP:2001:db8::1`): a word before the
 * colon with a letter that is not a hex digit cannot be an earlier group of the same address.
 */
function afterLabel(text: string, start: number): boolean {
  if (text[start - 1] !== ':') return false;
  let word = start - 1;
  while (word > 0 && /\w/.test(text[word - 1] as string)) word--;
  return word < start - 1 && /[G-Zg-z_]/.test(text.slice(word, start - 1));
}
