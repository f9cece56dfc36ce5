import { describe, expect, it } from 'vitest';
import { findIpAddresses } from './ip-address.ts';

const spans = (text: string) => findIpAddresses(text).map((f) => text.slice(f.start, f.end));

describe('findIpAddresses', () => {
  it('finds IPv4 addresses with their CIDR prefix and without trailing punctuation', () => {
    expect(spans('(192.168.1.1), 10.0.0.0/8. 192.168.2.1@eth0')).toEqual([
      '192.168.1.1',
      '10.0.0.0/8',
      '192.168.2.1',
    ]);
  });

  it('leaves an out-of-range prefix off the address', () => {
    expect(spans('10.0.0.0/123 and 2001:db8::/9999')).toEqual(['10.0.0.0', '2001:db8::']);
  });

  it('rejects out-of-range octets, leading zeros and short quads', () => {
    expect(spans('256.256.256.256 192.168.1.256 192.168.1 10.0.0.01')).toEqual([]);
  });

  it('finds compressed, full, zoned, prefixed and bracketed IPv6 addresses', () => {
    expect(
      spans('::1, 2345:0425:2CA1:0000:0000:0567:5673:23b5, fe80::1%eth0/64, [2001:db8::1]:8080'),
    ).toEqual(['::1', '2345:0425:2CA1:0000:0000:0567:5673:23b5', 'fe80::1%eth0/64', '2001:db8::1']);
  });

  it('finds IPv4-mapped and embedded-IPv4 IPv6 addresses as one address', () => {
    expect(spans('::ffff:192.0.2.1 64:ff9b::192.0.2.0/96 0:0:0:0:0:FFFF:129.144.52.38')).toEqual([
      '::ffff:192.0.2.1',
      '64:ff9b::192.0.2.0/96',
      '0:0:0:0:0:FFFF:129.144.52.38',
    ]);
  });

  it('ignores times, MAC addresses, ratios, scope operators and seven-group addresses', () => {
    expect(
      spans('12:34:56 aa:bb:cc:dd:ee:ff 1:2:3:4 std::cout a::b 684D:1111:222:3333:4444:5555:77'),
    ).toEqual([]);
  });

  it('finds an IPv4 address after an ellipsis and an IPv6 address after a label and a colon', () => {
    expect(spans('Connecting...192.168.1.5 then IP:2001:db8::42')).toEqual(['192.168.1.5', '2001:db8::42']);
    expect(spans('version 1.2.3.4.5')).toEqual(['1.2.3.4']);
    // A hex word before the colon is a group of the same address, not a label.
    expect(spans('abc:2001:db8::1')).toEqual(['abc:2001:db8::1']);
  });
});
