import { describe, expect, it } from 'vitest';
import { redact } from '../detectors/redact.ts';
import { createEngine } from '../engine/create-engine.ts';
import { parsePolicy } from '../policy/parse-policy.ts';

const engineWith = (config = '{}') =>
  createEngine({ policy: parsePolicy(`version: 1\nguards:\n  sensitiveData: ${config}\n`) });
const send = (args: Record<string, unknown>) => ({ tool: 'send_email', args, source: 'direct' as const });
const AWS_KEY = 'AKIAZ7RQXW2M4KJ6PLTB';

describe('sensitiveData guard', () => {
  it('redacts secrets, PII and sensitive fields anywhere in the arguments by default [sensitive-data.redact]', async () => {
    const verdict = await engineWith().evaluate(
      send({
        to: 'alice@example.com',
        body: { text: `card 4111 1111 1111 1111, key ${AWS_KEY}`, tags: ['ssn 536-22-8726'] },
        api_token: 'abc',
        count: 3,
      }),
    );
    expect(verdict.effect).toBe('modify');
    expect(verdict.args).toEqual({
      to: '[REDACTED:EMAIL_ADDRESS]',
      body: {
        text: expect.stringMatching(/^card \[REDACTED:CREDIT_CARD\], key \[REDACTED:[A-Z_]+\]$/),
        tags: ['ssn [REDACTED:US_SSN]'],
      },
      api_token: '[REDACTED:SENSITIVE_FIELD]',
      count: 3,
    });
    expect(verdict.reason).not.toContain('4111');
    expect(verdict.reason).toContain('CREDIT_CARD at body.text');
  });

  it('denies or asks instead when configured, naming types and paths but never values [sensitive-data.no-values-in-reasons]', async () => {
    const denied = await engineWith('{ action: deny, pii: [CREDIT_CARD], secrets: false }').evaluate(
      send({ note: 'pay with 378282246310005' }),
    );
    expect(denied.decisions[0]).toEqual({
      effect: 'deny',
      guard: 'sensitiveData',
      code: 'sensitive_data',
      reason: 'Sensitive data in the arguments: CREDIT_CARD at note',
    });
    const asked = await engineWith('{ action: ask }').evaluate(send({ note: `key=${AWS_KEY}` }));
    expect(asked.effect).toBe('ask');
    expect(asked.reason).not.toContain(AWS_KEY);
  });

  it('scans keys, honours custom patterns and the type lists', async () => {
    const engine = engineWith(
      '{ pii: [US_SSN], secrets: false, patterns: [{ name: EMPLOYEE_ID, regex: "EMP-\\\\d{6}" }] }',
    );
    const verdict = await engine.evaluate(
      send({ note: 'for EMP-123456, mail bob@example.com', '536-22-8726': 'x' }),
    );
    expect(verdict.args).toEqual({
      note: 'for [REDACTED:EMPLOYEE_ID], mail bob@example.com',
      '[REDACTED:US_SSN]': 'x',
    });
  });

  it('redacts the value that follows a credential option in an argument list', async () => {
    const run = (args: Record<string, unknown>) => ({ tool: 'shell', args, source: 'direct' as const });
    const verdict = await engineWith().evaluate(
      run({ command: 'mysql', args: ['-u', 'app', '--password', 'N0t-4-r3al!x', '-h', 'db'] }),
    );
    expect(verdict.effect).toBe('modify');
    expect(verdict.args).toEqual({
      command: 'mysql',
      args: ['-u', 'app', '--password', '[REDACTED:GENERIC_SECRET]', '-h', 'db'],
    });
    const docker = await engineWith().evaluate(
      run({
        argv: ['docker', 'login', '-u', 'deploy', '-p', 'Ljc+1lq0U0+c3jHlMHxS', 'registry.example.com'],
      }),
    );
    expect(docker.args).toEqual({
      argv: ['docker', 'login', '-u', 'deploy', '-p', '[REDACTED:GENERIC_SECRET]', 'registry.example.com'],
    });
    // A port after -p, a variable after --token, and secrets turned off are left alone.
    const clean = await engineWith().evaluate(
      run({ argv: ['docker', 'run', '-p', '8080:80', '--token', '$TOKEN'] }),
    );
    expect(clean.effect).toBe('allow');
    const off = await engineWith('{ secrets: false }').evaluate(
      run({ argv: ['login', '--password', 'N0t-4-r3al!x'] }),
    );
    expect(off.effect).toBe('allow');
  });

  it('lets clean arguments through unchanged', async () => {
    const verdict = await engineWith().evaluate(send({ subject: 'Lunch?', body: 'Meet at noon, room 4.' }));
    expect(verdict).toMatchObject({
      effect: 'allow',
      args: { subject: 'Lunch?', body: 'Meet at noon, room 4.' },
    });
  });

  it('rejects malformed configuration', () => {
    expect(() => engineWith('{ pii: [PASSPORT] }')).toThrow('guards.sensitiveData.pii');
    expect(() => engineWith('{ patterns: [{ name: lower, regex: "(" }] }')).toThrow(
      'guards.sensitiveData.patterns[0]',
    );
  });
});

