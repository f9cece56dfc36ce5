import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
} from 'node:fs';
import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sha256 } from '../util/canonical-json.ts';
import type { AuditRecord, AuditSink } from './audit-sink.ts';

/** The `prev` of the first record in a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Options of {@link jsonlSink}. */
export interface JsonlSinkOptions {
  /** File to append to; created with its folder when missing, continued when present. */
  path: string;
}

/** A line of a JSONL audit log: the record plus its place in the hash chain. */
export type ChainedRecord = AuditRecord & {
  /** Position in the chain, from 1. */
  seq: number;
  /** SHA-256 of the previous line ({@link GENESIS_HASH} for the first). */
  prev: string;
};

/**
 * An append-only JSON Lines audit log, hash-chained: every line holds `seq` and `prev`, the
 * SHA-256 of the previous line, so an edited, removed or reordered line breaks the chain at that
 * point (`verifyAuditLog`). Appends are queued in order; `flush()` waits for them.
 *
 * @example
 * const audit = jsonlSink({ path: './.portcullis/audit.jsonl' });
 * const engine = createEngine({ policy, audit });
 */
export function jsonlSink(options: JsonlSinkOptions): AuditSink & {
  /** The file the sink appends to. */
  readonly path: string;
} {
  const { path } = options;
  let { seq, prev } = readTail(path);
  let queue: string[] = [];
  let writing: Promise<void> | undefined;
  // One append-mode handle for the sink's life (opening and closing the file per record cost more
  // than the write); O_APPEND keeps lines whole when several processes share the file.
  let handle: FileHandle | undefined;

  const drain = async (): Promise<void> => {
    if (!handle) {
      await mkdir(dirname(path), { recursive: true });
      handle = await open(path, 'a');
    }
    while (queue.length > 0) {
      const batch = queue.join('');
      queue = [];
      await handle.appendFile(batch, 'utf8');
    }
  };

  return {
    name: `jsonl:${path}`,
    path,
    write(record) {
      // The chain advances synchronously, so records keep the order in which they were written,
      // and only once the line exists: a record that cannot be serialised leaves no gap in it.
      let line: string;
      try {
        line = JSON.stringify({ ...record, seq: seq + 1, prev });
      } catch (error) {
        return Promise.reject(error);
      }
      seq += 1;
      prev = sha256(line);
      queue.push(`${line}\n`);
      writing ??= drain().finally(() => {
        writing = undefined;
      });
      return writing;
    },
    async flush() {
      while (writing) await writing;
    },
    healthy() {
      try {
        accessSync(existsSync(path) ? path : dirname(path), constants.W_OK);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      while (writing) await writing;
      await handle?.close();
      handle = undefined;
    },
  };
}

/**
 * Reads the last complete line of an existing log to continue its chain. A torn last line (the
 * writer was killed mid-append) was never a record: it is cut off so the next record starts on a
 * line of its own.
 */
function readTail(path: string): { seq: number; prev: string } {
  if (!existsSync(path)) return { seq: 0, prev: GENESIS_HASH };
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    let chunk = 64 * 1024;
    while (true) {
      const start = Math.max(0, size - chunk);
      const buffer = Buffer.alloc(size - start);
      readSync(fd, buffer, 0, buffer.length, start);
      const text = buffer.toString('utf8');
      if (size > 0 && !text.endsWith('\n')) {
        const cut = buffer.lastIndexOf(0x0a);
        if (cut >= 0 || start === 0) {
          ftruncateSync(fd, start + cut + 1);
          return readTail(path);
        }
      }
      const lines = text.split('\n');
      for (let i = lines.length - 1; i >= (start === 0 ? 0 : 1); i--) {
        const line = lines[i];
        if (!line) continue;
        const parsed = JSON.parse(line) as { seq?: unknown };
        if (typeof parsed.seq === 'number') return { seq: parsed.seq, prev: sha256(line) };
      }
      if (start === 0) return { seq: 0, prev: GENESIS_HASH };
      chunk *= 4;
    }
  } finally {
    closeSync(fd);
  }
}
