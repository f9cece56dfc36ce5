/**
 * A token of SQL as one dialect reads it: a bare word (keywords and names, lower-cased), a quoted
 * name, a string's value, a number, punctuation, or a client command line (`\! ls` for psql and
 * mysql, `.shell ls` for sqlite3).
 */
export interface SqlToken {
  kind: 'word' | 'name' | 'string' | 'number' | 'punct' | 'client';
  text: string;
  /** For a string: the dollar-quote tag it was written with (`$body$` → `body`), if any. */
  dollar?: string;
}

/** How one family of servers and clients reads SQL text; readings differ where dialects do. */
export interface SqlReading {
  /** The dialect, as reasons name it. */
  name: string;
  /** A block comment inside a block comment nests (PostgreSQL, SQL Server) rather than ending the outer one. */
  nestedComments: boolean;
  /** `#` starts a comment and `--` needs a space after it (MySQL). */
  mysqlComments: boolean;
  /** `\'` escapes a quote inside `'…'` and `"…"` (MySQL); `"…"` is then a string, not a name. */
  backslashEscapes: boolean;
  /** `$$…$$` and `$tag$…$tag$` are strings, and `E'…'` takes backslash escapes (PostgreSQL). */
  dollarQuotes: boolean;
  /** `[…]` quotes a name (SQL Server, SQLite) rather than subscripting an array. */
  bracketNames: boolean;
  /**
   * A block comment opened with `/*!` (MariaDB also `/*M!`) holds code the server runs (MySQL),
   * when the version it names (`/*!50700 …`) is at most this one; `false`: none is code.
   */
  executableComments: number | false;
  /** Client commands: `\…` to the end of the line (psql, mysql), or a line starting with `.` (sqlite3). */
  clientCommands: 'backslash' | 'dot';
}

/** The readings every SQL text is judged by; what any of them finds counts. */
export const SQL_READINGS: readonly SqlReading[] = [
  {
    name: 'PostgreSQL',
    nestedComments: true,
    mysqlComments: false,
    backslashEscapes: false,
    dollarQuotes: true,
    bracketNames: false,
    executableComments: false,
    clientCommands: 'backslash',
  },
  {
    name: 'MySQL',
    nestedComments: false,
    mysqlComments: true,
    backslashEscapes: true,
    dollarQuotes: false,
    bracketNames: false,
    executableComments: Number.POSITIVE_INFINITY,
    clientCommands: 'backslash',
  },
  {
    name: 'SQLite',
    nestedComments: false,
    mysqlComments: false,
    backslashEscapes: false,
    dollarQuotes: false,
    bracketNames: true,
    executableComments: false,
    clientCommands: 'dot',
  },
  {
    name: 'SQL Server',
    nestedComments: true,
    mysqlComments: false,
    backslashEscapes: false,
    dollarQuotes: false,
    bracketNames: true,
    executableComments: false,
    clientCommands: 'backslash',
  },
];

// Versions named in MySQL's executable comments (`/*!50700 …`, `/*M!100100 …`).
const COMMENT_VERSION = /\/\*M?!(\d{5,6})/g;
const MAX_VERSIONS = 8;

/**
 * The readings of one text: `SQL_READINGS`, and MySQL as a server just older than each version
 * the text's executable comments name reads it, since such a server skips those comments and
 * runs the ones before: `DELETE FROM t` followed by `WHERE id = 1` in a comment for version
 * 99999 deletes every row on any server older than that.
 */
export function sqlReadings(sql: string): SqlReading[] {
  if (!sql.includes('/*')) return [...SQL_READINGS];
  const versions = [...new Set([...sql.matchAll(COMMENT_VERSION)].map((m) => Number(m[1])))];
  const mysql = SQL_READINGS.find((r) => r.name === 'MySQL') as SqlReading;
  const older = versions
    .sort((a, b) => a - b)
    .slice(0, MAX_VERSIONS)
    .map((v) => ({ ...mysql, name: `MySQL before ${v}`, executableComments: v - 1 }));
  return [...SQL_READINGS, ...older];
}

