import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectSecrets } from './detect-secrets.ts';
import { SECRET_TYPES } from './secret-types.ts';

const shown = (text: string, types?: readonly string[]) =>
  detectSecrets(text, types ? { types } : {}).map((f) => [f.type, text.slice(f.start, f.end)]);

const GITHUB = 'ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d';
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VybmFtZTpib2IifQ.HcfCW67Uda-0gz54ZWTqmtgJnZeNem0Q757eTa9EZuw';

describe('detectSecrets', () => {
  it('reports a prefixed token by its provider type, not as the generic assignment it also is', () => {
    expect(detectSecrets(`export GITHUB_TOKEN=${GITHUB}`)).toEqual([
      { type: 'GITHUB_TOKEN', start: 20, end: 60, confidence: 0.95 },
    ]);
  });

  it('finds several secrets in one tool-call argument, sorted and without overlaps', () => {
    const args = JSON.stringify({
      headers: { Authorization: `Bearer ${JWT}` },
      env: { DB_URL: 'postgres://app:Xk9vQ2mLp7@db:5432/app', AWS_ACCESS_KEY_ID: 'AKIAZ7Q2XPL4MNB6VWRT' },
      note: `rotate ${GITHUB} next week`,
    });
    expect(shown(args)).toEqual([
      ['JWT', JWT],
      ['BASIC_AUTH', 'Xk9vQ2mLp7'],
      ['AWS_ACCESS_KEY_ID', 'AKIAZ7Q2XPL4MNB6VWRT'],
      ['GITHUB_TOKEN', GITHUB],
    ]);
  });

  it('reports only the requested types', () => {
    expect(shown(`a=${GITHUB} b=AKIAZ7Q2XPL4MNB6VWRT`, ['AWS_ACCESS_KEY_ID'])).toEqual([
      ['AWS_ACCESS_KEY_ID', 'AKIAZ7Q2XPL4MNB6VWRT'],
    ]);
  });

  it('ignores placeholders in every detector', () => {
    const text = [
      'GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'aws_access_key_id: AKIAIOSFODNN7EXAMPLE',
      `api_key = "\${API_KEY}"`,
      'password: changeme',
      'curl -u user:password https://x.test',
      'Authorization: Bearer <token>',
      'DATABASE_URL=postgres://user:password@localhost/db',
    ].join('\n');
    expect(detectSecrets(text)).toEqual([]);
  });

  it('finds nothing in ordinary tool-call arguments', () => {
    const args = JSON.stringify({
      query: 'quarterly report for the customer success team',
      path: '/home/user/projects/portcullis/README.md',
      created_at: '2024-05-11T10:20:00Z',
      limit: 50,
      commit: '9a038989604e8da62ecddbe2094b16ce1b778be1',
      id: '0736f5ef-7e88-499a-80cc-90c85d2a5180',
    });
    expect(detectSecrets(args)).toEqual([]);
  });

  it('names every type once, in upper snake case', () => {
    expect(new Set(SECRET_TYPES).size).toBe(SECRET_TYPES.length);
    expect(SECRET_TYPES.every((t) => /^[A-Z][A-Z0-9_]*$/.test(t))).toBe(true);
  });

  it('finds nothing in short text without a space, colon, equals sign, comma or <, with or without the shortcut', () => {
    const char = fc.constantFrom(...'aZk9_-./+~@!#$%^&*()[]{}|;?"\'`AKIAghpsk');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 15 }), (chars) => {
        const text = chars.join('');
        expect(detectSecrets(text)).toEqual([]);
        // A trailing newline turns the shortcut off; the detectors still find nothing.
        expect(detectSecrets(`${text}\n`)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
    expect(shown('tok=ghp_a1B2c3D4')).toEqual([]);
    expect(shown(`t=${GITHUB}`)).toEqual([['GITHUB_TOKEN', GITHUB]]);
  });

  it('finds secrets in .NET settings, Kubernetes bootstrap tokens and variables with a sigil', () => {
    const found = (text: string) => detectSecrets(text).map((f) => text.slice(f.start, f.end));
    expect(found('<add key="SmtpPassword" value="Prestigitariu$"/>')).toEqual(['Prestigitariu$']);
    expect(found('<add key="SmtpHost" value="smtp.example.com"/>')).toEqual([]);
    expect(found('BOOTSTRAP_TOKEN: "be8dfd.da8a689a46edc282"')).toEqual(['be8dfd.da8a689a46edc282']);
    expect(found('$sonarLogin = "4924be8f51f3e738c97db2c4ace51db7e938f28b"')).toEqual([
      '4924be8f51f3e738c97db2c4ace51db7e938f28b',
    ]);
  });

  it('finds a token split by invisible characters or written with escapes, in its original span', () => {
    const token = 'ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d';
    for (const hidden of [
      `ghp_u8jz\u200bPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d`,
      `ghp_u8jzPde0\u00adIgxLd6Gnc\u2060fBAepfJBd0Kh8oOOL8d`,
      `\ufeff${token}`,
      `\\u0067hp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d`,
    ]) {
      const text = `token ${hidden} end`;
      const findings = detectSecrets(text);
      expect(findings.map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([
        ['GITHUB_TOKEN', hidden.startsWith('\ufeff') ? token : hidden],
      ]);
    }
  });
});
