/**
 * `node:sqlite`, loaded on first use: importing `@portcullis/core` must not load it (Node 22
 * prints an ExperimentalWarning when it does), only creating a SQLite store or sink does.
 */
export function loadSqlite(): typeof import('node:sqlite') {
  return process.getBuiltinModule('node:sqlite');
}
