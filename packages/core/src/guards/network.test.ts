import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import type { Resolver } from '../guard.ts';
import { parsePolicy } from '../policy/parse-policy.ts';

const engineWith = (config = '{}', resolve?: Resolver) =>
  createEngine({
    policy: parsePolicy(`version: 1\nguards:\n  network: ${config}\n`),
    ...(resolve ? { resolve } : {}),
  });
const metadataUrl = 'http://169.254.169.254/latest/meta-data/';
const fetchCall = (args: Record<string, unknown>) => ({ tool: 'fetch_url', args, source: 'direct' as const });

describe('network guard', () => {
  it('finds URLs anywhere in the arguments and blocks internal targets in every notation [network.ssrf.decimal-ip] [network.ssrf.ipv6-mapped] [network.ssrf.cloud-metadata]', async () => {
    const engine = engineWith();
    for (const url of [
      'http://127.1/',
      'http://2130706433/',
      'http://[::ffff:127.0.0.1]/',
      'http://169.254.169.254/latest/meta-data/',
      'http://metadata.google.internal./',
      'file:///etc/passwd',
    ]) {
      expect((await engine.evaluate(fetchCall({ url }))).effect, url).toBe('deny');
    }
    const nested = await engine.evaluate(
      fetchCall({ request: { headers: {}, targets: ['see http://10.0.0.5:8080/admin now'] } }),
    );
    expect(nested.decisions[0]).toMatchObject({ effect: 'deny', code: 'ssrf_private' });
    expect(nested.reason).toContain('request.targets[0]');
    expect(
      (await engine.evaluate(fetchCall({ url: 'https://example.com/docs?next=https://example.org/' })))
        .effect,
    ).toBe('allow');
    expect(
      (await engine.evaluate(fetchCall({ to: 'mailto:ops@example.com', note: 'no links here' }))).effect,
    ).toBe('allow');
  });

  it('honours allowDomains, denyDomains, allowSchemes and named url arguments [network.domains]', async () => {
    const engine = engineWith(
      '{ urlArgs: [target], allowDomains: ["*.example.com"], denyDomains: [evil.example.com], allowSchemes: [https] }',
    );
    expect((await engine.evaluate(fetchCall({ target: 'https://api.example.com/v1' }))).effect).toBe('allow');
    expect((await engine.evaluate(fetchCall({ target: 'api.example.com/v1' }))).decisions[0]).toMatchObject({
      code: 'ssrf_scheme',
    });
    expect(
      (await engine.evaluate(fetchCall({ target: 'https://evil.example.com' }))).decisions[0],
    ).toMatchObject({ code: 'ssrf_denied_domain' });
    expect((await engine.evaluate(fetchCall({ target: 'https://other.org' }))).decisions[0]).toMatchObject({
      code: 'ssrf_not_allowed_domain',
    });
    expect((await engine.evaluate(fetchCall({ other: 'http://127.0.0.1' }))).effect).toBe('allow');
  });

  it('lets private addresses through only with denyPrivate: false', async () => {
    expect(
      (await engineWith('{ denyPrivate: false }').evaluate(fetchCall({ url: 'http://10.1.2.3/' }))).effect,
    ).toBe('allow');
    expect(
      (await engineWith('{ denyPrivate: false }').evaluate(fetchCall({ url: 'http://127.0.0.1/' }))).effect,
    ).toBe('deny');
  });

  it('resolves names and blocks internal answers; a DNS failure denies [network.dns.internal-answer]', async () => {
    const resolve: Resolver = async (host) => {
      if (host === 'public.test') return ['93.184.216.34'];
      if (host === 'rebind.test') return ['93.184.216.34', '10.0.0.1'];
      throw new Error('ENOTFOUND');
    };
    const engine = engineWith('{ resolveDns: true }', resolve);
    expect((await engine.evaluate(fetchCall({ url: 'http://public.test/' }))).effect).toBe('allow');
    expect((await engine.evaluate(fetchCall({ url: 'http://rebind.test/' }))).decisions[0]).toMatchObject({
      code: 'ssrf_resolves_internal',
    });
    expect((await engine.evaluate(fetchCall({ url: 'http://missing.test/' }))).decisions[0]).toMatchObject({
      code: 'ssrf_dns_error',
    });
  });

  it('reads a string as the URL parser does: control characters at the ends, tabs and newlines anywhere', async () => {
    const engine = engineWith();
    for (const url of [
      'ht\ttp:\\\\169.254.169.254\\latest\\meta-data',
      'http\n:169.254.169.254/latest/meta-data/',
      '\x01http:169.254.169.254/latest/',
      '\x1fhttps:/169.254.169.254/latest/',
      'h\rttp:/169.254.169.254/',
      'see http\n://169.254.169.254/latest/ first',
      'see http://169.254.\n169.254/latest/ first',
      'see http://metadata.google.\ninternal/ first',
    ]) {
      expect((await engine.evaluate(fetchCall({ url }))).effect, JSON.stringify(url)).toBe('deny');
    }
    expect(
      (
        await engine.evaluate(
          fetchCall({ text: 'Docs:\nhttps://example.com\nThanks,\nhttps://example.org/a' }),
        )
      ).effect,
    ).toBe('allow');
  });

  it('denies arguments nested deeper than it can read, naming where', async () => {
    const engine = engineWith();
    let objects: unknown = metadataUrl;
    for (let i = 0; i < 65; i++) objects = { a: objects };
    let arrays: unknown = metadataUrl;
    for (let i = 0; i < 70; i++) arrays = [arrays];
    const deepObjects = await engine.evaluate(fetchCall({ body: objects }));
    expect(deepObjects.decisions[0]).toMatchObject({ effect: 'deny', code: 'ssrf_too_deep' });
    expect(deepObjects.reason).toContain(`body${'.a'.repeat(63)}`);
    expect((await engine.evaluate(fetchCall({ body: arrays }))).decisions[0]).toMatchObject({
      effect: 'deny',
      code: 'ssrf_too_deep',
    });
    const named = engineWith('{ urlArgs: [url] }');
    expect((await named.evaluate(fetchCall({ url: arrays }))).decisions[0]).toMatchObject({
      code: 'ssrf_too_deep',
    });
    let shallow: unknown = 'https://example.com/';
    for (let i = 0; i < 60; i++) shallow = { a: shallow };
    expect((await engine.evaluate(fetchCall({ body: shallow }))).effect).toBe('allow');
  });

  it('checks every URL in a string, those inside another URL too [network.ssrf.embedded]', async () => {
    const engine = engineWith();
    for (const text of [
      `https://example.com/\n${metadataUrl}`,
      `https://example.com/ ${metadataUrl}`,
      `https://example.com/,${metadataUrl}`,
      'https://example.com/?u=http://127.0.0.1/',
      'https://example.com/?u=http%3A%2F%2F127.0.0.1%2F',
      'https://example.com/go/https://10.0.0.1/admin',
    ]) {
      expect((await engine.evaluate(fetchCall({ text }))).effect, text).toBe('deny');
    }
    const nested = await engine.evaluate(fetchCall({ text: 'https://example.com/?u=http://127.0.0.1/' }));
    expect(nested.decisions[0]).toMatchObject({ code: 'ssrf_loopback' });
    expect(nested.reason).toContain('inside other text or another URL');
    // A URL inside another is a redirect target at most: its scheme and the allow-list do not apply.
    const allowList = engineWith('{ allowDomains: ["*.example.com"] }');
    for (const text of [
      'https://api.example.com/login?redirect_uri=myapp://callback',
      'https://api.example.com/?next=https://other.org/',
    ]) {
      expect((await allowList.evaluate(fetchCall({ text }))).effect, text).toBe('allow');
    }
    expect(
      (await allowList.evaluate(fetchCall({ text: 'https://api.example.com/, https://other.org/' }))).effect,
    ).toBe('deny');
  });

  it('resolves every URL in a string', async () => {
    const resolve: Resolver = async (host) => (host === 'b.example.net' ? ['127.0.0.1'] : ['93.184.216.34']);
    const engine = engineWith('{ resolveDns: true }', resolve);
    const both = await engine.evaluate(fetchCall({ text: 'https://a.example.net/ https://b.example.net/' }));
    expect(both.decisions[0]).toMatchObject({ effect: 'deny', code: 'ssrf_resolves_internal' });
    expect(
      (await engine.evaluate(fetchCall({ text: 'https://a.example.net/?u=https://b.example.net/' }))).effect,
    ).toBe('deny');
    expect(
      (await engine.evaluate(fetchCall({ text: 'https://a.example.net/ https://c.example.net/' }))).effect,
    ).toBe('allow');
  });

  it('reads host:port strings as http URLs and unix: as a socket, and leaves times and labels alone', async () => {
    const engine = engineWith();
    for (const text of [
      'localhost:3000/admin',
      'localhost:3000',
      'metadata.google.internal:80/computeMetadata/v1/',
      '10.0.0.5:8080',
      '[::1]:8080/',
      'jenkins:8080/script',
      'unix:/var/run/docker.sock',
    ]) {
      expect((await engine.evaluate(fetchCall({ text }))).effect, text).toBe('deny');
    }
    expect(
      (await engine.evaluate(fetchCall({ text: 'unix:/var/run/docker.sock' }))).decisions[0],
    ).toMatchObject({
      code: 'ssrf_scheme',
    });
    for (const text of [
      'note: 10',
      'Subject: hi',
      'ratio 3:2',
      '12:30',
      '12:30:45',
      'id:42',
      'C:\\Users\\me',
      'C:/Users/me',
      'src/index.ts:42:7',
      'main.py:10',
      'Data: 5',
      'Unix: a family of systems',
      'mailto:ops@example.com',
    ]) {
      expect((await engine.evaluate(fetchCall({ text }))).effect, text).toBe('allow');
    }
  });

  it('checks URLs in object keys', async () => {
    const engine = engineWith();
    const inHeaders = await engine.evaluate(fetchCall({ headers: { [metadataUrl]: 'x' } }));
    expect(inHeaders.decisions[0]).toMatchObject({ effect: 'deny', code: 'ssrf_metadata' });
    expect(inHeaders.reason).toContain('a key of headers');
    expect((await engine.evaluate(fetchCall({ [metadataUrl]: true }))).effect).toBe('deny');
    expect((await engine.evaluate(fetchCall({ headers: { 'content-type': 'text/plain' } }))).effect).toBe(
      'allow',
    );
  });

  it('decodes JSON escapes, HTML character references and backslashes before looking', async () => {
    const engine = engineWith();
    for (const text of [
      '{"url":"http:\\/\\/169.254.169.254\\/latest\\/meta-data\\/"}',
      '{"url":"http\\u003a//169.254.169.254/"}',
      '<a href="http&#58;//169.254.169.254/">',
      '<img src="http:&#x2F;&#x2F;169.254.169.254/">',
      '<a href="http&colon;&sol;&sol;127.0.0.1/">',
      'visit http:\\\\127.0.0.1\\ now',
    ]) {
      expect((await engine.evaluate(fetchCall({ text }))).effect, text).toBe('deny');
    }
    for (const text of [
      '{"url":"https:\\/\\/example.com\\/a"}',
      '<a href="https&#58;//example.com/">',
      'AT&amp;T costs 50%',
    ]) {
      expect((await engine.evaluate(fetchCall({ text }))).effect, text).toBe('allow');
    }
  });

  it('reads the strings inside named arguments and denies values that cannot be URLs', async () => {
    const engine = engineWith('{ urlArgs: [url] }');
    for (const url of [
      ['http://127.0.0.1/'],
      [['https://example.com/', 'localhost/admin']],
      { href: 'http://127.0.0.1/' },
      { request: { target: metadataUrl, method: 'GET' } },
    ]) {
      expect((await engine.evaluate(fetchCall({ url }))).effect, JSON.stringify(url)).toBe('deny');
    }
    expect((await engine.evaluate(fetchCall({ url: 2130706433 }))).decisions[0]).toMatchObject({
      effect: 'deny',
      code: 'ssrf_invalid_url',
    });
    expect((await engine.evaluate(fetchCall({ url: true }))).effect).toBe('deny');
    for (const url of [
      ['https://example.com/', 'example.org/a'],
      { href: 'https://example.com/', method: 'GET' },
      null,
    ]) {
      expect((await engine.evaluate(fetchCall({ url }))).effect, JSON.stringify(url)).toBe('allow');
    }
    expect((await engine.evaluate(fetchCall({ url: 'localhost:3000/admin' }))).decisions[0]).toMatchObject({
      code: 'ssrf_loopback',
    });
  });

  it('rejects malformed configuration', () => {
    expect(() => engineWith('{ allowSchemes: [HTTP] }')).toThrow('guards.network.allowSchemes[0]');
    expect(() => engineWith('{ urlArgs: [] }')).toThrow('guards.network.urlArgs');
  });
});
