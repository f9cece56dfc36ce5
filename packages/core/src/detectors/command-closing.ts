// Where a word can start, so `#` there begins a comment and `case`/`esac` are reserved words.
const COMMAND_START = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')']);
const CASE_WORD = /^(case|esac)([\s;&|()]|$)/;

/** The index of the `)` that closes a `(` just before `start`, skipping quoted text. */
export function closingParen(text: string, start: number): number {
  return closing(text, start, '(', ')');
}

/** The index of the `}` that closes a `{` just before `start`, skipping quoted text. */
export function closingBrace(text: string, start: number): number {
  return closing(text, start, '{', '}');
}

function closing(text: string, start: number, open: string, close: string): number {
  const parens = open === '(';
  let depth = 1;
  // Paren depths at which a `case` is open: there a `)` ends a pattern, not the substitution.
  const cases: number[] = [];
  let i = start;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\') i += 2;
    else if (c === "'" || c === '"' || c === '`') i = skipQuoted(text, i);
    else if (c === open) {
      depth += 1;
      i += 1;
    } else if (c === close) {
      if (cases[cases.length - 1] !== depth && --depth === 0) return i;
      i += 1;
    } else if (parens && (c === '#' || c === 'c' || c === 'e') && wordStart(text, i, start)) {
      if (c === '#') while (i < text.length && text[i] !== '\n') i += 1;
      else if (CASE_WORD.test(text.slice(i, i + 5))) {
        if (c === 'c') cases.push(depth);
        else if (cases[cases.length - 1] === depth) cases.pop();
        i += 4;
      } else i += 1;
    } else i += 1;
  }
  return text.length;
}

function wordStart(text: string, i: number, start: number): boolean {
  return i === start || COMMAND_START.has(text[i - 1] as string);
}

function skipQuoted(text: string, i: number): number {
  const quote = text[i];
  let j = i + 1;
  while (j < text.length && text[j] !== quote) j += quote !== "'" && text[j] === '\\' ? 2 : 1;
  return j + 1;
}
