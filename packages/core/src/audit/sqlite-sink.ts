import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { canonicalJson, sha256 } from '../util/canonical-json.ts';
import { loadSqlite } from '../util/load-sqlite.ts';
import type { AuditRecord, AuditSink } from './audit-sink.ts';
import { GENESIS_HASH } from './jsonl-sink.ts';

/** Options of {@link sqliteSink}. */
export interface SqliteSinkOptions {
  /** Database file; created with its folder when missing. Several processes may write to it. */
  path: string;
}

/** Filters for {@link SqliteSink.query}; all are optional and combine with AND. */
export interface AuditQuery {
  /** Only records with this final effect. */
  effect?: AuditRecord['effect'];
  /** Only records with this outcome. */
  outcome?: AuditRecord['outcome'];
  /** Only calls of this tool (exact name). */
  tool?: string;
  /** Matches the principal's userId, agentId, tenantId or sessionId. */
  principal?: string;
  /** ISO time or epoch ms: records at or after. */
  since?: string | number;
  /** ISO time or epoch ms: records before. */
  until?: string | number;
  /** Most records returned, newest first (default 100, at most 10,000). */
  limit?: number;
}

/** A stored record with its place in the chain. */
export type StoredAuditRecord = AuditRecord & {
  /** Position in the chain, from 1. */
  seq: number;
  /** Hash of the previous row ({@link GENESIS_HASH} for the first). */
  prev: string;
  /** This row's hash: SHA-256 over `prev` and the record's canonical JSON. */
  hash: string;
};

/** A queryable, hash-chained SQLite audit log. */
export interface SqliteSink extends AuditSink {
  /** The database file. */
  readonly path: string;
  /** The records matching every given filter, newest first. */
  query(filter?: AuditQuery): StoredAuditRecord[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS portcullis_audit (
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL, time TEXT NOT NULL, tool TEXT NOT NULL, effect TEXT NOT NULL,
  outcome TEXT NOT NULL, principals TEXT NOT NULL, record TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS portcullis_audit_time ON portcullis_audit (time);
CREATE INDEX IF NOT EXISTS portcullis_audit_tool ON portcullis_audit (tool, time);
`;

/** The hash of a chained record: SHA-256 over the previous hash and the record's canonical JSON. */
export function chainHash(prev: string, recordJson: string): string {
  return sha256(`${prev}\n${recordJson}`);
}

/**
 * An audit log in SQLite (`node:sqlite`): queryable by effect, outcome, tool, principal and time,
 * and hash-chained like the JSONL log — each row holds the hash of the previous row, appended in
 * one write transaction so several processes extend one chain. Check it with `verifyAuditLog`.
 *
 * @example
 * const audit = sqliteSink({ path: './.portcullis/audit.db' });
 * audit.query({ effect: 'deny', since: Date.now() - 86_400_000 });
 */
export function sqliteSink(options: SqliteSinkOptions): SqliteSink {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new (loadSqlite().DatabaseSync)(options.path);
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(SCHEMA);
  const last = db.prepare('SELECT seq, hash FROM portcullis_audit ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    'INSERT INTO portcullis_audit (seq, id, time, tool, effect, outcome, principals, record, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  return {
    name: `sqlite:${options.path}`,
    path: options.path,
    write(record) {
      db.exec('BEGIN IMMEDIATE');
      try {
        const tail = last.get() as { seq: number; hash: string } | undefined;
        const seq = (tail?.seq ?? 0) + 1;
        const prev = tail?.hash ?? GENESIS_HASH;
        const json = canonicalJson({ ...record, seq });
        const p = record.principal;
        const principals = [p?.userId, p?.agentId, p?.tenantId, p?.sessionId]
          .filter((v) => v !== undefined)
          .join('\n');
        insert.run(
          seq,
          record.id,
          record.time,
          record.tool,
          record.effect,
          record.outcome,
          `\n${principals}\n`,
          json,
          prev,
          chainHash(prev, json),
        );
        db.exec('COMMIT');
      } catch (error) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw error;
      }
    },
    healthy: () => db.isOpen,
    query(filter = {}) {
      const where: string[] = [];
      const params: (string | number)[] = [];
      const add = (clause: string, value: string | number) => {
        where.push(clause);
        params.push(value);
      };
      if (filter.effect) add('effect = ?', filter.effect);
      if (filter.outcome) add('outcome = ?', filter.outcome);
      if (filter.tool) add('tool = ?', filter.tool);
      if (filter.principal) add('instr(principals, ?) > 0', `\n${filter.principal}\n`);
      if (filter.since !== undefined) add('time >= ?', new Date(filter.since).toISOString());
      if (filter.until !== undefined) add('time < ?', new Date(filter.until).toISOString());
      const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? 100)), 10_000);
      const sql = `SELECT seq, record, prev, hash FROM portcullis_audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${limit}`;
      return (
        db.prepare(sql).all(...params) as { seq: number; record: string; prev: string; hash: string }[]
      ).map((row) => ({
        ...(JSON.parse(row.record) as AuditRecord),
        seq: row.seq,
        prev: row.prev,
        hash: row.hash,
      }));
    },
    async flush() {},
    async close() {
      if (db.isOpen) db.close();
    },
  };
}
