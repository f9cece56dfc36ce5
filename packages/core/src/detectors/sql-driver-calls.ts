import { classifySql } from './classify-sql.ts';
import type { CodeFinding } from './code-findings.ts';

// Methods of database drivers and query builders that run the SQL they are given as their first
// argument: DB-API cursors and connections, SQLAlchemy, pandas, DuckDB and Spark, node-postgres,
// mysql2, better-sqlite3, Knex, Sequelize, Prisma's raw queries, postgres.js's `unsafe`.
const SQL_METHODS = new Set([
  'execute',
  'executemany',
  'executescript',
  'execute_sql',
  'exec_driver_sql',
  'read_sql',
  'read_sql_query',
  'query',
  'sql',
  'exec',
  'raw',
  'unsafe',
  '$executeRaw',
  '$executeRawUnsafe',
  '$queryRaw',
  '$queryRawUnsafe',
]);

// Functions that make their string argument a statement to run (`session.execute(text('…'))`).
const SQL_FUNCTIONS = new Set(['sqlalchemy.text', 'sqlalchemy.sql.text', 'sqlalchemy.sql.expression.text']);

/**
 * What SQL written out in code does when a driver method runs it (`cur.execute('DROP TABLE t')`,
 * `db.query(\`DELETE FROM t\`)`, `prisma.$executeRaw\`…\``): the SQL reader's findings, each
 * marked with the call. `argument` gives the SQL when it is constant; it is called only for a
 * method that runs SQL. Text that is not SQL finds nothing, and so does SQL that cannot be read.
 *
 * @example
 * sqlCallFindings('cur.execute', () => 'DROP TABLE users'); // [{ class: 'dataLoss', reason: 'SQL DROP TABLE users (run by cur.execute)' }]
 */
export function sqlCallFindings(callee: string, argument: () => string | undefined): CodeFinding[] {
  const method = callee.slice(callee.lastIndexOf('.') + 1);
  // The argument is read only for a method that runs SQL: most calls are not one.
  if (!(SQL_METHODS.has(method) || SQL_FUNCTIONS.has(callee))) return [];
  const sql = argument();
  if (sql === undefined) return [];
  const read = classifySql(sql);
  if (!read.ok) return [];
  return read.findings.map((finding) => ({ ...finding, reason: `${finding.reason} (run by ${callee})` }));
}
