import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it, vi } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import { parsePolicy } from '../policy/parse-policy.ts';
import type { AuditSink } from './audit-sink.ts';
import { consoleSink } from './console-sink.ts';
import { jsonlSink } from './jsonl-sink.ts';
import { otelSink } from './otel-sink.ts';
import { sqliteSink } from './sqlite-sink.ts';
import { verifyAuditLog } from './verify-audit-log.ts';

const dir = mkdtempSync(join(tmpdir(), 'portcullis-sinks-'));
let n = 0;
const fresh = (ext: string) => join(dir, `audit-${++n}.${ext}`);
const policy = parsePolicy('version: 1\nguards: { scope: { deny: ["drop_*"] } }\n');
const call = (tool: string, userId = 'u1') => ({
  tool,
  args: { x: 1 },
  source: 'direct' as const,
  principal: { userId, agentId: 'a1' },
});

describe('sqliteSink', () => {
  it('stores hash-chained records and answers queries', async () => {
    const audit = sqliteSink({ path: fresh('db') });
    const engine = createEngine({ policy, audit });
    await engine.run(call('search'), () => 1);
    await engine.run(call('drop_table', 'u2'), () => 1);
    await engine.run(call('search', 'u2'), () => 1);
    expect(audit.query().map((r) => [r.seq, r.tool, r.outcome])).toEqual([
      [3, 'search', 'executed'],
      [2, 'drop_table', 'blocked'],
      [1, 'search', 'executed'],
    ]);
    expect(audit.query({ effect: 'deny' }).map((r) => r.tool)).toEqual(['drop_table']);
    expect(audit.query({ principal: 'u2', outcome: 'executed' }).map((r) => r.seq)).toEqual([3]);
    expect(audit.query({ tool: 'search', limit: 1 }).map((r) => r.seq)).toEqual([3]);
    expect(audit.query({ since: Date.now() + 60_000 })).toEqual([]);
    expect(audit.query({ principal: 'u' })).toEqual([]); // whole ids only
    expect(await verifyAuditLog(audit)).toMatchObject({ ok: true, records: 3 });
    await audit.close?.();
  });

  it('detects an edited, a removed and a reordered record [audit.chain.tamper-detected]', async () => {
    const tamper = async (sql: string) => {
      const path = fresh('db');
      const audit = sqliteSink({ path });
      const engine = createEngine({ policy, audit });
      for (let i = 0; i < 4; i++) await engine.run(call('search'), () => i);
      await audit.close?.();
      const db = new DatabaseSync(path);
      db.exec(sql);
      db.close();
      return verifyAuditLog(path);
    };
    expect(
      await tamper(
        `UPDATE portcullis_audit SET record = replace(record, '"executed"', '"blocked"') WHERE seq = 2`,
      ),
    ).toEqual({
      ok: false,
      records: 1,
      line: 2,
      reason: 'hash mismatch: the record was edited',
    });
    expect(await tamper('DELETE FROM portcullis_audit WHERE seq = 3')).toMatchObject({
      ok: false,
      line: 3,
      reason: 'expected record 3, found 4 (a record is missing)',
    });
    expect(
      await tamper(
        'UPDATE portcullis_audit SET seq = seq + 100 WHERE seq = 2; UPDATE portcullis_audit SET seq = 2 WHERE seq = 3; UPDATE portcullis_audit SET seq = 3 WHERE seq = 102',
      ),
    ).toMatchObject({ ok: false, line: 2 });
  });
});