/** The tokens of a text as one reading sees them, and where it stopped reading if it could not go on. */
export interface SqlTokens {
  tokens: SqlToken[];
  /** Why the text does not read to its end (an unterminated string or comment), if it does not. */
  error?: string;
}

const isAsciiSpace = (code: number) => code === 32 || (code >= 9 && code <= 13);
const isSpace = (code: number) => isAsciiSpace(code) || code === 0xa0;
const isDigit = (code: number) => code >= 48 && code <= 57;
const isLetter = (code: number) => (code | 32) >= 97 && (code | 32) <= 122;
const isWordStart = (code: number) => isLetter(code) || code === 95 || code === 64 || code >= 0x80;
// Letters, digits, `_`, `$`, `@`, `#` and any non-ASCII character.
const isWordPart = (code: number) => isWordStart(code) || isDigit(code) || code === 36 || code === 35;
const DOLLAR_TAG = /\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/y;
// Letters that prefix a string: `E'…'` (escapes), `N'…'` (national), `X'…'`, `B'…'`, `U&'…'`.
const STRING_PREFIXES = new Set(['E', 'e', 'N', 'n', 'X', 'x', 'B', 'b', 'U', 'u']);

/**
 * Splits SQL into tokens as `reading` does. Comments are dropped (the code in a MySQL `/*!`
 * comment is kept), strings and quoted names keep their value without quotes or escapes. A text that
 * ends inside a string or comment returns the tokens before it and an error.
 *
 * @example
 * tokenizeSql("DELETE FROM t -- all", SQL_READINGS[0]).tokens.map((t) => t.text); // ['delete', 'from', 't']
 */
