import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { sha256 } from '../util/canonical-json.ts';
import { GENESIS_HASH } from './jsonl-sink.ts';

/** The result of checking a hash-chained audit log. */
export type AuditVerification =
  | {
      ok: true;
      records: number;
      /** SHA-256 of the last record: keep it elsewhere to detect a cut tail later. */
      lastHash: string;
      /** The log ends in an incomplete line (its writer was killed mid-append); records before it are intact. */
      tornTail: boolean;
    }
  | {
      ok: false;
      /** Records verified before the break. */
      records: number;
      /** 1-based line number of the first broken or missing record. */
      line: number;
      reason: string;
    };

/**
 * Checks every line of a JSONL audit log: it parses, its `seq` follows the previous one, and its
 * `prev` is the SHA-256 of the previous line. Reports the first line that breaks the chain. A log
 * that ends in a torn line (the writer was killed mid-append) is valid up to its last whole record.
 * Keep `lastHash` elsewhere to detect truncation of the tail.
 *
 * @example
 * const result = await verifyAuditLog('./.portcullis/audit.jsonl');
 * if (!result.ok) console.error(`broken at line ${result.line}: ${result.reason}`);
 */
export async function verifyAuditLog(path: string): Promise<AuditVerification> {
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
