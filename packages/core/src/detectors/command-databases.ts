import { sqlDataLoss } from './classify-sql.ts';
import type { Arg } from './command-checks.ts';
import type { Flow } from './command-context.ts';
import type { Check } from './command-data-loss.ts';
import { hasFlag, optionValues, words } from './command-options.ts';

/*
 * Databases destroyed through their clients: redis's FLUSHALL, the Mongo shell's drops, BigQuery
 * (see `dataLoss`, which these complete), and the SQL a client runs (`clientSql`, judged by
 * `judgeSql` as the code guard reads SQL).
 */

function redis(texts: string[]): string | undefined {
  const operands = words(texts, { short: 'hpanuc', long: ['user', 'pass', 'tls-cert', 'cacert', 'sni'] });
  // The command is the first operand; the rest are its arguments.
  return redisCommands(operands[0] ?? '');
}

/** `FLUSHALL`/`FLUSHDB` as the command of a line of redis-cli commands (given as arguments or piped in). */
export function redisCommands(text: string): string | undefined {
  const flush = /^[ \t]*(flushall|flushdb)\b/im.exec(text);
  return flush === null ? undefined : `redis ${(flush[1] as string).toUpperCase()} empties the database`;
}

// Mongo shell calls that remove a database, a collection or every document of one.
const MONGO_DROP =
  /\.(dropDatabase\s*\(|drop\s*\(\s*\)|(deleteMany|remove)\s*\(\s*(\{\s*\})?\s*\))|\.runCommand\s*\(\s*\{\s*(dropDatabase|drop)\s*:/;

/** Mongo shell code (`mongosh --eval`, a piped script) that drops a database or empties a collection. */
export function mongoCode(code: string): string | undefined {
  const drop = MONGO_DROP.exec(code);
  if (drop === null) return undefined;
  const name = drop[4] ?? (/\w+/.exec(drop[0]) as RegExpExecArray)[0];
  return `mongo ${name}() removes data`;
}

function mongo(_texts: string[], args: Arg[]): string | undefined {
  for (const code of optionValues(args, ['--eval'])) {
    const found = mongoCode(code.text);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Options and operands that hold SQL, per database client. */
const SQL_OPTIONS: Record<string, string[]> = {
  psql: ['-c', '--command'],
  mysql: ['-e', '--execute'],
  mariadb: ['-e', '--execute'],
  duckdb: ['-c', '-cmd'],
  'clickhouse-client': ['-q', '--query'],
  cqlsh: ['-e', '--execute'],
  sqlcmd: ['-Q', '-q'],
  snowsql: ['-q', '--query'],
  usql: ['-c', '--command'],
  cockroach: ['-e', '--execute'],
  trino: ['--execute'],
  sqlite3: ['-cmd', '--cmd'],
};

/**
 * The SQL a database client runs: what its options give (`psql -c`, `mysql -e`, `sqlite3 -cmd`)
 * and `sqlite3 db 'SQL'`'s operands, then what it reads from standard input when nothing on its
 * command line stops it (`echo 'DROP TABLE users' | psql`; sqlite3 reads it after `-cmd`).
 * Returns the texts to judge, and the piped input's flow when it is read.
 *
 * @example
 * clientSql('psql', [literalArg('-c'), literalArg('drop table users')], () => undefined); // { sql: ['drop table users'] }
 */
export function clientSql(
  program: string,
  args: Arg[],
  piped: () => Flow | undefined,
): { sql: string[]; input?: Flow } {
  if (!Object.hasOwn(SQL_OPTIONS, program)) return { sql: [] };
  const given = optionValues(args, SQL_OPTIONS[program] ?? []).map((a) => a.text);
  const operands =
    program === 'sqlite3'
      ? words(
          args.map((a) => a.text),
          { long: ['cmd'] },
        ).slice(1)
      : [];
  const readsInput = program === 'sqlite3' ? operands.length === 0 : given.length === 0;
  const input = readsInput ? piped() : undefined;
  const sql = [...given, ...operands, ...(input?.text === undefined ? [] : [input.text])];
  return input === undefined ? { sql } : { sql, input };
}

function bq(texts: string[], args: Arg[]): string | undefined {
  const operands = words(texts, { long: ['project_id', 'dataset_id', 'location', 'format'] });
  if (operands[0] === 'rm' && hasFlag(texts, 'r')) return 'bq rm -r removes a dataset and its tables';
  if (operands[0] === 'query')
    return (
      sqlDataLoss(operands.slice(1).join(' ')) ?? sqlDataLoss(optionValues(args, ['--query'])[0]?.text ?? '')
    );
  return undefined;
}

/**
 * How to judge what is piped into redis-cli or the Mongo shell when none is given on its command
 * line (`echo FLUSHALL | redis-cli`, `mongosh < drop.js`), or undefined when it does not read
 * them. SQL clients' input is read with the rest of their SQL (`clientSql`).
 *
 * @example
 * inputDataLoss('redis-cli', [])?.('FLUSHALL'); // 'redis FLUSHALL empties the database'
 */
export function inputDataLoss(
  program: string,
  args: Arg[],
): ((input: string) => string | undefined) | undefined {
  const texts = args.map((a) => a.text);
  if (program === 'redis-cli')
    return words(texts, { short: 'hpanuc', long: ['user', 'pass'] }).length === 0 ? redisCommands : undefined;
  if (program === 'mongosh' || program === 'mongo')
    return optionValues(args, ['--eval']).length === 0 ? mongoCode : undefined;
  return undefined;
}

/** The database clients and commands `dataLoss` reads. */
export const DATABASE_CHECKS: Record<string, Check> = {
  'redis-cli': redis,
  mongosh: mongo,
  mongo: mongo,
  dropdb: () => 'dropdb drops a database',
  mysqladmin: (texts) =>
    words(texts, { short: 'uphSP' }).some((w) => /^drop$/i.test(w))
      ? 'mysqladmin drop drops a database'
      : undefined,
  bq,
};
