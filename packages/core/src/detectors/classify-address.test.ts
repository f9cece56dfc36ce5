import { describe, expect, it } from 'vitest';
import { classifyAddress } from './classify-address.ts';

describe('classifyAddress', () => {
  it.each([
    '8.8.8.8',
    '93.184.216.34',
    '172.217.16.142',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('finds %s public', (ip) => {
    expect(classifyAddress(ip)).toEqual({ internal: false });
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fec0::1', 'private'],
    ['100.64.0.1', 'cgnat'],
    ['169.254.0.1', 'link_local'],
    ['fe80::1', 'link_local'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['2001::1', 'reserved'],
    ['4000::1', 'reserved'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['192.0.0.192', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
  ])('classifies %s as %s', (ip, code) => {
    expect(classifyAddress(ip)).toMatchObject({ internal: true, code });
  });

  it('reports the class of the IPv4 address an IPv6 form carries, and names the form', () => {
    expect(classifyAddress('::ffff:7f00:1')).toEqual({
      internal: true,
      code: 'loopback',
      reason: 'IPv4-mapped IPv6 address ::ffff:7f00:1 carries 127.0.0.1: loopback address 127.0.0.1',
    });
    expect(classifyAddress('::ffff:169.254.169.254')).toEqual({
      internal: true,
      code: 'metadata',
      reason:
        'IPv4-mapped IPv6 address ::ffff:a9fe:a9fe carries 169.254.169.254: cloud metadata address 169.254.169.254',
    });
    expect(classifyAddress('64:ff9b::a00:1')).toMatchObject({ internal: true, code: 'private' });
    expect(classifyAddress('2002:c0a8:101::1')).toMatchObject({ internal: true, code: 'private' });
    expect(classifyAddress('::7f00:1')).toMatchObject({ internal: true, code: 'loopback' });
  });

  it('blocks a public IPv4-compatible address, a deprecated form nothing legitimate uses', () => {
    expect(classifyAddress('::808:808')).toEqual({
      internal: true,
      code: 'reserved',
      reason: 'IPv4-compatible IPv6 address ::808:808',
    });
  });

  it('fails closed on text that is not an address', () => {
    expect(classifyAddress('example.com')).toEqual({
      internal: true,
      code: 'invalid_address',
      reason: '"example.com" is not an IP address',
    });
  });
});
