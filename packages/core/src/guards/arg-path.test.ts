import { describe, expect, it } from 'vitest';
import { compileArgPath, parseArgPath } from './arg-path.ts';

describe('parseArgPath', () => {
  it('parses keys, indexes, wildcards and quoted keys', () => {
    expect(parseArgPath('items[*].price')).toEqual({
      ok: true,
      segments: [{ kind: 'key', key: 'items' }, { kind: 'each' }, { kind: 'key', key: 'price' }],
    });
    expect(parseArgPath("a[0]['b.c']")).toEqual({
      ok: true,
      segments: [
        { kind: 'key', key: 'a' },
        { kind: 'index', index: 0 },
        { kind: 'key', key: 'b.c' },
      ],
    });
  });

  it.each([
    ['', 'invalid path "": expected an argument name'],
    ['a..b', 'invalid path "a..b": empty segment'],
    ['a[x]', 'invalid path "a[x]": expected [n], [*] or ["key"], got [x]'],
    ['a[1', 'invalid path "a[1": unclosed "["'],
    ['a[1]b', 'invalid path "a[1]b": expected "." or "[" at "b"'],
  ])('rejects %j', (path, error) => {
    expect(parseArgPath(path)).toEqual({ ok: false, error });
  });

  it('reads every value a path reaches', () => {
    const parsed = parseArgPath('orders[*].lines[*].qty');
    if (!parsed.ok) throw new Error(parsed.error);
    const read = compileArgPath(parsed.segments);
    expect(
      read({ orders: [{ lines: [{ qty: 1 }, { qty: 2 }] }, { lines: [{ qty: 3 }] }, { lines: 'x' }] }),
    ).toEqual([1, 2, 3]);
    expect(read({ orders: 'nope' })).toEqual([]);
  });
});
