import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyValidationError } from '../errors/policy-validation-error.ts';
import { PortcullisError } from '../errors/portcullis-error.ts';
import { loadPolicy } from './load-policy.ts';
import { definePolicy, parsePolicy } from './parse-policy.ts';
import { policyJsonSchema } from './policy-json-schema.ts';

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyValidationError);
    return (error as PolicyValidationError).issues;
  }
  throw new Error('expected a PolicyValidationError');
}

describe('parsePolicy', () => {
  it('applies defaults to a minimal policy', () => {
    expect(parsePolicy({ version: 1 })).toEqual({
      version: 1,
      defaults: { effect: 'allow', failMode: 'closed', deadlineMs: 250, approvalTimeoutMs: 300_000 },
      audit: { includeArgs: false, required: false },
      guards: {},
      rules: [],
    });
  });

  it('names the bad path and the line in YAML [policy.errors.path-and-line]', () => {
    const issues = issuesOf(() =>
      parsePolicy(
        [
          'version: 1',
          'guards:',
          '  scope:',
          '    allow:',
          '      - search_*',
          '      - get_*',
          '      - 42',
        ].join('\n'),
        { source: 'policy.yaml' },
      ),
    );
    expect(issues).toEqual([
      { path: 'guards.scope.allow[2]', message: 'expected string, received number', line: 7, column: 9 },
    ]);
  });

  it('lists every problem at once, in a message naming the source [policy.errors.path-and-line]', () => {
    const text = [
      'version: 2',
      'defaults: { deadlineMs: "10ms", effect: maybe }',
      'guards:',
      '  budgett: {}',
      'rules:',
      '  - name: r',
      '    effect: deny',
      '    when: { amount: { gt: "1000$" }, "items[": 1 }',
      '  - name: r',
      '    effect: deny',
      '    when: { to: { matches: "(" } }',
      '    time: { between: ["09:00", "25:00"], timezone: Mars/Olympus }',
    ].join('\n');
    let error: PolicyValidationError | undefined;
    try {
      parsePolicy(text, { source: 'bad.yaml' });
    } catch (e) {
      error = e as PolicyValidationError;
    }
    expect(error?.issues.map((i) => `${i.path} @${i.line}: ${i.message}`)).toEqual([
      'version @1: expected 1, received number',
      'defaults.effect @2: expected "allow" | "deny" | "ask", received string "maybe"',
      'defaults.deadlineMs @2: expected number, received string "10ms"',
      'guards.budgett @4: unknown key (not in the policy schema)',
      'rules[0].when.amount.gt @8: expected number, received string "1000$"',
      'rules[0].when["items["] @8: invalid path "items[": unclosed "["',
      'rules[1].when.to.matches @11: invalid regular expression: Invalid regular expression: /(/u: Unterminated group',
      'rules[1].time.between[1] @12: expected a time of day as "HH:MM" (00:00–23:59)',
      'rules[1].time.timezone @12: unknown time zone "Mars/Olympus" (expected an IANA name such as "Europe/Berlin")',
      'rules[1].name @9: duplicate rule name "r" (also rules[0])',
    ]);
    expect(error?.message.split('\n')[0]).toBe('Invalid policy (bad.yaml):');
    expect(error?.message).toContain('  guards.budgett (line 4): unknown key (not in the policy schema)');
    expect(PortcullisError.isInstance(error)).toBe(true);
    expect(error?.code).toBe('policy_invalid');
  });

  it('reports a missing required key at its parent', () => {
    expect(issuesOf(() => parsePolicy('version: 1\nrules:\n  - name: x\n'))).toEqual([
      {
        path: 'rules[0].effect',
        message: 'expected "deny" | "ask" | "allow", but it is missing',
        line: 3,
        column: 5,
      },
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const issues = issuesOf(() => parsePolicy('version: 1\nguards:\n  scope: { allow: [a, b }\n'));
    expect(issues[0]?.message).toMatch(/^syntax error: /);
    expect(issues[0]?.line).toBe(3);
  });

  it('validates TypeScript policies the same way [policy.formats.yaml-json-ts]', () => {
    expect(definePolicy({ version: 1, guards: { scope: { deny: ['drop_*'] } } }).guards.scope?.deny).toEqual([
      'drop_*',
    ]);
    expect(
      issuesOf(() => definePolicy({ version: 1, rules: [{ name: 'x', effect: 'nope' as 'deny' }] })),
    ).toEqual([
      { path: 'rules[0].effect', message: 'expected "deny" | "ask" | "allow", received string "nope"' },
    ]);
  });

  it('reports a condition with no test', () => {
    expect(
      issuesOf(() => parsePolicy({ version: 1, rules: [{ name: 'x', effect: 'deny', when: { a: {} } }] })),
    ).toEqual([
      {
        path: 'rules[0].when.a',
        message:
          'expected at least one test (eq, ne, gt, gte, lt, lte, in, notIn, matches, contains, containsAny, exists)',
      },
    ]);
  });
});

describe('loadPolicy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-policy-'));

  it('loads YAML, JSON and TypeScript files [policy.formats.yaml-json-ts]', async () => {
    writeFileSync(join(dir, 'p.yaml'), 'version: 1\nguards: { scope: { deny: [drop_*] } }\n');
    writeFileSync(join(dir, 'p.json'), JSON.stringify({ version: 1, rules: [{ name: 'r', effect: 'ask' }] }));
    writeFileSync(
      join(dir, 'p.ts'),
      `import { definePolicy } from '${new URL('./parse-policy.ts', import.meta.url).pathname}';\nexport default definePolicy({ version: 1, defaults: { effect: 'deny' } });\n`,
    );
    expect((await loadPolicy(join(dir, 'p.yaml'))).guards.scope?.deny).toEqual(['drop_*']);
    expect((await loadPolicy(join(dir, 'p.json'))).rules[0]?.effect).toBe('ask');
    expect((await loadPolicy(join(dir, 'p.ts'))).defaults.effect).toBe('deny');
  });

  it('names the file in errors [policy.errors.path-and-line]', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'version: 1\ndefaults:\n  failMode: sometimes\n');
    await expect(loadPolicy(join(dir, 'bad.yaml'))).rejects.toThrow(
      `Invalid policy (${join(dir, 'bad.yaml')}):\n  defaults.failMode (line 3): expected "closed" | "open", received string "sometimes"`,
    );
    await expect(loadPolicy(join(dir, 'missing.yaml'))).rejects.toMatchObject({ code: 'policy_unreadable' });
  });
});

describe('policy.schema.json', () => {
  it('is the JSON Schema generated from the zod schema (run `pnpm generate:schema` when this fails)', () => {
    const committed = readFileSync(new URL('../../policy.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(`${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
  });

  it('describes the guards and rules for editors', () => {
    const schema = policyJsonSchema() as {
      properties: Record<string, { properties?: Record<string, unknown> }>;
    };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['version', 'defaults', 'guards', 'rules', 'audit']),
    );
    expect(Object.keys(schema.properties['guards']?.properties ?? {})).toContain('scope');
  });
});