export function tokenizeSql(sql: string, reading: SqlReading): SqlTokens {
  const tokens: SqlToken[] = [];
  let executable = 0;
  // The mysql client's statement terminator, which `DELIMITER //` changes.
  let delimiter = ';';
  let i = 0;
  const n = sql.length;
  const fail = (what: string, at: number): SqlTokens => ({
    tokens,
    error: `${reading.name}: ${what} opened at offset ${at} is never closed`,
  });
  while (i < n) {
    const code = sql.charCodeAt(i);
    if (isSpace(code)) {
      i++;
      continue;
    }
    const c = sql[i] as string;
    const next = sql[i + 1];
    // The mysql client's `pager cmd` line sends what queries print to a command; `system cmd`
    // runs one.
    if (reading.mysqlComments && atLineStart(sql, i) && /^(?:pager|system)\s/i.test(sql.slice(i, i + 7))) {
      const end = lineEnd(sql, i);
      tokens.push({ kind: 'client', text: sql.slice(i, end).trim() });
      i = end;
      continue;
    }
    if (reading.mysqlComments && (c === 'd' || c === 'D') && atLineStart(sql, i)) {
      const set = /^delimiter[ \t]+(\S+)/i.exec(sql.slice(i, lineEnd(sql, i)));
      if (set !== null) {
        delimiter = set[1] as string;
        tokens.push({ kind: 'punct', text: ';' });
        i = lineEnd(sql, i);
        continue;
      }
    }
    if (delimiter !== ';' && sql.startsWith(delimiter, i)) {
      tokens.push({ kind: 'punct', text: ';' });
      i += delimiter.length;
      continue;
    }
    if (
      c === '-' &&
      next === '-' &&
      (!reading.mysqlComments || i + 2 >= n || isAsciiSpace(sql.charCodeAt(i + 2)))
    ) {
      i = lineEnd(sql, i);
      continue;
    }
    if (c === '#' && reading.mysqlComments) {
      i = lineEnd(sql, i);
      continue;
    }
    if (c === '/' && next === '*') {
      const bang = sql[i + 2] === '!' ? 3 : sql[i + 2] === 'M' && sql[i + 3] === '!' ? 4 : 0;
      let body = i + bang;
      while (bang > 0 && body < n && isDigit(sql.charCodeAt(body))) body++;
      // The server runs what is inside (after the version number) unless it is older than that.
      const version = body > i + bang ? Number(sql.slice(i + bang, body)) : 0;
      if (reading.executableComments !== false && bang > 0 && version <= reading.executableComments) {
        i = body;
        executable++;
        continue;
      }
      const end = commentEnd(sql, i, reading.nestedComments);
      if (end < 0) return fail('a comment', i);
      i = end;
      continue;
    }
    if (c === '*' && next === '/' && executable > 0) {
      executable--;
      i += 2;
      continue;
    }
    if (reading.clientCommands === 'backslash' && c === '\\') {
      // A backslash command runs to the end of the line or the next backslash outside quotes
      // (`\echo hi \! cmd` is two commands, `\\` goes back to SQL); mysql's `\g` and `\G`
      // only end the statement, and SQL goes on after them.
      if (reading.mysqlComments && (next === 'g' || next === 'G') && !isWordPart(sql.charCodeAt(i + 2))) {
        tokens.push({ kind: 'client', text: `\\${next}` }, { kind: 'punct', text: ';' });
        i += 2;
        continue;
      }
      const end = backslashEnd(sql, i + 1);
      tokens.push({ kind: 'client', text: sql.slice(i, end).trim() });
      i = sql.startsWith('\\\\', end) ? end + 2 : end;
      continue;
    }
    if (
      reading.name === 'SQL Server' &&
      (sql.startsWith('!!', i) || sql.startsWith(':!!', i)) &&
      atLineStart(sql, i)
    ) {
      const end = lineEnd(sql, i);
      tokens.push({ kind: 'client', text: sql.slice(i, end).trim() });
      i = end;
      continue;
    }
    if (reading.clientCommands === 'dot' && c === '.' && atLineStart(sql, i)) {
      const end = lineEnd(sql, i);
      tokens.push({ kind: 'client', text: sql.slice(i, end).trim() });
      i = end;
      continue;
    }
    if (
      c === "'" ||
      (next === "'" && STRING_PREFIXES.has(c) && !(i > 0 && isWordPart(sql.charCodeAt(i - 1))))
    ) {
      const open = c === "'" ? i : i + 1;
      const escapes = reading.backslashEscapes || (reading.dollarQuotes && (c === 'E' || c === 'e'));
      const read = quoted(sql, open, "'", escapes);
      if (read === undefined) return fail('a string', open);
      tokens.push({ kind: 'string', text: read.value });
      i = read.end;
      continue;
    }
    if (c === '"') {
      const read = quoted(sql, i, '"', reading.backslashEscapes);
      if (read === undefined) return fail('a quoted name', i);
      tokens.push({ kind: reading.backslashEscapes ? 'string' : 'name', text: read.value });
      i = read.end;
      continue;
    }
    if (c === '`') {
      const read = quoted(sql, i, '`', false);
      if (read === undefined) return fail('a quoted name', i);
      tokens.push({ kind: 'name', text: read.value });
      i = read.end;
      continue;
    }
    if (c === '[' && reading.bracketNames) {
      const read = quoted(sql, i, ']', false);
      if (read === undefined) return fail('a bracketed name', i);
      tokens.push({ kind: 'name', text: read.value });
      i = read.end;
      continue;
    }
    if (c === '$' && reading.dollarQuotes) {
      DOLLAR_TAG.lastIndex = i;
      const tag = DOLLAR_TAG.exec(sql);
      if (tag !== null) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        if (close < 0) return fail('a dollar-quoted string', i);
        tokens.push({ kind: 'string', text: sql.slice(i + tag[0].length, close), dollar: tag[1] ?? '' });
        i = close + tag[0].length;
        continue;
      }
    }
    if (isWordStart(code)) {
      let end = i + 1;
      while (end < n && isWordPart(sql.charCodeAt(end))) end++;
      tokens.push({ kind: 'word', text: sql.slice(i, end).toLowerCase() });
      i = end;
      continue;
    }
    if (isDigit(code)) {
      let end = i + 1;
      while (end < n && (isWordPart(sql.charCodeAt(end)) || sql[end] === '.')) end++;
      tokens.push({ kind: 'number', text: sql.slice(i, end) });
      i = end;
      continue;
    }
    tokens.push({ kind: 'punct', text: c });
    i++;
  }
  return { tokens };
}

