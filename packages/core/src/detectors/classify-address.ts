import ipaddr from 'ipaddr.js';

/**
 * Why an address is internal. Embedded IPv4 forms (IPv4-mapped, IPv4-compatible, NAT64, 6to4)
 * report the class of the IPv4 address they carry, so one address has one code however it is
 * spelled, and `allowPrivate` treats `10.0.0.1` and `::ffff:10.0.0.1` alike.
 */
export type AddressBlockCode =
  | 'invalid_address'
  | 'metadata'
  | 'loopback'
  | 'unspecified'
  | 'private'
  | 'cgnat'
  | 'link_local'
  | 'multicast'
  | 'reserved';

/** Result of {@link classifyAddress}: public, or internal with a code and a readable reason. */
export type AddressClassification =
  | { internal: false }
  | { internal: true; code: AddressBlockCode; reason: string };

/**
 * Cloud and container metadata services. Checked before the ranges, because several sit in
 * ranges an intranet tool may allow (100.100.100.200 is CGNAT, fd00:ec2::254 is unique-local)
 * and 168.63.129.16 is not in any special range at all.
 */
const metadataAddresses = new Set([
  '169.254.169.254', // AWS, GCP, Azure, OCI, DigitalOcean, Hetzner, OpenStack
  '169.254.170.2', // AWS ECS task credentials
  '169.254.170.23', // AWS EKS Pod Identity
  '169.254.0.23', // Tencent Cloud
  '100.100.100.200', // Alibaba Cloud
  '192.0.0.192', // Oracle Cloud Classic
  '168.63.129.16', // Azure WireServer
  'fd00:ec2::254', // AWS IMDS over IPv6
  'fd00:ec2::23', // AWS EKS Pod Identity over IPv6
  'fd20:ce::254', // GCP metadata over IPv6
  'fd00:c1::a9fe:a9fe', // Oracle Cloud metadata over IPv6
  'fd00:a9fe:a9fe::1', // Akamai (Linode) metadata over IPv6
  'fd00:42::42', // Scaleway metadata over IPv6
]);

/**
 * Special-purpose blocks that the IANA registries (RFC 6890, RFC 8190) mark globally reachable:
 * anycast services (PCP, TURN, AS112 DNS, AMT relays) and ORCHIDv2 and DRIP identifiers. They are
 * public destinations, unlike the
 * rest of the special-purpose space.
 */
const globallyReachable = [
  '192.0.0.9/32',
  '192.0.0.10/32',
  '192.31.196.0/24',
  '192.52.193.0/24',
  '192.175.48.0/24',
  '2001:1::1/128',
  '2001:1::2/128',
  '2001:1::3/128',
  '2001:3::/32',
  '2001:4:112::/48',
  '2001:20::/28',
  '2001:30::/28',
  '2620:4f:8000::/48',
].map((cidr) => ipaddr.parseCIDR(cidr));

function isGloballyReachable(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return globallyReachable.some(([net, bits]) => net.kind() === address.kind() && address.match(net, bits));
}

const ipv4Codes: Readonly<Record<string, AddressBlockCode>> = {
  unspecified: 'unspecified',
  broadcast: 'reserved',
  multicast: 'multicast',
  linkLocal: 'link_local',
  loopback: 'loopback',
  carrierGradeNat: 'cgnat',
  private: 'private',
};

const ipv6Codes: Readonly<Record<string, AddressBlockCode>> = {
  unspecified: 'unspecified',
  linkLocal: 'link_local',
  multicast: 'multicast',
  loopback: 'loopback',
  uniqueLocal: 'private',
  deprecatedSiteLocal: 'private',
};

const globalUnicast = ipaddr.parseCIDR('2000::/3');
const nat64WellKnown = ipaddr.parseCIDR('64:ff9b::/96');

/**
 * Says whether an IP address is internal: anything other than a public unicast address.
 * Parsing and ranges come from `ipaddr.js`; unknown special-purpose ranges count as `reserved`,
 * so a range this module has never heard of is blocked rather than allowed.
 *
 * @example
 * classifyAddress('8.8.8.8') // { internal: false }
 * classifyAddress('::ffff:7f00:1')
 * // { internal: true, code: 'loopback', reason: 'IPv4-mapped IPv6 address ::ffff:7f00:1 carries 127.0.0.1: loopback address 127.0.0.1' }
 */
