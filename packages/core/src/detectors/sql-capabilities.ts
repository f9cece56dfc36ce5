import type { CodeFinding } from './code-findings.ts';
import { isPunct, isWord, type SqlToken } from './sql-lexer.ts';

/*
 * The names through which SQL reaches beyond its database (files, commands, other hosts,
 * password hashes), and what a SQL client's own commands do (`classifySql`).
 */

// Functions that read a file on the server by name, and those that write or remove one.
export const FILE_READERS = new Set([
  'pg_read_file',
  'pg_read_binary_file',
  'lo_import',
  'load_file',
  'readfile',
]);
export const FILE_WRITERS = new Set([
  'lo_export',
  'pg_file_write',
  'pg_file_unlink',
  'pg_file_rename',
  'writefile',
  'xp_delete_file',
]);
// Procedures and functions whose names say what they do, called with or without parentheses
// (`EXEC xp_cmdshell 'dir'`, `SELECT sys_exec('id')`).
export const PROCESS_PROCEDURES = new Set([
  'xp_cmdshell',
  'sp_execute_external_script',
  'sp_oacreate',
  'sys_exec',
  'sys_eval',
]);
export const NETWORK_PROCEDURES = new Set([
  'xp_dirtree',
  'xp_fileexist',
  'xp_subdirs',
  'opendatasource',
  'openquery',
]);
// Oracle's packages (`UTL_HTTP.REQUEST(…)`).
export const NETWORK_PACKAGES = new Set(['utl_http', 'utl_tcp', 'utl_smtp', 'utl_inaddr']);
export const NETWORK_FUNCTIONS = new Set([
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
export const PASSWORD_TABLES = new Set([
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
export const UNTRUSTED_LANGUAGES = /^(?:pl(?:python[23]?|perl|tcl)u|plsh|c)$/;
export const EXTENSION_LOADERS = new Set(['load_extension']);

/**
 * Whether a statement naming a password table can read the hashes in it: it names a password
 * column, selects `*`, or reads the table whole (`TABLE pg_shadow`, `COPY pg_authid TO …`).
 * `SELECT rolname FROM pg_authid` reads role names only.
 */
export function readsPasswords(tokens: SqlToken[]): boolean {
  return tokens.some(
    (t, k) =>
      isWord(t, ...PASSWORD_COLUMNS) ||
      (isPunct(t, '*') && !isPunct(tokens[k - 1], '(')) ||
      (k === 0 && isWord(t, 'table', 'copy')),
  );
}

/** What a client command does: `\!` and `.shell` run a shell, `\gexec` runs query results as SQL. */
export function clientCommand(text: string): CodeFinding[] {
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