describe('consoleSink and otelSink', () => {
  it('writes pino-shaped JSON lines, warning for calls that did not run', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write: (chunk, _enc, done) => {
        lines.push(String(chunk));
        done();
      },
    });
    const engine = createEngine({ policy, audit: consoleSink({ stream }) });
    await engine.run(call('drop_x'), () => 1);
    const line = JSON.parse(lines[0] ?? '{}');
    expect(line).toMatchObject({
      level: 40,
      msg: 'drop_x blocked (deny): Tool "drop_x" is denied by scope (matches "drop_*")',
      portcullis: { tool: 'drop_x' },
    });
    const logger = { info: vi.fn(), warn: vi.fn() };
    await createEngine({ policy, audit: consoleSink({ logger }) }).run(call('search'), () => 1);
    expect(logger.info).toHaveBeenCalledWith(
      { portcullis: expect.objectContaining({ tool: 'search' }) },
      'search executed (allow): allowed',
    );
  });

  it('emits one GenAI execute_tool span per call with the verdict as attributes', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const engine = createEngine({ policy, audit: await otelSink({ tracer: provider.getTracer('test') }) });
    await engine.run({ ...call('drop_db'), callId: 'call_1' }, () => 1);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('execute_tool drop_db');
    expect(span?.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'drop_db',
      'gen_ai.tool.call.id': 'call_1',
      'portcullis.effect': 'deny',
      'portcullis.outcome': 'blocked',
      'portcullis.deny.guard': 'scope',
      'portcullis.deny.code': 'scope_denied',
      'enduser.id': 'u1',
    });
    expect(span?.status.code).toBe(2);
  });
});

describe('audit.required', () => {
  const required = parsePolicy('version: 1\naudit: { required: true }\n');

  it('denies every call when no sink can record it, and recovers when one can [audit.required.fail-closed]', async () => {
    expect((await createEngine({ policy: required }).evaluate(call('search'))).decisions[0]).toMatchObject({
      code: 'audit_unavailable',
    });
    let broken = true;
    const flaky: AuditSink = {
      name: 'flaky',
      write: () => {
        if (broken) throw new Error('disk full');
      },
      healthy: () => !broken,
    };
    const errors: unknown[] = [];
    const engine = createEngine({ policy: required, audit: flaky, onError: (e) => errors.push(e) });
    expect((await engine.run(call('search'), () => 1)).outcome).toBe('executed'); // first write fails after the call
    expect(engine.auditErrors).toBe(1);
    const execute = vi.fn();
    const denied = await engine.run(call('search'), execute);
    expect(denied.verdict.decisions[0]).toMatchObject({ code: 'audit_unavailable' });
    expect(execute).not.toHaveBeenCalled();
    broken = false;
    expect((await engine.run(call('search'), () => 1)).outcome).toBe('executed');
    expect(errors).toHaveLength(2);
  });

  it('never lets a failing sink decide a call when the audit is not required [audit.required.fail-closed]', async () => {
    const engine = createEngine({
      policy,
      audit: { name: 'down', write: () => Promise.reject(new Error('x')) },
    });
    expect((await engine.run(call('search'), () => 'ran')).outcome).toBe('executed');
    await new Promise((r) => setImmediate(r));
    expect(engine.auditErrors).toBe(1);
  });
});

describe('a writer killed with SIGKILL', () => {
  const writer = fileURLToPath(new URL('../../test/fixtures/audit-writer.ts', import.meta.url));
  it.each(['jsonl', 'sqlite'])(
    'leaves a %s log that verifies up to its last complete record [audit.crash.chain-valid]',
    async (kind) => {
      const path = fresh(kind === 'sqlite' ? 'db' : 'jsonl');
      const child = spawn(process.execPath, ['--no-warnings', writer, kind, path], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 400));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const result = await verifyAuditLog(path);
      expect(result.ok).toBe(true);
      expect(result.records).toBeGreaterThan(10);
      // A new writer continues the chain from the last complete record.
      const audit = kind === 'sqlite' ? sqliteSink({ path }) : jsonlSink({ path });
      const engine = createEngine({ policy, audit });
      await engine.run(call('search'), () => 1);
      await engine.close();
      expect(await verifyAuditLog(path)).toMatchObject({
        ok: true,
        records: result.records + 1,
        tornTail: false,
      });
      if (kind === 'jsonl') expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
    },
    30_000,
  );
});