function lineEnd(sql: string, from: number): number {
  const end = sql.indexOf('\n', from);
  return end < 0 ? sql.length : end;
}

/** Where a backslash command's words end: the line's end, or the next backslash outside quotes. */
function backslashEnd(sql: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < sql.length; i++) {
    const c = sql[i];
    if (c === '\n') return i;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '\\') return i;
  }
  return sql.length;
}

function atLineStart(sql: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (sql[i] === ' ' || sql[i] === '\t')) i--;
  return i < 0 || sql[i] === '\n' || sql[i] === '\r';
}

/** Where a block comment opened at `open` ends (just past its closing star and slash), or -1. */
function commentEnd(sql: string, open: number, nested: boolean): number {
  let depth = 0;
  let i = open;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth = nested || depth === 0 ? depth + 1 : depth;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      i += 2;
      if (--depth === 0) return i;
    } else i++;
  }
  return -1;
}

/** A quoted run opened at `open`: its value, with doubled quotes (and backslash escapes) undone. */
function quoted(
  sql: string,
  open: number,
  close: string,
  backslash: boolean,
): { value: string; end: number } | undefined {
  let value = '';
  let from = open + 1;
  let backslashAt = -1;
  for (;;) {
    const quote = sql.indexOf(close, from);
    // Each backslash is looked for once, however many quotes come before it.
    if (backslash && backslashAt < from) {
      backslashAt = sql.indexOf('\\', from);
      if (backslashAt < 0) backslashAt = sql.length;
    }
    if (backslashAt >= 0 && (quote < 0 || backslashAt < quote) && backslashAt + 1 < sql.length) {
      value += sql.slice(from, backslashAt) + sql[backslashAt + 1];
      from = backslashAt + 2;
    } else if (quote < 0) return undefined;
    else if (sql[quote + 1] === close) {
      value += sql.slice(from, quote + 1);
      from = quote + 2;
    } else return { value: value + sql.slice(from, quote), end: quote + 1 };
  }
}

/** Whether a token is one of these bare words. */
export const isWord = (token: SqlToken | undefined, ...words: string[]) =>
  token?.kind === 'word' && words.includes(token.text);
/** Whether a token is this punctuation. */
export const isPunct = (token: SqlToken | undefined, text: string) =>
  token?.kind === 'punct' && token.text === text;

/** The (qualified) name written from token `k` on, as written. */
export function nameAt(tokens: SqlToken[], k: number): string {
  const isName = (t: SqlToken | undefined) => t?.kind === 'word' || t?.kind === 'name';
  if (!isName(tokens[k])) return '';
  let name = (tokens[k] as SqlToken).text;
  for (let i = k + 1; isPunct(tokens[i], '.') && isName(tokens[i + 1]); i += 2)
    name += `.${tokens[i + 1]?.text}`;
  return name;
}

/** Past a parenthesised group starting at `k` (`TOP (10)`), or past one token. */
export function skipGroup(tokens: SqlToken[], k: number): number {
  if (!isPunct(tokens[k], '(')) return k + 1;
  let level = 0;
  for (let j = k; j < tokens.length; j++) {
    if (isPunct(tokens[j], '(')) level++;
    else if (isPunct(tokens[j], ')') && --level === 0) return j + 1;
  }
  return tokens.length;
}
