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

  it('knows a sensitive field by its name with a value suffix, and in name-value pairs', async () => {
    const verdict = await engineWith().evaluate(
      send({
        password_1: 'hunter2',
        passwordConfirm: 'hunter2',
        token2: 'abc',
        form: [
          { name: 'password', value: 'letmein' },
          { name: 'email', value: 'kept' },
        ],
        headers: [
          ['Authorization', 'Basic dXNlcjpwYXNz'],
          ['Accept', 'application/json'],
        ],
        columns: ['password', 'email'],
        tokenizer: 'cl100k',
        max_tokens: 256,
        secret_name: 'prod-db',
      }),
    );
    expect(verdict.args).toEqual({
      password_1: '[REDACTED:SENSITIVE_FIELD]',
      passwordConfirm: '[REDACTED:SENSITIVE_FIELD]',
      token2: '[REDACTED:SENSITIVE_FIELD]',
      form: [
        { name: 'password', value: '[REDACTED:SENSITIVE_FIELD]' },
        { name: 'email', value: 'kept' },
      ],
      headers: [
        ['Authorization', '[REDACTED:SENSITIVE_FIELD]'],
        ['Accept', 'application/json'],
      ],
      columns: ['password', 'email'],
      tokenizer: 'cl100k',
      max_tokens: 256,
      secret_name: 'prod-db',
    });
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
    const number = await engineWith('{ action: deny, pii: [CREDIT_CARD], secrets: false }').evaluate(
      send({ card: 378282246310005 }),
    );
    expect(number.decisions[0]).toMatchObject({
      effect: 'deny',
      reason: expect.stringContaining('CREDIT_CARD at card'),
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

  it('reads integers of 7 digits or more as their digits, and replaces one that holds a finding whole', () => {
    const result = redact({
      payment: { card: 4111111111111111, amount: 1500000, currency: 'USD' },
      customer: { ssn: 640038066, mobile: 4155550123, zip: 94105 },
      order: { id: 1732255200000, count: 640038066, ratio: 4111111111111111.5, big: 378282246310005n },
    });
    expect(result.value).toEqual({
      payment: { card: '[REDACTED:CREDIT_CARD]', amount: 1500000, currency: 'USD' },
      customer: { ssn: '[REDACTED:US_SSN]', mobile: '[REDACTED:PHONE_NUMBER]', zip: 94105 },
      order: {
        id: 1732255200000,
        count: 640038066,
        ratio: 4111111111111111.5,
        big: '[REDACTED:CREDIT_CARD]',
      },
    });
    expect(result.findings.map((f) => f.path)).toEqual([
      'payment.card',
      'customer.ssn',
      'customer.mobile',
      'order.big',
    ]);
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
      { type: 'EMAIL_ADDRESS', path: 'a[0].[REDACTED:EMAIL_ADDRESS]{key}' },
      { type: 'CREDIT_CARD', path: 'a[1]' },
    ]);
    expect(redact({ 'jane@example.com': 1 }).findings).toEqual([
      { type: 'EMAIL_ADDRESS', path: '[REDACTED:EMAIL_ADDRESS]{key}' },
    ]);
    expect(redact('jane@example.com').findings).toEqual([{ type: 'EMAIL_ADDRESS', path: '' }]);
  });
});

const TOKEN = 'ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d';

describe('sensitiveData guard and redact(): keys that hold findings', () => {
  it('shows a key that holds a finding redacted in every path, in all three actions [sensitive-data.no-values-in-reasons]', async () => {
    const args = { headers: { [TOKEN]: 'x', [`Bearer ${TOKEN}`]: { to: 'jane.doe@example.com' } } };
    const redacted = await engineWith().evaluate(send(args));
    expect(redacted.reason).toBe(
      'Redacted GITHUB_TOKEN at headers.[REDACTED:GITHUB_TOKEN]{key}, ' +
        'GITHUB_TOKEN at headers.Bearer [REDACTED:GITHUB_TOKEN]{key}, ' +
        'EMAIL_ADDRESS at headers.Bearer [REDACTED:GITHUB_TOKEN].to',
    );
    for (const action of ['deny', 'ask']) {
      const verdict = await engineWith(`{ action: ${action} }`).evaluate(send(args));
      expect(verdict.reason).toContain('GITHUB_TOKEN at headers.[REDACTED:GITHUB_TOKEN]{key}');
      expect(JSON.stringify(verdict.decisions)).not.toContain('u8jz');
    }
    // Keys left unscanned are still shown redacted in the path of what lies below them.
    const unscanned = await engineWith('{ action: deny, scanKeys: false }').evaluate(send(args));
    expect(unscanned.reason).toBe(
      'Sensitive data in the arguments: EMAIL_ADDRESS at headers.Bearer [REDACTED:GITHUB_TOKEN].to',
    );
  });

  it('reports the same paths from redact()', () => {
    const { value, findings } = redact({
      m: new Map([[TOKEN, 'v']]),
      o: { [TOKEN]: ['jane.doe@example.com'] },
    });
    expect(findings).toEqual([
      { type: 'GITHUB_TOKEN', path: 'm.[REDACTED:GITHUB_TOKEN]{key}' },
      { type: 'GITHUB_TOKEN', path: 'o.[REDACTED:GITHUB_TOKEN]{key}' },
      { type: 'EMAIL_ADDRESS', path: 'o.[REDACTED:GITHUB_TOKEN][0]' },
    ]);
    expect(value).toEqual({
      m: '[REDACTED:GITHUB_TOKEN]',
      o: { '[REDACTED:GITHUB_TOKEN]': ['[REDACTED:EMAIL_ADDRESS]'] },
    });
  });
});

