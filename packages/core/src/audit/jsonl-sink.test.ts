import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import { parsePolicy } from '../policy/parse-policy.ts';
import { canonicalHash } from '../util/canonical-json.ts';
import { jsonlSink } from './jsonl-sink.ts';
import { verifyAuditLog } from './verify-audit-log.ts';

const dir = mkdtempSync(join(tmpdir(), 'portcullis-audit-'));
let n = 0;
const freshPath = () => join(dir, `nested/audit-${++n}.jsonl`);

const policy = parsePolicy(`
version: 1
guards: { scope: { deny: ["drop_*"] } }
rules:
  - { name: big, tools: [refund], when: { amount: { gt: 1000 } }, effect: deny, reason: Too big }
`);

async function writeLog(path: string, calls: number, includeArgs = false) {
  const audit = jsonlSink({ path });
  const engine = createEngine({
    policy: includeArgs ? { ...policy, audit: { includeArgs, required: false } } : policy,
    audit,
  });
  for (let i = 0; i < calls; i++) {
    await engine.run(
      {
        tool: 'refund',
        args: { amount: i % 2 ? 5000 : 10, memo: 'card 4111' },
        source: 'direct',
        principal: { userId: 'u1' },
      },
      () => 'ok',
    );
  }
  await engine.close();
  return readFileSync(path, 'utf8').trimEnd().split('\n');
}

describe('jsonlSink', () => {
  it('writes one hash-chained record per settled call, without raw args [audit.no-raw-args]', async () => {
    const path = freshPath();
    const lines = await writeLog(path, 2);
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({
      v: 1,
      seq: 1,
      prev: '0'.repeat(64),
      tool: 'refund',
      source: 'direct',
      principal: { userId: 'u1' },
      argsHash: canonicalHash({ amount: 10, memo: 'card 4111' }),
      effect: 'allow',
      outcome: 'executed',
      reason: 'allowed',
      decisions: [
        { effect: 'allow', guard: 'scope', reason: 'no scope list matches; allowed by default' },
        { effect: 'allow', guard: 'rules', reason: 'no rule matched' },
      ],
    });
    expect(first).not.toHaveProperty('args');
    expect(first?.['id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(first?.['traceId']).toMatch(/^[0-9a-f]{32}$/);
    expect(typeof first?.['durationMs']).toBe('number');
    expect(second).toMatchObject({ seq: 2, effect: 'deny', outcome: 'blocked', reason: 'Too big' });
    expect(readFileSync(path, 'utf8')).not.toContain('4111');
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 2, tornTail: false });
  });

  it('stores raw args only with audit.includeArgs [audit.no-raw-args]', async () => {
    const [line] = await writeLog(freshPath(), 1, true);
    expect(JSON.parse(line ?? '{}').args).toEqual({ amount: 10, memo: 'card 4111' });
  });

  it('continues the chain of an existing file', async () => {
    const path = freshPath();
    await writeLog(path, 2);
    const lines = await writeLog(path, 2);
    expect(lines.map((l) => JSON.parse(l).seq)).toEqual([1, 2, 3, 4]);
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 4 });
  });

  it('cuts a torn last line before appending, so the chain stays valid [audit.crash.chain-valid]', async () => {
    const path = freshPath();
    await writeLog(path, 2);
    appendFileSync(path, '{"v":1,"id":"torn');
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 2, tornTail: true });
    await writeLog(path, 1);
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 3, tornTail: false });
  });
});

describe('verifyAuditLog', () => {
  const tamper = async (change: (lines: string[]) => string[]) => {
    const path = freshPath();
    const lines = await writeLog(path, 5);
    writeFileSync(path, `${change(lines).join('\n')}\n`);
    return verifyAuditLog(path);
  };

  it('finds an edited record [audit.chain.tamper-detected]', async () => {
    expect(
      await tamper((l) =>
        l.map((line, i) => (i === 2 ? line.replace('"outcome":"executed"', '"outcome":"blocked"') : line)),
      ),
    ).toEqual({
      ok: false,
      records: 3,
      line: 4,
      reason: 'hash chain broken: prev does not match the previous line (it was edited or removed)',
    });
  });

  it('finds a removed record [audit.chain.tamper-detected]', async () => {
    expect(await tamper((l) => l.filter((_, i) => i !== 1))).toEqual({
      ok: false,
      records: 1,
      line: 2,
      reason: 'expected record 2, found 3 (a record is missing or out of order)',
    });
  });

  it('finds reordered records [audit.chain.tamper-detected]', async () => {
    expect(await tamper(([a, b, c, ...rest]) => [a, c, b, ...rest] as string[])).toMatchObject({
      ok: false,
      line: 2,
    });
  });

  it('finds a garbage line in the middle [audit.chain.tamper-detected]', async () => {
    expect(await tamper((l) => [l[0] as string, 'not json', ...l.slice(1)])).toEqual({
      ok: false,
      records: 1,
      line: 2,
      reason: 'line is not valid JSON',
    });
  });

  it('reports a cut tail through lastHash', async () => {
    const path = freshPath();
    await writeLog(path, 3);
    const full = await verifyAuditLog(path);
    const cut = await tamper((l) => l.slice(0, 2));
    expect(cut.ok && full.ok && cut.lastHash !== full.lastHash).toBe(true);
  });
});
