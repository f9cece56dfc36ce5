import { describe, expect, it } from 'vitest';
import { findAssignments } from './assignment-scan.ts';

const pairs = (text: string) =>
  findAssignments(text, () => true).map((a) => [a.key, text.slice(a.valueStart, a.valueEnd), a.quoted]);

describe('findAssignments', () => {
  it('reads the assignment operators of common languages and config formats', () => {
    expect(pairs('A_TOKEN := "v1"')).toEqual([['A_TOKEN', 'v1', true]]);
    expect(pairs('A_TOKEN ::= "v2"')).toEqual([['A_TOKEN', 'v2', true]]);
    expect(pairs('A_TOKEN ?= "v3"')).toEqual([['A_TOKEN', 'v3', true]]);
    expect(pairs('$aToken .= "v4"')).toEqual([['$aToken', 'v4', true]]);
    expect(pairs('  "aToken" => "v5"')).toEqual([['aToken', 'v5', true]]);
    expect(pairs('a_token: v6')).toEqual([['a_token', 'v6', false]]);
    expect(pairs('aToken := `v7`')).toEqual([['aToken', 'v7', true]]);
  });

  it('keeps up to three words of a bare key and a quoted key whole', () => {
    expect(pairs('var apiToken string = "v"')).toEqual([['var apiToken string', 'v', true]]);
    expect(pairs('{"client secret": "v"}')).toEqual([['client secret', 'v', true]]);
  });

  it('reads JSON-escaped keys and values', () => {
    expect(pairs('{\\"password\\": \\"hunter22\\"}')).toEqual([['password', 'hunter22', true]]);
  });

  it('reads a comma only between a quoted identifier and a quoted value', () => {
    expect(pairs('System.setProperty("API_TOKEN", "v")')).toEqual([['API_TOKEN', 'v', true]]);
    expect(pairs('["one value", "two"]')).toEqual([]);
    expect(pairs('red, green')).toEqual([]);
  });

  it('keeps an HTTP auth scheme with its credential', () => {
    expect(pairs('Authorization: Bearer abc.def')).toEqual([['Authorization', 'Bearer abc.def', false]]);
  });

  it('stops unquoted values at the line end and an escaped newline', () => {
    expect(pairs('{"config.ini": "A_TOKEN=v8\\nB=on"}')).toEqual([
      ['config.ini', 'A_TOKEN=v8\\nB=on', true],
      ['A_TOKEN', 'v8', false],
      ['B', 'on', false],
    ]);
  });

  it('reads neither a user@host address nor a host with a port as a key', () => {
    expect(pairs('see secret.example.com:8080/a?b=c')).toEqual([['b', 'c', false]]);
    expect(pairs('scp f deploy@secret.host:tmp/f')).toEqual([]);
    expect(pairs('@password: v9')).toEqual([['@password', 'v9', false]]);
  });

  it('reads a value that opens a string, not the quote that closes a key inside one', () => {
    expect(pairs('label: "Password:", x')).toEqual([['label', 'Password:', true]]);
    expect(pairs('"password=\\"hunter22\\""')).toEqual([['password', 'hunter22', true]]);
  });

  it('keeps the closing brace of a template value', () => {
    expect(pairs('_authToken={NPM_TOKEN}\n{a: b}')).toEqual([
      ['_authToken', '{NPM_TOKEN}', false],
      ['a', 'b', false],
    ]);
  });

  it('ignores comparisons, scope operators, URL schemes and times', () => {
    expect(pairs('if (a == b && c != d) std::cout << "x"; see https://example.com at 12:30')).toEqual([]);
  });

  it('reads runs of operators (`k=k=k=…`) as it reads each one alone', () => {
    const text = 'pw='.repeat(2000);
    const found = findAssignments(text, () => true);
    // Every `pw=` but the last, whose value is empty.
    expect(found).toHaveLength(1999);
    for (const [i, a] of found.entries()) {
      expect(a.valueStart).toBe(3 * i + 3);
      expect(a.valueEnd).toBe(Math.min(text.length, a.valueStart + 1000));
    }
    const quoted = 'a="b" '.repeat(2000);
    expect(findAssignments(quoted, () => true)).toHaveLength(2000);
    expect(pairs('a="b" c="d"\ne="f')).toEqual([
      ['a', 'b', true],
      ['c', 'd', true],
    ]);
  });

  it('ends each unquoted value at its own limit, after a scheme too', () => {
    const text = `auth: Bearer ${'x'.repeat(1200)} token=${'y'.repeat(1200)}`;
    const values = findAssignments(text, () => true).map((a) => [a.valueStart, a.valueEnd]);
    expect(values).toEqual([
      [6, 1013],
      [1220, 2220],
    ]);
  });
});
