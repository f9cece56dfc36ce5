import { sqlDataLoss } from './classify-sql.ts';
import type { Arg } from './command-checks.ts';
import type { Check } from './command-data-loss.ts';
import { hasFlag, optionValues, words } from './command-options.ts';

/*
 * Databases destroyed through their clients: SQL given to or piped into one, redis's FLUSHALL,
 * the Mongo shell's drops (see `dataLoss`, which these complete).
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
};

function sqlClient(texts: string[], args: Arg[], program: string): string | undefined {
  const statements = optionValues(args, SQL_OPTIONS[program] ?? []).map((a) => a.text);
  // `sqlite3 db 'SQL'…`, `bq query 'SQL'`.
  if (program === 'sqlite3') statements.push(...words(texts, { long: ['cmd'] }).slice(1));
  for (const sql of statements) {
    const found = sqlDataLoss(sql);
    if (found !== undefined) return found;
  }
  return undefined;
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
 * How to judge what is piped into a database client that reads its commands from standard input
 * when none is given on its command line (`echo 'DROP TABLE users' | psql`, `echo FLUSHALL |
 * redis-cli`, `mongosh < drop.js`), or undefined when it does not read them.
 *
 * @example
 * inputDataLoss('psql', [literalArg('app')])?.('drop table users'); // 'SQL DROP TABLE users'
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
  if (program === 'sqlite3') return words(texts, { long: ['cmd'] }).length < 2 ? sqlDataLoss : undefined;
  if (!Object.hasOwn(SQL_OPTIONS, program)) return undefined;
  return optionValues(args, SQL_OPTIONS[program] ?? []).length === 0 ? sqlDataLoss : undefined;
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
  sqlite3: sqlClient,
  ...Object.fromEntries(Object.keys(SQL_OPTIONS).map((name) => [name, sqlClient])),
  bq,
};
