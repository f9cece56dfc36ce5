import { describe, expect, it } from 'vitest';
import { shannonEntropy } from './entropy.ts';
import { isPlaceholder } from './placeholder.ts';

describe('shannonEntropy', () => {
  it('is zero for one repeated character and log2(n) for n distinct ones', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaaaaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
    expect(shannonEntropy('0123456789abcdef')).toBe(4);
  });
});

describe('isPlaceholder', () => {
  it('recognizes variable, template and shell references', () => {
    expect(
      [
        `\${GITHUB_TOKEN}`,
        '$API_KEY',
        '$1',
        '{{ .Values.password }}',
        '$(cat token.txt)',
        '%PASSWORD%',
        '<token>',
        '[PASSWORD]',
      ].map(isPlaceholder),
    ).toEqual([true, true, true, true, true, true, true, true]);
  });

  it('recognizes Ruby interpolation, format fields and f-string expressions', () => {
    expect(
      [
        "#{datastore['DBPASSWORD']}",
        '#{datastore[',
        'prefix_{}',
        'prefix_{0}',
        '{_github_pat(name)}',
        '{cfg["pw"]}',
      ].map(isPlaceholder),
    ).toEqual([true, true, true, true, true, true]);
  });

  it('recognizes masks and documentation words', () => {
    expect(
      [
        'ghp_xxxxxxxxxxxxxxxx',
        'XXXXXXXXXXXX',
        '**********',
        'AKIAIOSFODNN7EXAMPLE',
        'changeme',
        'your_api_key_here',
        'REDACTED',
      ].map(isPlaceholder),
    ).toEqual([true, true, true, true, true, true, true]);
  });

  it('recognizes alphabet runs, repeated units and encrypted SOPS values', () => {
    expect(
      ['abcdefghij', '0123456789', 'EXAMPLEEXAMPLE', '12312312312', 'ENC[AES256_GCM,data:abc]'].map(
        isPlaceholder,
      ),
    ).toEqual([true, true, true, true, true]);
  });

  it('accepts random tokens, including ones that contain a short word or an id', () => {
    expect(
      [
        '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',
        'xoxb-123456789012-Xw937qtWSXJss1lFaKe',
        'sk_test_51OuEMLAlTWGaDypq4P5c',
      ].map(isPlaceholder),
    ).toEqual([false, false, false]);
  });

  it('recognizes alphabet fillers in any case or interleaved, single-brace templates and fake words', () => {
    expect(
      [
        'glpat-aBcDeFgHiJkLmNoPqRsT',
        'cfat_aAbBcCdDeEfFgGhHiIjJ03fa099b',
        'a1b2c3d4e5f6g7h8i9j0',
        '{password}',
        '{DB_PASS}',
        'somefakekey',
      ].map(isPlaceholder),
    ).toEqual([true, true, true, true, true, true]);
    // A braced real value, digits in a real id, and a random token that happens to hold "FaKe".
    expect(
      ['{ZqL5kVrX1n8tA2}', 'xoxb-123456789012-Xw937qtWSXJss', 'Xw937qtWSXJss1lFaKe'].map(isPlaceholder),
    ).toEqual([false, false, false]);
    // Interleaved runs of five characters occur in about 1 random hex key of 300; six are a filler.
    expect(['a90d4bccddba9c636c55a6b1e39f0a31', 'b0c1d', 'a0b1c2'].map(isPlaceholder)).toEqual([
      false,
      false,
      true,
    ]);
  });
});
