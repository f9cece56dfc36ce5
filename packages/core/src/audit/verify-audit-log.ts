import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { sha256 } from '../util/canonical-json.ts';
import { loadSqlite } from '../util/load-sqlite.ts';
import { GENESIS_HASH } from './jsonl-sink.ts';
import { chainHash } from './sqlite-sink.ts';

/** The result of checking a hash-chained audit log. */
export type AuditVerification =
  | {
      /** The chain is intact. */
      ok: true;
      /** How many records were verified. */
      records: number;
      /** SHA-256 of the last record: keep it elsewhere to detect a cut tail later. */
      lastHash: string;
      /** The log ends in an incomplete line (its writer was killed mid-append); records before it are intact. */
      tornTail: boolean;
    }
  | {
      /** The chain is broken. */
      ok: false;
      /** Records verified before the break. */
      records: number;
      /** 1-based line number of the first broken or missing record. */
      line: number;
      /** What is wrong there (unparsable, `seq` out of order, `prev` mismatch, …). */
      reason: string;
    };

/**
 * Checks a hash-chained audit log, JSONL or SQLite (told apart by the file's header).
 *
 * JSONL: checks every line of the log: it parses, its `seq` follows the previous one, and its
 * `prev` is the SHA-256 of the previous line. Reports the first line that breaks the chain. A log
 * that ends in a torn line (the writer was killed mid-append) is valid up to its last whole record.
 * Keep `lastHash` elsewhere to detect truncation of the tail.
 *
 * @example
 * const result = await verifyAuditLog('./.portcullis/audit.jsonl');
 * if (!result.ok) console.error(`broken at line ${result.line}: ${result.reason}`);
 */
export async function verifyAuditLog(
  pathOrSink:
    | string
    | {
        /** The log's file, as `jsonlSink` and `sqliteSink` expose it. */
        readonly path: string;
      },
): Promise<AuditVerification> {
  const path = typeof pathOrSink === 'string' ? pathOrSink : pathOrSink.path;
  if (await isSqliteFile(path)) return verifySqliteLog(path);
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let prev = GENESIS_HASH;
  let seq = 0;
  let lineNo = 0;
  let pendingTorn: { line: number; reason: string } | undefined;
  for await (const line of lines) {
    lineNo += 1;
    if (pendingTorn) return { ok: false, records: seq, ...pendingTorn };
    let record: { seq?: unknown; prev?: unknown };
    try {
      record = JSON.parse(line) as typeof record;
    } catch {
      // Only the very last line may be torn; decide once we know whether another line follows.
      pendingTorn = { line: lineNo, reason: 'line is not valid JSON' };
      continue;
    }
    if (record.prev !== prev) {
      return {
        ok: false,
        records: seq,
        line: lineNo,
        reason:
          record.seq !== seq + 1
            ? `expected record ${seq + 1}, found ${String(record.seq)} (a record is missing or out of order)`
            : `hash chain broken: prev does not match the previous line (it was edited or removed)`,
      };
    }
    if (record.seq !== seq + 1) {
      return {
        ok: false,
        records: seq,
        line: lineNo,
        reason: `expected record ${seq + 1}, found ${String(record.seq)}`,
      };
    }
    seq += 1;
    prev = sha256(line);
  }
  return { ok: true, records: seq, lastHash: prev, tornTail: pendingTorn !== undefined };
}

/**
 * Whether the file at `path` is an SQLite database (by its header), e.g. an `sqliteSink` audit.
 *
 * @example
 * const sink = (await isSqliteFile(path)) ? sqliteSink({ path }) : jsonlSink({ path });
 */
export async function isSqliteFile(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const header = Buffer.alloc(16);
    await file.read(header, 0, 16, 0);
    return header.toString('latin1') === 'SQLite format 3\0';
  } finally {
    await file.close();
  }
}

/** SQLite: rows in `seq` order, each `prev` the previous `hash`, each `hash` recomputed; `line` is the row's position. */
function verifySqliteLog(path: string): AuditVerification {
  const db = new (loadSqlite().DatabaseSync)(path, { readOnly: true });
  try {
    let prev = GENESIS_HASH;
    let count = 0;
    for (const row of db
      .prepare('SELECT seq, record, prev, hash FROM portcullis_audit ORDER BY seq')
      .iterate() as Iterable<{
      seq: number;
      record: string;
      prev: string;
      hash: string;
    }>) {
      const position = count + 1;
      const broken = (reason: string): AuditVerification => ({
        ok: false,
        records: count,
        line: position,
        reason,
      });
      if (row.seq !== position)
        return broken(`expected record ${position}, found ${row.seq} (a record is missing)`);
      if (row.prev !== prev) return broken('hash chain broken: prev does not match the previous record');
      let embedded: unknown;
      try {
        embedded = (JSON.parse(row.record) as { seq?: unknown }).seq;
      } catch {
        return broken('record is not valid JSON');
      }
      if (embedded !== row.seq || chainHash(prev, row.record) !== row.hash) {
        return broken('hash mismatch: the record was edited');
      }
      prev = row.hash;
      count = position;
    }
    return { ok: true, records: count, lastHash: prev, tornTail: false };
  } finally {
    db.close();
  }
}
