import { isPunct, isWord, nameAt, type SqlToken, skipGroup } from './sql-lexer.ts';

/*
 * What in one SQL statement destroys stored data: tables, schemas and databases dropped, columns
 * dropped, and rows changed without a bound (`classifySql`'s `dataLoss`).
 */

/** What `DROP` removes with the data stored in it. */
export const DROPPED_STORES = new Set([
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

/**
 * Why `ALTER TABLE` at token `at` destroys stored data (`DROP COLUMN`, `DROP PARTITION`, a bare
 * `DROP name`), or undefined when it only drops definitions (constraints, indexes, defaults).
 */
export function alterDrop(tokens: SqlToken[], at: number): string | undefined {
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
export function unboundedChange(tokens: SqlToken[], i: number, depth: number): string | undefined {
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
