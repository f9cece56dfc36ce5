import type { CodeFinding } from './code-findings.ts';
import { isCredentialPath } from './command-credentials.ts';
import { isPunct, isWord, nameAt, type SqlToken, skipGroup } from './sql-lexer.ts';

/*
 * Statements and calls that reach past the database, judged where `classifySql` meets them:
 * `COPY` to and from files and programs, files read by name, and `EXECUTE`/`EXEC`/`sp_executesql`
 * of SQL given as a literal (read in turn) or built at run time.
 */

/** Records a finding of a class, with the command it runs when known. */
export type Add = (cls: CodeFinding['class'], reason: string, command?: string) => void;

export function judgeCopy(tokens: SqlToken[], i: number, add: Add): void {
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

/**
 * The argument starting at token `k` when it is written as literals alone: one string, or
 * adjacent ones that the server joins (`'/etc/' 'shadow'`); undefined when it is computed.
 */
export function argumentLiteral(tokens: SqlToken[], k: number): SqlToken | undefined {
  let text = '';
  let j = k;
  while (tokens[j]?.kind === 'string') text += (tokens[j++] as SqlToken).text;
  const ends = tokens[j] === undefined || isPunct(tokens[j], ')') || isPunct(tokens[j], ',');
  return j > k && ends ? { kind: 'string', text } : undefined;
}

export function judgeFileRead(how: string, path: SqlToken | undefined, add: Add): void {
  if (path?.kind === 'string') {
    // PostgreSQL's shared catalog files (`global/1260` holds pg_authid's rows, hashes included).
    if (/^(?:\.\/)?global\//.test(path.text))
      add('credentials', `reads the server's shared catalog file ${path.text} with ${how}`);
    else if (isCredentialPath(path.text, false))
      add('credentials', `reads the credential file ${path.text} with ${how}`);
  } else add('credentials', `reads a server file whose name is computed with ${how}`);
}

/**
 * `EXECUTE`/`EXEC`: a literal string is read as SQL; anything else built at run time is dynamic.
 * Outside a procedure `EXECUTE name(…)` runs a prepared statement, and `EXEC name …` a stored
 * procedure (judged by its name).
 */
export function judgeExecute(
  tokens: SqlToken[],
  i: number,
  procedural: boolean,
  add: Add,
  nested: (sql: string, inProcedure: boolean) => void,
): void {
  let k = i + 1;
  // `EXECUTE IMMEDIATE expr` runs the expression's text anywhere (MariaDB, Oracle, BigQuery).
  const immediate = isWord(tokens[k], 'immediate');
  if (immediate) k++;
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
  // `EXEC sys.sp_executesql …` is judged where sp_executesql is named.
  if (nameAt(tokens, k).toLowerCase().endsWith('sp_executesql')) return;
  // `EXEC @rc = dbo.proc`: the variable takes the procedure's return code.
  const variable = target.kind === 'word' && target.text.startsWith('@') && !isPunct(tokens[k + 1], '=');
  if (parenthesised || variable || procedural || immediate)
    add('dynamicEval', 'runs SQL built at run time with EXECUTE');
}

/**
 * SQL Server's `sp_executesql` at token `i`, however it is named or called (`EXEC
 * sys.sp_executesql N'…'`, a batch's first statement without EXEC): a literal is read as SQL,
 * anything else is built at run time.
 */
export function judgeSpExecuteSql(
  tokens: SqlToken[],
  i: number,
  add: Add,
  nested: (sql: string, inProcedure: boolean) => void,
): void {
  const sql = tokens[i + 1];
  if (sql?.kind === 'string' && (tokens[i + 2] === undefined || isPunct(tokens[i + 2], ',')))
    nested(sql.text, true);
  else add('dynamicEval', 'runs SQL built at run time with sp_executesql');
}
