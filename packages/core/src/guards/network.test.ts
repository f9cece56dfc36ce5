import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import type { Resolver } from '../guard.ts';
import { parsePolicy } from '../policy/parse-policy.ts';

const engineWith = (config = '{}', resolve?: Resolver) =>
  createEngine({
    policy: parsePolicy(`version: 1\nguards:\n  network: ${config}\n`),
    ...(resolve ? { resolve } : {}),
  });
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
      (await engine.evaluate(fetchCall({ url: 'https://example.com/docs?next=http://127.0.0.1' }))).effect,
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

  it('rejects malformed configuration', () => {
    expect(() => engineWith('{ allowSchemes: [HTTP] }')).toThrow('guards.network.allowSchemes[0]');
    expect(() => engineWith('{ urlArgs: [] }')).toThrow('guards.network.urlArgs');
  });
});