export function classifyAddress(ip: string): AddressClassification {
  if (!ipaddr.isValid(ip)) return internal('invalid_address', `"${ip}" is not an IP address`);
  const address = ipaddr.parse(ip);
  return address.kind() === 'ipv4'
    ? classifyIPv4(address as ipaddr.IPv4)
    : classifyIPv6(address as ipaddr.IPv6);
}

function classifyIPv4(address: ipaddr.IPv4): AddressClassification {
  const text = address.toString();
  if (metadataAddresses.has(text)) return internal('metadata', `cloud metadata address ${text}`);
  const range = address.range();
  if (range === 'unicast') return { internal: false };
  const code = Object.hasOwn(ipv4Codes, range) ? ipv4Codes[range] : undefined;
  if (code === undefined && isGloballyReachable(address)) return { internal: false };
  return internal(code ?? 'reserved', `${describe(code ?? 'reserved')} ${text}`);
}

function classifyIPv6(address: ipaddr.IPv6): AddressClassification {
  const text = address.toString();
  if (metadataAddresses.has(text)) return internal('metadata', `cloud metadata address ${text}`);
  const embedded = embeddedIPv4(address);
  if (embedded) {
    const inner = classifyIPv4(embedded.ipv4);
    if (inner.internal)
      return internal(inner.code, `${embedded.form} ${text} carries ${embedded.ipv4}: ${inner.reason}`);
    // IPv4-compatible addresses are deprecated (RFC 4291) and never a legitimate destination.
    if (embedded.form === 'IPv4-compatible IPv6 address')
      return internal('reserved', `${embedded.form} ${text}`);
    return { internal: false };
  }
  const range = address.range();
  const code = Object.hasOwn(ipv6Codes, range) ? ipv6Codes[range] : undefined;
  if (code) return internal(code, `${describe(code)} ${text}`);
  // Only 2000::/3 is allocated for global unicast; everything else is special-purpose or unassigned.
  if (range === 'unicast' && address.match(globalUnicast)) return { internal: false };
  if (isGloballyReachable(address)) return { internal: false };
  return internal('reserved', `${describe('reserved')} ${text}`);
}

/** The IPv4 address an IPv6 address stands for when a stack or a translator unwraps it. */
function embeddedIPv4(address: ipaddr.IPv6): { form: string; ipv4: ipaddr.IPv4 } | undefined {
  const p = address.parts;
  const low = () => fromWords(p[6] ?? 0, p[7] ?? 0);
  const range = address.range();
  if (range === 'ipv4Mapped') return { form: 'IPv4-mapped IPv6 address', ipv4: low() };
  if (range === 'rfc6145') return { form: 'IPv4-translated IPv6 address', ipv4: low() };
  if (address.match(nat64WellKnown)) return { form: 'NAT64 address', ipv4: low() };
  if (range === '6to4') return { form: '6to4 address', ipv4: fromWords(p[1] ?? 0, p[2] ?? 0) };
  const zeroPrefix = p.slice(0, 6).every((part) => part === 0);
  // :: and ::1 are themselves (unspecified, loopback), not IPv4-compatible addresses.
  if (zeroPrefix && (p[6] ?? 0) !== 0) return { form: 'IPv4-compatible IPv6 address', ipv4: low() };
  return undefined;
}

function fromWords(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

function internal(code: AddressBlockCode, reason: string): AddressClassification {
  return { internal: true, code, reason };
}

const descriptions: Record<AddressBlockCode, string> = {
  invalid_address: 'invalid address',
  metadata: 'cloud metadata address',
  loopback: 'loopback address',
  unspecified: 'unspecified address',
  private: 'private address',
  cgnat: 'carrier-grade NAT address',
  link_local: 'link-local address',
  multicast: 'multicast address',
  reserved: 'reserved address',
};

function describe(code: AddressBlockCode): string {
  return descriptions[code];
}
