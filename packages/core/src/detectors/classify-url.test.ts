import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkUrl, classifyUrl, type ResolveHost } from './classify-url.ts';

describe('classifyUrl', () => {
  it('allows a public https URL and returns the parsed URL', () => {
    expect(classifyUrl('https://example.com/a?b=c')).toEqual({
      safe: true,
      host: 'example.com',
      url: new URL('https://example.com/a?b=c'),
    });
  });

  it.each([
    ['http://127.0.0.1/', 'loopback', '127.0.0.1'],
    ['http://127.1/', 'loopback', '127.0.0.1'],
    ['http://2130706433/', 'loopback', '127.0.0.1'],
    ['http://0x7f000001/', 'loopback', '127.0.0.1'],
    ['http://0177.0.0.1/', 'loopback', '127.0.0.1'],
    ['http://[::1]/', 'loopback', '::1'],
    ['http://[0:0:0:0:0:0:0:1]/', 'loopback', '::1'],
    ['http://[::ffff:127.0.0.1]/', 'loopback', '::ffff:7f00:1'],
    ['http://[::ffff:7f00:1]/', 'loopback', '::ffff:7f00:1'],
    ['http://[::127.0.0.1]/', 'loopback', '::7f00:1'],
    ['http://localhost/', 'loopback', 'localhost'],
    ['http://localhost./', 'loopback', 'localhost'],
    ['http://LOCALHOST:8080/', 'loopback', 'localhost'],
    ['http://api.localhost/', 'loopback', 'api.localhost'],
    ['http://example.com@127.0.0.1/', 'loopback', '127.0.0.1'],
    ['http://user:pass@127.0.0.1:80/', 'loopback', '127.0.0.1'],
    ['http://127.1.1.1:80\\@127.2.2.2:80/', 'loopback', '127.1.1.1'],
    ['http:127.0.0.1/', 'loopback', '127.0.0.1'],
    ['http://0/', 'unspecified', '0.0.0.0'],
    ['http://[::]/', 'unspecified', '::'],
    ['http://[::ffff:0.0.0.0]/', 'unspecified', '::ffff:0:0'],
    ['http://10.0.0.1/', 'private', '10.0.0.1'],
    ['http://0xac100001/', 'private', '172.16.0.1'],
    ['http://192.168.1.254/', 'private', '192.168.1.254'],
    ['http://[fd12::1]/', 'private', 'fd12::1'],
    ['http://[::ffff:10.0.0.1]/', 'private', '::ffff:a00:1'],
    ['http://[64:ff9b::a00:1]/', 'private', '64:ff9b::a00:1'],
    ['http://[2002:c0a8:101::]/', 'private', '2002:c0a8:101::'],
    ['http://100.64.0.1/', 'cgnat', '100.64.0.1'],
    ['http://169.254.0.1/', 'link_local', '169.254.0.1'],
    ['http://[fe80::1]/', 'link_local', 'fe80::1'],
    ['http://224.0.0.1/', 'multicast', '224.0.0.1'],
    ['http://255.255.255.255/', 'reserved', '255.255.255.255'],
    ['http://192.0.2.10/', 'reserved', '192.0.2.10'],
    ['http://169.254.169.254/latest/meta-data/', 'metadata', '169.254.169.254'],
    ['http://2852039166/', 'metadata', '169.254.169.254'],
    ['http://[::ffff:a9fe:a9fe]/', 'metadata', '::ffff:a9fe:a9fe'],
    ['http://169.254.170.2/v2/credentials/x', 'metadata', '169.254.170.2'],
    ['http://100.100.100.200/latest/', 'metadata', '100.100.100.200'],
    ['http://192.0.0.192/latest/', 'metadata', '192.0.0.192'],
    ['http://[fd00:ec2::254]/latest/', 'metadata', 'fd00:ec2::254'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata', 'metadata.google.internal'],
    ['http://METADATA.GOOGLE.INTERNAL./', 'metadata', 'metadata.google.internal'],
    ['http://metadata.goog/', 'metadata', 'metadata.goog'],
    ['http://metadata/computeMetadata/v1/', 'metadata', 'metadata'],
    ['http://instance-data/', 'metadata', 'instance-data'],
    ['http://rancher-metadata/latest', 'metadata', 'rancher-metadata'],
    ['http://localhost.localdomain/', 'loopback', 'localhost.localdomain'],
    ['http://jenkins:8080/job', 'private', 'jenkins'],
    ['http://kubernetes.default.svc.cluster.local/', 'private', 'kubernetes.default.svc.cluster.local'],
    ['http://vault.internal/v1/secret', 'private', 'vault.internal'],
    ['http://printer.local./', 'private', 'printer.local'],
    ['http://router.home.arpa/', 'private', 'router.home.arpa'],
    ['http://nas.lan/', 'private', 'nas.lan'],
    ['http://wiki.corp/', 'private', 'wiki.corp'],
    ['http://kubernetes.default.svc/api', 'private', 'kubernetes.default.svc'],
    ['https://kubernetes.default/api', 'private', 'kubernetes.default'],
    ['http://kube-dns.kube-system:9153/metrics', 'private', 'kube-dns.kube-system'],
    ['http://api.metadata.cloud.ibm.com/metadata/v1/instance', 'metadata', 'api.metadata.cloud.ibm.com'],
    ['http://localhost6.localdomain6/', 'loopback', 'localhost6.localdomain6'],
    ['http://ip6-localhost/', 'loopback', 'ip6-localhost'],
    ['http://[fd00:c1::a9fe:a9fe]/opc/v2/', 'metadata', 'fd00:c1::a9fe:a9fe'],
    ['http://[fd00:a9fe:a9fe::1]/', 'metadata', 'fd00:a9fe:a9fe::1'],
    ['http://[fd00:42::42]/', 'metadata', 'fd00:42::42'],
  ])(
    'blocks %s as %s [network.ssrf.decimal-ip] [network.ssrf.ipv6-mapped] [network.ssrf.cloud-metadata]',
    (url, code, host) => {
      expect(classifyUrl(url)).toMatchObject({ safe: false, code, host });
    },
  );

  it('writes a reason naming the address class', () => {
    expect(classifyUrl('http://2130706433/')).toEqual({
      safe: false,
      code: 'loopback',
      host: '127.0.0.1',
      reason: 'loopback address 127.0.0.1',
    });
  });

  it.each([
    'file:///etc/passwd',
    'FILE:///etc/passwd',
    'gopher://127.0.0.1:6379/_save',
    'dict://127.0.0.1:6379/SAVE',
    'ftp://ftp.gnu.org/gnu/',
    'ldap://127.0.0.1:389/',
    'jar:http://127.0.0.1!/',
    'data:text/plain,hello',
  ])('blocks the scheme of %s', (url) => {
    expect(classifyUrl(url)).toMatchObject({ safe: false, code: 'scheme' });
  });

  it.each([
    'http://425.510.425.510',
    'http://0o177.0.0.1/',
    'http://7147006462',
    'not a url',
    'http://[::1',
    '',
  ])('fails closed on %j, which the WHATWG parser rejects', (url) => {
    expect(classifyUrl(url)).toMatchObject({ safe: false, code: 'invalid_url' });
  });

  it.each([
    'https://en.wikipedia.org/wiki/Localhost',
    'http://0.pool.ntp.org/',
    'https://api.github.com:443/zen',
    'https://münchen.de/',
    'https://8.8.8.8/',
    'https://[2606:4700:4700::1111]/',
    'http://[::ffff:8.8.8.8]/',
    'https://web.archive.org/web/2020/http://127.0.0.1/',
    'https://example.com/path/@127.0.0.1',
    'https://local.example.com/',
    'https://internal.example.com/',
    'https://corp.example.com/home',
    'https://home.com/',
    // Special-purpose blocks the IANA registries mark globally reachable (anycast services).
    'http://192.0.0.9/',
    'http://192.31.196.1/',
    'http://192.175.48.6/',
    'http://[2001:1::1]/',
    'http://[2001:4:112::1]/',
    'http://[2620:4f:8000::42]/',
    'http://[2001:30::1]/',
    // A public name that only looks like a namespace.
    'https://default.example.org/',
    // Internal only through DNS: static classification cannot know, checkUrl does.
    'http://127.0.0.1.nip.io/',
  ])('allows %s', (url) => {
    expect(classifyUrl(url)).toMatchObject({ safe: true });
  });

  it('allows only the configured schemes', () => {
    expect(classifyUrl('http://example.com/', { allowSchemes: ['https'] })).toEqual({
      safe: false,
      code: 'scheme',
      reason: 'scheme "http:" is not allowed',
    });
    expect(classifyUrl('WSS://example.com/', { allowSchemes: ['WSS:'] })).toMatchObject({ safe: true });
  });

  it('reads the opaque host of an allowed non-special scheme as a fetch would', () => {
    expect(classifyUrl('gopher://0x7f000001:70/', { allowSchemes: ['gopher'] })).toMatchObject({
      safe: false,
      code: 'loopback',
      host: '127.0.0.1',
    });
  });

  it('blocks an allowed scheme whose URL names no host', () => {
    expect(classifyUrl('mailto:a@example.com', { allowSchemes: ['mailto'] })).toEqual({
      safe: false,
      code: 'invalid_url',
      reason: '"mailto:a@example.com" has no host that can be judged',
    });
  });

  it('drops any number of trailing dots from the host, and blocks a host longer than a DNS name', () => {
    expect(classifyUrl(`http://example.com${'.'.repeat(100_000)}/`)).toMatchObject({
      safe: true,
      host: 'example.com',
    });
    expect(classifyUrl(`http://${'a.'.repeat(126)}b/`)).toMatchObject({ safe: true });
    expect(classifyUrl(`http://${'a.'.repeat(126)}bc/`)).toMatchObject({
      safe: false,
      code: 'invalid_url',
    });
    expect(classifyUrl(`http://a${'.'.repeat(100_000)}b/`)).toMatchObject({
      safe: false,
      code: 'invalid_url',
    });
    expect(
      classifyUrl(`http://${'x'.repeat(300)}.example.com/`, { allowDomains: ['*.example.com'] }),
    ).toMatchObject({ safe: false, code: 'invalid_url' });
  });

  it('lets only allowDomains through when it is set', () => {
    const options = { allowDomains: ['*.example.com'] };
    expect(classifyUrl('https://API.Example.com./v1', options)).toMatchObject({
      safe: true,
      host: 'api.example.com',
    });
    expect(classifyUrl('https://example.com/', options)).toEqual({
      safe: false,
      code: 'not_allowed_domain',
      host: 'example.com',
      reason: 'host "example.com" is not in allowDomains',
    });
    expect(classifyUrl('https://example.com.evil.net/', options)).toMatchObject({
      code: 'not_allowed_domain',
    });
  });

  it('blocks denyDomains even inside allowDomains', () => {
    const options = { allowDomains: ['*.example.com'], denyDomains: ['admin.example.com'] };
    expect(classifyUrl('https://admin.example.com/', options)).toEqual({
      safe: false,
      code: 'denied_domain',
      host: 'admin.example.com',
      reason: 'host "admin.example.com" matches denyDomains',
    });
  });

  it('lets private and CGNAT addresses through with allowPrivate, but never metadata or loopback [network.ssrf.cloud-metadata]', () => {
    const options = { allowPrivate: true };
    expect(classifyUrl('http://10.0.0.1/', options)).toMatchObject({ safe: true });
    expect(classifyUrl('http://[::ffff:192.168.0.1]/', options)).toMatchObject({ safe: true });
    expect(classifyUrl('http://100.64.1.1/', options)).toMatchObject({ safe: true });
    expect(classifyUrl('http://jenkins:8080/', options)).toMatchObject({ safe: true, host: 'jenkins' });
    expect(classifyUrl('http://vault.internal/', options)).toMatchObject({ safe: true });
    expect(classifyUrl('http://100.100.100.200/', options)).toMatchObject({ code: 'metadata' });
    expect(classifyUrl('http://[fd00:ec2::254]/', options)).toMatchObject({ code: 'metadata' });
    expect(classifyUrl('http://[fd00:42::42]/', options)).toMatchObject({ code: 'metadata' });
    expect(classifyUrl('http://127.0.0.1/', options)).toMatchObject({ code: 'loopback' });
    expect(classifyUrl('http://169.254.1.1/', options)).toMatchObject({ code: 'link_local' });
  });

  it('lets loopback through with allowLoopback, but not metadata', () => {
    const options = { allowLoopback: true };
    expect(classifyUrl('http://localhost:3000/', options)).toMatchObject({ safe: true, host: 'localhost' });
    expect(classifyUrl('http://[::1]:3000/', options)).toMatchObject({ safe: true, host: '::1' });
    expect(classifyUrl('http://169.254.169.254/', options)).toMatchObject({ code: 'metadata' });
    expect(classifyUrl('http://10.0.0.1/', options)).toMatchObject({ code: 'private' });
  });
});

describe('checkUrl', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const answering =
    (...addresses: string[]): ResolveHost =>
    async () =>
      addresses;

  it('allows a name whose every address is public and returns the addresses to pin', async () => {
    const result = await checkUrl('https://example.com/x', {
      resolve: answering('93.184.216.34', '2606:2800::1'),
    });
    expect(result).toEqual({
      safe: true,
      host: 'example.com',
      url: new URL('https://example.com/x'),
      addresses: ['93.184.216.34', '2606:2800::1'],
    });
  });

  it('blocks a name that resolves to an internal address', async () => {
    expect(await checkUrl('http://127.0.0.1.nip.io/', { resolve: answering('127.0.0.1') })).toEqual({
      safe: false,
      code: 'resolves_internal',
      host: '127.0.0.1.nip.io',
      reason: 'host "127.0.0.1.nip.io" resolves to 127.0.0.1: loopback address 127.0.0.1',
    });
  });

  it('blocks when any one of several addresses is internal [network.dns.internal-answer]', async () => {
    const result = await checkUrl('http://rebind.example/', {
      resolve: answering('1.2.3.4', '169.254.169.254'),
    });
    expect(result).toEqual({
      safe: false,
      code: 'resolves_internal',
      host: 'rebind.example',
      reason: 'host "rebind.example" resolves to 169.254.169.254: cloud metadata address 169.254.169.254',
    });
  });

  it('applies allowPrivate to resolved addresses too', async () => {
    const resolve = answering('10.1.2.3');
    expect(await checkUrl('http://intranet.example.com/', { resolve, allowPrivate: true })).toMatchObject({
      safe: true,
    });
    expect(await checkUrl('http://intranet.example.com/', { resolve })).toMatchObject({
      code: 'resolves_internal',
    });
  });

  it('blocks when the resolver fails, throws, answers nothing, or answers something that is not an address', async () => {
    const rejecting: ResolveHost = async () => {
      throw new Error('getaddrinfo ENOTFOUND nowhere.example');
    };
    const throwing: ResolveHost = () => {
      throw new Error('boom');
    };
    expect(await checkUrl('http://nowhere.example/', { resolve: rejecting })).toEqual({
      safe: false,
      code: 'dns_error',
      host: 'nowhere.example',
      reason: 'resolving "nowhere.example" failed: getaddrinfo ENOTFOUND nowhere.example',
    });
    expect(await checkUrl('http://x.example/', { resolve: throwing })).toMatchObject({ code: 'dns_error' });
    expect(await checkUrl('http://x.example/', { resolve: answering() })).toEqual({
      safe: false,
      code: 'dns_error',
      host: 'x.example',
      reason: 'host "x.example" has no addresses',
    });
    expect(await checkUrl('http://x.example/', { resolve: answering('not-an-ip') })).toMatchObject({
      code: 'dns_error',
    });
  });

  it('blocks at the deadline when the resolver never answers, and aborts its signal [network.dns.internal-answer]', async () => {
    vi.useFakeTimers();
    let seen: AbortSignal | undefined;
    const hanging: ResolveHost = (_host, { signal }) => {
      seen = signal;
      return new Promise(() => {});
    };
    const pending = checkUrl('http://slow.example/', { resolve: hanging });
    await vi.advanceTimersByTimeAsync(250);
    expect(await pending).toEqual({
      safe: false,
      code: 'dns_timeout',
      host: 'slow.example',
      reason: 'resolving "slow.example" took over 250 ms',
    });
    expect(seen?.aborted).toBe(true);
  });

  it('honours a custom deadline', async () => {
    vi.useFakeTimers();
    const pending = checkUrl('http://slow.example/', {
      resolve: () => new Promise(() => {}),
      deadlineMs: 1000,
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(await pending).toMatchObject({
      code: 'dns_timeout',
      reason: 'resolving "slow.example" took over 1000 ms',
    });
  });

  it('blocks when the caller aborts, before or during resolution', async () => {
    const controller = new AbortController();
    const pending = checkUrl('http://slow.example/', {
      resolve: () => new Promise(() => {}),
      signal: controller.signal,
    });
    controller.abort();
    const aborted = {
      safe: false,
      code: 'dns_error',
      host: 'slow.example',
      reason: 'resolving "slow.example" was aborted',
    };
    expect(await pending).toEqual(aborted);
    expect(
      await checkUrl('http://slow.example/', { resolve: answering('1.1.1.1'), signal: controller.signal }),
    ).toEqual(aborted);
  });

  it('does not resolve address literals, statically blocked URLs, or when resolveDns is false', async () => {
    const resolve = vi.fn(answering('127.0.0.1'));
    expect(await checkUrl('https://8.8.8.8/', { resolve })).toMatchObject({ safe: true, host: '8.8.8.8' });
    expect(await checkUrl('http://localhost/', { resolve })).toMatchObject({ code: 'loopback' });
    expect(await checkUrl('https://example.com/', { resolve, resolveDns: false })).toMatchObject({
      safe: true,
    });
    expect(resolve).not.toHaveBeenCalled();
  });

  it('passes the normalised host name to the resolver', async () => {
    const resolve = vi.fn(answering('93.184.216.34'));
    await checkUrl('https://Example.COM./', { resolve });
    expect(resolve).toHaveBeenCalledWith('example.com', { signal: expect.any(AbortSignal) });
  });
});
