import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { StoreUnavailableError } from '../errors/store-unavailable-error.ts';
import { loadSqlite } from '../util/load-sqlite.ts';
import type { ReserveResult, SyncStateStore } from './state-store.ts';
import { parseTakeId, takeId } from './take-id.ts';

/** Options of {@link sqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file; created with its folder when missing. Several processes may share it. */
  path: string;
  /** How long to wait for another process's write lock, ms (default 5000). */
  busyTimeoutMs?: number;
  /** Clock in epoch ms (default `Date.now`). */
  now?: () => number;
}

/** The SQLite store answers synchronously, like the memory store. */
export interface SqliteStore extends SyncStateStore {
  close(): void;
}

const DEFAULT_HOLD_MS = 5 * 60_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS portcullis_counters (key TEXT PRIMARY KEY, committed REAL NOT NULL, expires_at INTEGER NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS portcullis_holds (id TEXT PRIMARY KEY, key TEXT NOT NULL, amount REAL NOT NULL, ttl_ms INTEGER NOT NULL, expires_at INTEGER NOT NULL) STRICT;
CREATE INDEX IF NOT EXISTS portcullis_holds_by_key ON portcullis_holds (key, expires_at);
CREATE TABLE IF NOT EXISTS portcullis_values (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER) STRICT;
`;

// Every SWEEP_EVERY writes, the next SWEEP_ROWS rows of each table (in rowid order, going on where
// the last sweep stopped) are checked and the expired ones deleted: two rows per write, more than
// a write can add, so the file stays bounded, and no write waits for a scan of every row (a
// million counters took 67 ms, holding the write lock). An index on expiry would cost every
// counter update an index write; a sweep every 100 writes would put its cost into p99.
const SWEEP_EVERY = 1000;
const SWEEP_ROWS = 2000;
const TABLES = ['portcullis_counters', 'portcullis_holds', 'portcullis_values'] as const;

/**
 * State in a SQLite file through `node:sqlite` (no native build): WAL mode, and every reserve,
 * commit, release and counter update in one `BEGIN IMMEDIATE` transaction, so processes on one
 * machine sharing the file can never together exceed a limit. The embedded default of the CLI,
 * the guard server and the MCP proxy: state survives restarts.
 *
 * @example
 * const engine = createEngine({ policy, store: sqliteStore({ path: './.portcullis/state.db' }) });
 */
export function sqliteStore(options: SqliteStoreOptions): SqliteStore {
  const now = options.now ?? Date.now;
  const name = `sqlite:${options.path}`;
  let db: DatabaseSync;
  try {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    db = new (loadSqlite().DatabaseSync)(options.path);
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec(SCHEMA);
  } catch (error) {
    throw new StoreUnavailableError(name, error);
  }
  const q = {
    counter: db.prepare('SELECT committed, expires_at AS expiresAt FROM portcullis_counters WHERE key = ?'),
    held: db.prepare(
      'SELECT COALESCE(SUM(amount), 0) AS held FROM portcullis_holds WHERE key = ? AND expires_at > ?',
    ),
    dropExpiredHolds: db.prepare('DELETE FROM portcullis_holds WHERE key = ? AND expires_at <= ?'),
    insertHold: db.prepare(
      'INSERT INTO portcullis_holds (id, key, amount, ttl_ms, expires_at) VALUES (?, ?, ?, ?, ?)',
    ),
    hold: db.prepare(
      'SELECT key, amount, ttl_ms AS ttlMs, expires_at AS expiresAt FROM portcullis_holds WHERE id = ?',
    ),
    deleteHold: db.prepare('DELETE FROM portcullis_holds WHERE id = ?'),
    // A counter past its window restarts from the new amount with a new window.
    add: db.prepare(`INSERT INTO portcullis_counters (key, committed, expires_at) VALUES (?1, ?2, ?3 + ?4)
      ON CONFLICT (key) DO UPDATE SET
        committed = CASE WHEN expires_at <= ?3 THEN ?2 ELSE committed + ?2 END,
        expires_at = CASE WHEN expires_at <= ?3 THEN ?3 + ?4 ELSE expires_at END
      RETURNING committed, expires_at AS expiresAt`),
    giveBack: db.prepare(
      'UPDATE portcullis_counters SET committed = MAX(0, committed - ?) WHERE key = ? AND expires_at = ? AND expires_at > ?',
    ),
    value: db.prepare('SELECT value, expires_at AS expiresAt FROM portcullis_values WHERE key = ?'),
    setValue: db.prepare(
      'INSERT INTO portcullis_values (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
    ),
    deleteValue: db.prepare('DELETE FROM portcullis_values WHERE key = ?'),
    // substr, not LIKE: a prefix may hold % or _.
    listValues: db.prepare(
      'SELECT key, value FROM portcullis_values WHERE substr(key, 1, length(?1)) = ?1 AND (expires_at IS NULL OR expires_at > ?2) ORDER BY key',
    ),
  } satisfies Record<string, StatementSync>;
  const sweeps = TABLES.map((table) => ({
    // The last rowid of the next batch and its size, then the expired rows of that batch.
    batch: db.prepare(
      `SELECT MAX(rowid) AS last, COUNT(*) AS rows FROM (SELECT rowid FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ?)`,
    ),
    drop: db.prepare(`DELETE FROM ${table} WHERE rowid > ? AND rowid <= ? AND expires_at <= ?`),
    after: 0,
  }));
  let operations = 0;
  // Looks at the next SWEEP_ROWS rows of each table, going back to the first row at the end.
  const sweep = (at: number) => {
    for (const table of sweeps) {
      let left = SWEEP_ROWS;
      let from = table.after;
      while (true) {
        const { last, rows } = table.batch.get(from, left) as { last: number | null; rows: number };
        if (last !== null) table.drop.run(from, last, at);
        left -= rows;
        if (left === 0) {
          table.after = last as number;
          break;
        }
        // The end of the table: the next batch starts again from its first row.
        table.after = 0;
        if (from === 0) break;
        from = 0;
      }
    }
  };

  /** Runs `work` in one write transaction; any SQLite failure becomes StoreUnavailableError. */
  const write = <T>(work: (at: number) => T): T => {
    const at = now();
    try {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = work(at);
        if (++operations % SWEEP_EVERY === 0) sweep(at);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    } catch (error) {
      throw new StoreUnavailableError(name, error);
    }
  };
  const read = <T>(work: (at: number) => T): T => {
    try {
      return work(now());
    } catch (error) {
      throw new StoreUnavailableError(name, error);
    }
  };

  const committedAt = (key: string, at: number): number => {
    const row = q.counter.get(key) as { committed: number; expiresAt: number } | undefined;
    return row && row.expiresAt > at ? row.committed : 0;
  };
  const heldAt = (key: string, at: number): number => (q.held.get(key, at) as { held: number }).held;

  return {
    name,
    increment: (key, by, ttlMs) =>
      write((at) => {
        const { committed } = q.add.get(key, by, at, ttlMs) as { committed: number };
        return committed + heldAt(key, at);
      }),
    get: (key) => read((at) => committedAt(key, at) + heldAt(key, at)),
    reserve: (request) =>
      write((at): ReserveResult => {
        q.dropExpiredHolds.run(request.key, at);
        const used = committedAt(request.key, at) + heldAt(request.key, at);
        if (used + request.amount > request.limit) return { ok: false, used };
        if (request.mode === 'take') {
          const { expiresAt } = q.add.get(request.key, request.amount, at, request.ttlMs) as {
            expiresAt: number;
          };
          return { ok: true, id: takeId(expiresAt, request.amount, request.key), used };
        }
        const id = randomUUID();
        q.insertHold.run(
          id,
          request.key,
          request.amount,
          request.ttlMs,
          at + (request.holdMs ?? DEFAULT_HOLD_MS),
        );
        return { ok: true, id, used };
      }),
    commit: (id) => {
      // A take counted when it was made: nothing to write.
      if (parseTakeId(id)) return;
      write((at) => {
        const hold = q.hold.get(id) as
          | { key: string; amount: number; ttlMs: number; expiresAt: number }
          | undefined;
        if (!hold) return;
        q.deleteHold.run(id);
        if (hold.expiresAt > at) q.add.get(hold.key, hold.amount, at, hold.ttlMs);
      });
    },
    release: (id) => {
      const take = parseTakeId(id);
      write((at) => {
        // A take goes back only into the window it was taken from.
        if (take) q.giveBack.run(take.amount, take.key, take.windowEnd, at);
        else q.deleteHold.run(id);
      });
    },
    getValue: <T>(key: string) =>
      read((at) => {
        const row = q.value.get(key) as { value: string; expiresAt: number | null } | undefined;
        if (!row || (row.expiresAt !== null && row.expiresAt <= at)) return undefined;
        return JSON.parse(row.value) as T;
      }),
    setValue: (key, value, ttlMs) =>
      write((at) => {
        q.setValue.run(key, JSON.stringify(value) ?? 'null', ttlMs === undefined ? null : at + ttlMs);
      }),
    deleteValue: (key) =>
      write(() => {
        q.deleteValue.run(key);
      }),
    listValues: <T>(prefix: string) =>
      read((at) =>
        (q.listValues.all(prefix, at) as { key: string; value: string }[]).map((row) => ({
          key: row.key,
          value: JSON.parse(row.value) as T,
        })),
      ),
    close: () => {
      if (db.isOpen) db.close();
    },
  };
}
