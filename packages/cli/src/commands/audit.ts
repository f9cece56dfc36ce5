import { readFile, writeFile } from 'node:fs/promises';
import { type AuditRecord, isSqliteFile, sqliteSink, verifyAuditLog } from '@portcullis/core';
import { type CliIo, paint } from '../io.ts';
import { htmlReport } from '../report/html-report.ts';

/** `portcullis audit verify <file|db>`: checks the hash chain. Exit 1 when it is broken. */
export async function auditVerifyCommand(io: CliIo, path: string): Promise<number> {
  const c = paint(io);
  const result = await verifyAuditLog(path);
  if (result.ok) {
    io.out(
      `${c.green('✔')} ${path}: ${result.records} records, hash chain intact\n  last hash ${result.lastHash}\n`,
    );
    if (result.tornTail)
      io.out(`  ${c.yellow('note')}: the last line is torn (its writer stopped mid-append)\n`);
    return 0;
  }
  io.out(
    `${c.red('✘')} ${path}: chain broken at record ${result.line}: ${result.reason}\n  ${result.records} records verified before it\n`,
  );
  return 1;
}

/** Every record of a SQLite or JSONL audit log. */
export async function readAuditRecords(path: string): Promise<AuditRecord[]> {
  if (await isSqliteFile(path)) {
    const sink = sqliteSink({ path });
    try {
      return sink.query({ limit: 10_000 });
    } finally {
      await sink.close?.();
    }
  }
  const records: AuditRecord[] = [];
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line) as AuditRecord);
    } catch {
      // A torn last line; verification reports it.
    }
  }
  return records;
}

/** `portcullis audit report --from <file|db> --html out.html`: writes the self-contained report. */
export async function auditReportCommand(
  io: CliIo,
  options: { from: string; html: string; title?: string },
): Promise<number> {
  const c = paint(io);
  io.err(c.dim(`verifying ${options.from}…\n`));
  const verification = await verifyAuditLog(options.from);
  io.err(c.dim('reading records…\n'));
  const records = await readAuditRecords(options.from);
  const html = htmlReport({
    records,
    verification,
    source: options.from,
    ...(options.title === undefined ? {} : { title: options.title }),
  });
  await writeFile(options.html, html, 'utf8');
  const status = verification.ok ? c.green('chain intact') : c.red('chain BROKEN');
  io.out(`${c.green('✔')} wrote ${options.html}: ${records.length} records, ${status}\n`);
  return verification.ok ? 0 : 1;
}
