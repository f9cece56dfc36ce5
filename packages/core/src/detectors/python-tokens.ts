/** A Python token: a name, an operator character, or a string literal's content. */
export type PyToken =
  | { kind: 'name'; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'string'; text: string };

const STRING_PREFIX = /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])?(?=['"])/;

/**
 * Tokenises Python source enough to analyse it: names, operators and string literals (single,
 * double and triple quoted, with prefixes and escapes); comments are dropped. Returns an error
 * for an unterminated string, so unreadable code can fail closed.
 *
 * @example
 * tokenizePython('import os  # os.system') // names import, os — the comment is gone
 */
export function tokenizePython(code: string): { ok: true; tokens: PyToken[] } | { ok: false; error: string } {
  const tokens: PyToken[] = [];
  let i = 0;
  while (i < code.length) {
    const ch = code[i] as string;
    if (ch === '#') {
      const end = code.indexOf('\n', i);
      i = end < 0 ? code.length : end;
      continue;
    }
    if (/\s/.test(ch) || ch === '\\') {
      i += 1;
      continue;
    }
    const prefix = STRING_PREFIX.exec(code.slice(i, i + 3));
    if (prefix && (code[i + prefix[0].length] === '"' || code[i + prefix[0].length] === "'")) {
      const start = i + prefix[0].length;
      const quote = code[start] as string;
      const triple = code.startsWith(quote.repeat(3), start);
      const delimiter = triple ? quote.repeat(3) : quote;
      const raw = /[rR]/.test(prefix[0]);
      let j = start + delimiter.length;
      let text = '';
      let closed = false;
      while (j < code.length) {
        if (!raw && code[j] === '\\') {
          text += code.slice(j, j + 2);
          j += 2;
          continue;
        }
        if (code.startsWith(delimiter, j)) {
          closed = true;
          j += delimiter.length;
          break;
        }
        if (!triple && code[j] === '\n') break;
        text += code[j];
        j += 1;
      }
      if (!closed) return { ok: false, error: `unterminated string starting at offset ${start}` };
      tokens.push({ kind: 'string', text });
      i = j;
      continue;
    }
    const name = /^[A-Za-z_\u00C0-\uFFFF][\w\u00C0-\uFFFF]*/.exec(code.slice(i, i + 200));
    if (name) {
      tokens.push({ kind: 'name', text: name[0] });
      i += name[0].length;
      continue;
    }
    tokens.push({ kind: 'op', text: ch });
    i += 1;
  }
  return { ok: true, tokens };
}