describe('redact()', () => {
  it('redacts tool outputs without changing the input', () => {
    const output = { rows: [{ email: 'a@b.co', password: 'hunter2', note: 'ok' }] };
    const result = redact(output);
    expect(result.value).toEqual({
      rows: [{ email: '[REDACTED:EMAIL_ADDRESS]', password: '[REDACTED:SENSITIVE_FIELD]', note: 'ok' }],
    });
    expect(result.findings).toEqual([
      { type: 'EMAIL_ADDRESS', path: 'rows[0].email' },
      { type: 'SENSITIVE_FIELD', path: 'rows[0].password' },
    ]);
    expect(output.rows[0]?.password).toBe('hunter2');
    expect(redact('call me at +1 415 555 0100').value).toBe('call me at [REDACTED:PHONE_NUMBER]');
  });

  it('reads a value by the key it is under: a phone or SSN field labels the number in it', () => {
    const result = redact({
      customer: { telefon: '0505-83 49 04', mobiles: ['784 815 656'], ssn: '640038066' },
      order: { id: '0505834904', reference: '784 815 656', count: '640038066' },
    });
    expect(result.value).toEqual({
      customer: {
        telefon: '[REDACTED:PHONE_NUMBER]',
        mobiles: ['[REDACTED:PHONE_NUMBER]'],
        ssn: '[REDACTED:US_SSN]',
      },
      order: { id: '0505834904', reference: '784 815 656', count: '640038066' },
    });
  });

  it('returns a copy that shares nothing with the input, whether or not anything was found', () => {
    const clean = { meta: { tags: ['a'] }, list: [{ n: 1 }] };
    const copy = redact(clean).value;
    expect(copy).toEqual(clean);
    expect(copy).not.toBe(clean);
    expect(copy.meta.tags).not.toBe(clean.meta.tags);
    expect(copy.list[0]).not.toBe(clean.list[0]);

    const mixed = { meta: { tags: ['a'] }, list: [{ n: 1 }, { to: 'a@b.co' }], ['__proto__']: { x: 1 } };
    const redacted = redact(mixed).value;
    expect(redacted.list[1]).toEqual({ to: '[REDACTED:EMAIL_ADDRESS]' });
    expect(redacted.meta).toEqual(mixed.meta);
    expect(redacted.meta).not.toBe(mixed.meta);
    expect(redacted.list[0]).not.toBe(mixed.list[0]);
    expect(Object.hasOwn(redacted, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
  });

  it('redacts an item of an array whose later items nest too deep to scan, without overflowing', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const { value, findings } = redact(['a@b.co', deep]);
    expect(value).toEqual(['[REDACTED:EMAIL_ADDRESS]', [expect.anything()]]);
    expect(findings.map((f) => f.type)).toEqual(['EMAIL_ADDRESS', 'UNSCANNED']);
  });

  it('names where each finding is: nested values, keys, array items and the value itself', () => {
    const { findings } = redact({ a: [{ 'jane@example.com': 'x' }, 'card 4111 1111 1111 1111'] });
    expect(findings).toEqual([
      { type: 'EMAIL_ADDRESS', path: 'a[0].jane@example.com{key}' },
      { type: 'CREDIT_CARD', path: 'a[1]' },
    ]);
    expect(redact({ 'jane@example.com': 1 }).findings).toEqual([
      { type: 'EMAIL_ADDRESS', path: 'jane@example.com{key}' },
    ]);
    expect(redact('jane@example.com').findings).toEqual([{ type: 'EMAIL_ADDRESS', path: '' }]);
  });
});
