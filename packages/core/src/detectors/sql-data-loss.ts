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
// What `ALTER TABLE … DROP` removes without taking stored values with it. These are reserved
// words everywhere, so never a column's bare name; MySQL adds `KEY` and `INDEX`, which
// PostgreSQL allows as column names (`ALTER TABLE t DROP key` drops the column `key`).
const DROPPED_DEFINITIONS = new Set(['constraint', 'primary', 'foreign', 'check', 'unique', 'period']);
const MYSQL_DROPPED_DEFINITIONS = new Set(['index', 'key']);

/**
 * Why `ALTER TABLE` at token `at` destroys stored data (`DROP COLUMN`, `DROP PARTITION`, a bare
 * `DROP name`, `TRUNCATE PARTITION`), or undefined when it only drops definitions (constraints,
 * indexes, and what `ALTER COLUMN … DROP` removes: defaults, `NOT NULL`, identity, masks).
 */
export function alterDrop(tokens: SqlToken[], at: number, mysql: boolean): string | undefined {
  let named = at + 2;
  while (isWord(tokens[named], 'only', 'if', 'exists')) named++;
  const table = nameAt(tokens, named);
  // Each clause follows the table's name or a comma: `ALTER TABLE t ALTER COLUMN c DROP DEFAULT`.
  let clause = named + table.split('.').length * 2 - 1;
  for (let k = at + 2; k < tokens.length; k++) {
    if (isPunct(tokens[k], ',')) clause = k + 1;
    if (isWord(tokens[k], 'truncate') && isWord(tokens[k + 1], 'partition'))
      return `SQL ALTER TABLE ${table} TRUNCATE PARTITION empties stored data`;
    if (!isWord(tokens[k], 'drop') || isWord(tokens[clause], 'alter', 'modify')) continue;
    const what = tokens[k + 1];
    if (
      what?.kind === 'word' &&
      (DROPPED_DEFINITIONS.has(what.text) || (mysql && MYSQL_DROPPED_DEFINITIONS.has(what.text)))
    )
      continue;
    const kind = isWord(what, 'column', 'partition') ? `${(what as SqlToken).text.toUpperCase()} ` : '';
    return `SQL ALTER TABLE ${table} DROP ${kind}${nameAt(tokens, kind === '' ? k + 1 : k + 2)} drops stored data`;
  }
  return undefined;
}

/**
 * A `MERGE` statement that changes every row of its target: `WHEN NOT MATCHED BY SOURCE THEN
 * DELETE` (SQL Server), or `THEN DELETE`/`THEN UPDATE` where the `ON` that matches rows is a
 * condition of constants (`ON true`, `ON 1 = 1`).
 */
export function mergeChange(tokens: SqlToken[]): string | undefined {
  const on = tokens.findIndex((t) => isWord(t, 'on'));
  const changes = tokens.some((t, k) => isWord(t, 'then') && isWord(tokens[k + 1], 'delete', 'update'));
  if (!changes || on < 0) return undefined;
  const target = nameAt(tokens, isWord(tokens[1], 'into') ? 2 : 1);
  const bySource = tokens.some(
    (t, k) => isWord(t, 'by') && isWord(tokens[k + 1], 'source') && isWord(tokens[k - 1], 'matched'),
  );
  if (bySource)
    return `SQL MERGE INTO ${target} … WHEN NOT MATCHED BY SOURCE changes every row the source lacks`;
  const when = tokens.findIndex((t, k) => k > on && isWord(t, 'when'));
  return boundsNothing(tokens.slice(on + 1, when < 0 ? undefined : when), 0, 0)
    ? `SQL MERGE INTO ${target} on a condition that names no column changes every row`
    : undefined;
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
      if (!boundsNothing(tokens, j + 1, depth)) return undefined;
      return `SQL ${verb.toUpperCase()}${verb === 'delete' ? ' FROM' : ''} ${nameAt(tokens, k)} with a WHERE that holds for every row changes every row`;
    } else if (level === depth && isWord(t, 'join')) return undefined;
    else if (level === depth && isWord(t, 'set')) set = true;
  }
  if (!set) return undefined;
  return `SQL ${verb.toUpperCase()}${verb === 'delete' ? ' FROM' : ''} ${nameAt(tokens, k)} without WHERE changes every row`;
}

// Words a condition made of constants is written with: `WHERE 1 = 1`, `WHERE true`, `WHERE 'a' IS NOT NULL`.
const CONSTANT_WORDS = new Set(['true', 'false', 'null', 'not', 'and', 'or', 'is', 'in', 'like', 'between']);

/**
 * Whether the condition from token `from` to the end of its statement or parenthesis holds for
 * every row, as far as reading it shows: one of its top-level `OR` branches names no column and
 * is not plainly false (`1 = 1`, `TRUE OR id = 3`), or compares a column with itself (`id = id`).
 * `WHERE 1 = 0` and `WHERE false` hold for none.
 */
function boundsNothing(tokens: SqlToken[], from: number, depth: number): boolean {
  const branches: SqlToken[][] = [[]];
  let level = depth;
  for (let j = from; j < tokens.length; j++) {
    const t = tokens[j] as SqlToken;
    if (isPunct(t, '(')) level++;
    else if (isPunct(t, ')') && level-- === depth) break;
    if (level === depth && isWord(t, 'or')) branches.push([]);
    else if (level === depth && isWord(t, 'returning', 'order', 'limit', 'group', 'having')) break;
    else branches.at(-1)?.push(t);
  }
  return branches.some((branch) => {
    const texts = branch.map((t) => t.text);
    if (texts.length === 3 && texts[1] === '=' && texts[0] === texts[2] && branch[0]?.kind !== 'number')
      return true;
    const constant = branch.every(
      (t) =>
        t.kind === 'number' ||
        t.kind === 'string' ||
        t.kind === 'punct' ||
        (t.kind === 'word' && CONSTANT_WORDS.has(t.text)),
    );
    return constant && branch.length > 0 && !plainlyFalse(texts);
  });
}

/** `false`, `0`, `1 = 0`: a condition of constants that holds for no row. */
function plainlyFalse(texts: string[]): boolean {
  if (texts.length === 1) return texts[0] === 'false' || texts[0] === '0';
  return (
    texts.length === 3 &&
    (texts[1] === '=' || texts[1] === '<>') &&
    (texts[1] === '=') !== (texts[0] === texts[2])
  );
}