describe('sensitiveData guard and redact(): values that are not plain data', () => {
  class Client {
    token = TOKEN;
  }
  class Serialised {
    toJSON() {
      return { auth: `Bearer ${TOKEN}` };
    }
  }

  it('reads what the tool sees and replaces a value that holds a finding as a whole', () => {
    const { value, findings } = redact({
      c: new Client(),
      m: new Map<unknown, unknown>([
        ['k', TOKEN],
        [1, 'ok'],
      ]),
      s: new Set(['a', 'jane.doe@example.com']),
      b: Buffer.from(`key ${TOKEN}`),
      bytes: new TextEncoder().encode('ssn 536-22-8745'),
      str: new String(TOKEN),
      u: new URL(`https://x.com/?t=${TOKEN}`),
      j: { toJSON: () => TOKEN, note: 'ok' },
      k: new Serialised(),
    });
    expect(value).toEqual({
      c: '[REDACTED:SENSITIVE_FIELD]',
      m: '[REDACTED:GITHUB_TOKEN]',
      s: '[REDACTED:EMAIL_ADDRESS]',
      b: '[REDACTED:GITHUB_TOKEN]',
      bytes: '[REDACTED:US_SSN]',
      str: '[REDACTED:GITHUB_TOKEN]',
      u: '[REDACTED:GITHUB_TOKEN]',
      j: '[REDACTED:GITHUB_TOKEN]',
      k: '[REDACTED:GITHUB_TOKEN]',
    });
    expect(findings.map((f) => `${f.type} ${f.path}`)).toEqual([
      'SENSITIVE_FIELD c.token',
      'GITHUB_TOKEN m.k',
      'EMAIL_ADDRESS s[1]',
      'GITHUB_TOKEN b',
      'US_SSN bytes',
      'GITHUB_TOKEN str',
      'GITHUB_TOKEN u',
      'GITHUB_TOKEN j',
      'GITHUB_TOKEN k.auth',
    ]);
  });

  it('keeps clean values that are not plain data as they are', () => {
    const date = new Date(0);
    const map = new Map([['k', 'v']]);
    const { value, findings } = redact({
      date,
      map,
      bytes: Buffer.from('hello'),
      url: new URL('https://x.com/'),
    });
    expect(findings).toEqual([]);
    expect(value.date).toBe(date);
    expect(value.map).toBe(map);
  });

  it('treats what cannot be read as UNSCANNED and leaves the rest', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const throwing = {
      toJSON() {
        throw new Error('no');
      },
    };
    const { value, findings } = redact({
      getter: Object.defineProperty({}, 'a', {
        enumerable: true,
        get() {
          throw new Error('no');
        },
      }),
      proxy,
      throwing,
      ok: 'fine',
    });
    expect(value).toEqual({
      getter: '[REDACTED:UNSCANNED]',
      proxy: '[REDACTED:UNSCANNED]',
      throwing: '[REDACTED:UNSCANNED]',
      ok: 'fine',
    });
    expect(findings).toEqual([
      { type: 'UNSCANNED', path: 'getter' },
      { type: 'UNSCANNED', path: 'proxy' },
      { type: 'UNSCANNED', path: 'throwing' },
    ]);
  });

  it('denies, asks and redacts values the tool would read [sensitive-data.redact]', async () => {
    const args = { client: new Client(), data: Buffer.from(TOKEN) };
    const redacted = await engineWith().evaluate(send(args));
    expect(redacted.effect).toBe('modify');
    expect(redacted.args).toEqual({ client: '[REDACTED:SENSITIVE_FIELD]', data: '[REDACTED:GITHUB_TOKEN]' });
    const denied = await engineWith('{ action: deny }').evaluate(send({ m: new Map([['k', TOKEN]]) }));
    expect(denied.decisions[0]).toMatchObject({
      effect: 'deny',
      reason: expect.stringContaining('GITHUB_TOKEN at m.k'),
    });
    const asked = await engineWith('{ action: ask }').evaluate(send({ s: new String(TOKEN) }));
    expect(asked.effect).toBe('ask');
  });
});

describe('sensitiveData guard and redact(): work bound', () => {
  const shared = (leaf: unknown, levels: number) => {
    let value = leaf;
    for (let i = 0; i < levels; i++) value = { a: value, b: value };
    return value;
  };

  it('stops after 100,000 values and fails closed', () => {
    const { value, findings } = redact({ graph: shared('plain', 20) });
    expect(value).toBe('[REDACTED:UNSCANNED]');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.type).toBe('UNSCANNED');
    // Below the bound, shared references are read wherever they occur.
    expect(redact({ graph: shared('jane.doe@example.com', 3) }).findings).toHaveLength(8);
  });

  it('stops after 16 Mi code units of text', () => {
    const text = 'a'.repeat(4 * 1024 * 1024);
    const { value, findings } = redact([text, text, text, text, 'x']);
    expect(value).toBe('[REDACTED:UNSCANNED]');
    expect(findings).toEqual([{ type: 'UNSCANNED', path: '[4]' }]);
  });

  it('denies a call whose arguments are past the bound in every action', async () => {
    for (const action of ['redact', 'deny']) {
      const verdict = await engineWith(`{ action: ${action} }`).evaluate(
        send({ graph: shared('plain', 20) }),
      );
      expect(verdict.decisions[0]).toMatchObject({
        effect: 'deny',
        reason: expect.stringMatching(/^Sensitive data in the arguments: UNSCANNED at graph(\.[ab])+$/),
      });
    }
  });
});
