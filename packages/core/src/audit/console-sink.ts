import type { AuditRecord, AuditSink } from './audit-sink.ts';

/** A pino-style logger: `logger.info(object, message)`. */
export interface StructuredLogger {
  /** Logs a call that ran (outcome `executed`). */
  info(object: object, message?: string): unknown;
  /** Logs a call that did not run, or failed. */
  warn(object: object, message?: string): unknown;
}

/** Options of {@link consoleSink}. */
export interface ConsoleSinkOptions {
  /** Log through this logger (pino, or anything with info/warn). Default: JSON lines on `stream`. */
  logger?: StructuredLogger;
  /** Where JSON lines go without a logger (default `process.stderr`, leaving stdout to the program). */
  stream?: NodeJS.WritableStream;
}

/**
 * Audit records as structured logs: through a pino-compatible logger, or as pino-shaped JSON
 * lines (`level`, `time`, `msg`, then the record) that log shippers already understand. Calls
 * that did not run are logged at warn level.
 *
 * @example
 * const audit = consoleSink({ logger: pino() });
 */
export function consoleSink(options: ConsoleSinkOptions = {}): AuditSink {
  const stream = options.stream ?? process.stderr;
  return {
    name: 'console',
    write(record: AuditRecord) {
      const message = `${record.tool} ${record.outcome} (${record.effect}): ${record.reason}`;
      const warn = record.outcome !== 'executed';
      if (options.logger) {
        if (warn) options.logger.warn({ portcullis: record }, message);
        else options.logger.info({ portcullis: record }, message);
        return;
      }
      stream.write(
        `${JSON.stringify({ level: warn ? 40 : 30, time: Date.parse(record.time), msg: message, portcullis: record })}\n`,
      );
    },
  };
}
