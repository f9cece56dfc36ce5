import type { CodeFinding } from './code-findings.ts';

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
export const UNTRUSTED_LANGUAGES = /^(?:pl(?:python[23]?|perl|tcl)u|plsh|c)$/;
export const EXTENSION_LOADERS = new Set(['load_extension']);

// Tables and views that hold password hashes, by their last name or qualified (`mysql.user`):
// any read of them can reach the hashes (`SELECT a FROM pg_authid a` returns whole rows).
const PASSWORD_TABLES = new Set([
  'pg_shadow',
  'pg_authid',
  'pg_user_mapping',
  'pg_user_mappings',
  'mysql.user',
  'global_priv',
  'sql_logins',
  'syslogins',
  'user$',
  'dba_users',
]);

/** The password table a (qualified) name read in SQL is (`master.sys.sql_logins`), if any. */
export function passwordTable(qualified: string): string | undefined {
  const parts = qualified.split('.');
  const last = parts.at(-1) as string;
  if (PASSWORD_TABLES.has(last)) return qualified;
  const schemaAndName = parts.slice(-2).join('.');
  return PASSWORD_TABLES.has(schemaAndName) ? qualified : undefined;
}

// Whole tables or queries named in a string that a function reads (`table_to_xml('pg_authid', …)`).
export const PASSWORD_TABLE_TEXT =
  /\b(?:pg_shadow|pg_authid|pg_user_mappings?|mysql\.user|global_priv|sql_logins)\b/i;

/** Whether `word` is `name` or a prefix of it at least `least` long (sqlite3 takes `.sh` for `.shell`). */
const prefixOf = (word: string, name: string, least = 2) => word.length >= least && name.startsWith(word);

const spawn = (command: string, how: string): CodeFinding => ({
  class: 'processSpawn',
  reason: `runs a shell command from the SQL client${how} (${command})`,
  command,
});

/**
 * What a client command does. Shell escapes run a command: psql's and mysql's `\!`, sqlite3's
 * `.shell`/`.system`, sqlcmd's `!!`, mysql's `pager`, psql's backquotes. Output sent to a pipe
 * (`\o |cmd`, `\g |cmd`, `\w |cmd`, `.output |cmd`, `.once |cmd`) feeds a command what queries
 * print, which nobody can read first. `.read '|cmd'`, `\copy … program` and `.import '|cmd'` run
 * one for its output. `\gexec`, `\i file`, `.read file` and `.load` run SQL or code nobody can
 * read here.
 */
export function clientCommand(text: string): CodeFinding[] {
  const [head = '', ...words] = text.split(/\s+/);
  const rest = text.slice(head.length).trim();
  const name = head.replace(/^[\\.:]+/, '').toLowerCase();
  if (head === '\\!' || head === '!!' || head === ':!!' || /^\\!./.test(head) || name === 'system') {
    const command = head.length > 2 && head.startsWith('\\!') ? `${head.slice(2)} ${rest}`.trim() : rest;
    return [spawn(command, '')];
  }
  if (head.startsWith('.') && (prefixOf(name, 'shell') || prefixOf(name, 'system', 3)))
    return [spawn(rest, '')];
  if (head === '\\P' || name === 'pager') return [spawn(`cat - | ${rest}`, "'s pager")];
  const backquoted = /`([^`]*)`/.exec(rest);
  if (head.startsWith('\\') && backquoted !== null) return [spawn(backquoted[1] as string, "'s backquotes")];
  const pipe = /^["']?\|\s*([^"']*)/.exec(rest.replace(/^(?:--\w+\s+|\([^)]*\)\s*)*/, ''));
  const piped = pipe === null ? undefined : (pipe[1] as string).trim();
  const writes = head.startsWith('\\')
    ? ['o', 'out', 'g', 'gx', 'w', 'write'].includes(name)
    : prefixOf(name, 'output', 1) || prefixOf(name, 'once', 2);
  if (piped !== undefined && writes) return [spawn(`cat - | ${piped}`, "'s output")];
  if (piped !== undefined && head.startsWith('.') && prefixOf(name, 'import', 3)) return [spawn(piped, '')];
  const reads = head.startsWith('.')
    ? prefixOf(name, 'read', 3)
    : ['i', 'ir', 'include', 'include_relative', '.'].includes(name);
  if (reads) {
    if (piped !== undefined)
      return [spawn(piped, ''), { class: 'dynamicEval', reason: `runs what ${piped} prints as SQL` }];
    return [
      { class: 'dynamicEval', reason: `runs the SQL in ${words[0] ?? 'a file'}, which is not read here` },
    ];
  }
  if (head.toLowerCase() === '\\copy') {
    const found: CodeFinding[] = [];
    if (PASSWORD_TABLE_TEXT.test(rest))
      found.push({
        class: 'credentials',
        reason: `reads password hashes with the SQL client's ${text.slice(0, 60)}`,
      });
    const copy = /\bprogram\s+('(?:[^']|'')*')?/i.exec(rest);
    if (copy !== null) {
      const command = copy[1]?.slice(1, -1).replaceAll("''", "'");
      const reason = `runs a program with the SQL client's \\copy${command === undefined ? '' : ` (${command})`}`;
      found.push(
        command === undefined
          ? { class: 'processSpawn', reason }
          : { class: 'processSpawn', reason, command },
      );
    }
    return found;
  }
  if (name === 'gexec') return [{ class: 'dynamicEval', reason: 'runs query results as SQL with \\gexec' }];
  if (name === 'gset')
    return [{ class: 'dynamicEval', reason: 'keeps query results in variables, which can run as SQL' }];
  if (head.startsWith('.') && prefixOf(name, 'load', 3))
    return [{ class: 'dynamicEval', reason: `loads a native extension with ${text.slice(0, 60)}` }];
  return [];
}
