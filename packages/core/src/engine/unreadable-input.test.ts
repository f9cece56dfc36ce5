import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNSERIALISABLE_ARGS_HASH } from '../audit/audit-record.ts';
import { jsonlSink } from '../audit/jsonl-sink.ts';
import { verifyAuditLog } from '../audit/verify-audit-log.ts';
import type { CallContext } from '../context.ts';
import type { PolicyInput } from '../policy/policy-schema.ts';
import { collectingSink } from '../testing/index.ts';
import { createEngine } from './create-engine.ts';

const throwing = (): never => {
  throw new Error('unreadable');
};

/** A context whose `key` (a dotted path, one level deep at most) is a getter that throws. */
function contextThrowingAt(key: string): CallContext {
  const ctx: Record<string, unknown> = {
    tool: 'search',
    args: { q: 'x' },
    source: 'direct',
    principal: { userId: 'u1', sessionId: 's1' },
    metadata: { traceId: 'a'.repeat(32) },
  };
  const [head, tail] = key.split('.') as [string, string | undefined];
  const target = tail === undefined ? ctx : (ctx[head] as Record<string, unknown>);
  Object.defineProperty(target, tail ?? head, { get: throwing, enumerable: true });
  return ctx as unknown as CallContext;
}

const guarded: PolicyInput = {
  version: 1,
  guards: { rateLimit: { perMinute: 100 }, sensitiveData: { action: 'redact' } },
};

describe('evaluate with a context it cannot read [engine.evaluate.never-throws]', () => {
  const keys = ['tool', 'args', 'metadata', 'metadata.traceId', 'principal', 'principal.sessionId'];

  it.each(keys)('resolves to a deny when reading %s throws', async (key) => {
    const engine = createEngine({ policy: guarded, audit: collectingSink() });
    const verdict = await engine.evaluate(contextThrowingAt(key));
    expect(verdict.effect).toBe('deny');
    expect(verdict.reason).toMatch(/unreadable|Invalid call context/);
    await expect(engine.settle(verdict, 'blocked')).resolves.toBeUndefined();
  });

  it('keeps what it could read in the denial: the tool, principal and trace id', async () => {
    const sink = collectingSink();
    const engine = createEngine({ policy: { version: 1 }, audit: sink });
    const ctx = contextThrowingAt('args');
    const verdict = await engine.evaluate(ctx);
    expect(verdict.traceId).toBe('a'.repeat(32));
    await engine.settle(verdict, 'blocked');
    expect(sink.records[0]).toMatchObject({
      tool: 'search',
      effect: 'deny',
      principal: { userId: 'u1', sessionId: 's1' },
      decisions: [{ guard: 'engine', code: 'engine_error', reason: 'Policy engine error: unreadable' }],
    });
  });

  it('denies a context that is a proxy throwing from every trap', async () => {
    const engine = createEngine({ policy: { version: 1 } });
    const hostile = new Proxy(
      {},
      { get: throwing, getPrototypeOf: throwing, has: throwing, ownKeys: throwing },
    );
    const verdict = await engine.evaluate(hostile as CallContext);
    expect(verdict).toMatchObject({ effect: 'deny', decisions: [{ guard: 'engine' }] });
  });
});

describe('settle with arguments that cannot be serialised', () => {
  const deep = (): Record<string, unknown> => {
    let value: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 10_000; i++) value = { next: value };
    return value;
  };
  const cases: [string, () => Record<string, unknown>][] = [
    ['a throwing getter', () => Object.defineProperty({}, 'x', { get: throwing, enumerable: true })],
    ['a throwing toJSON', () => ({ x: { toJSON: throwing } })],
    ['10,000 levels of nesting', deep],
  ];

  it('audits every call with argsError and keeps the JSONL hash chain valid', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'portcullis-unreadable-')), 'audit.jsonl');
    const engine = createEngine({
      policy: { version: 1, audit: { includeArgs: true, required: false } },
      audit: jsonlSink({ path }),
    });
    for (const [name, args] of cases) {
      const ran = await engine.run({ tool: 'search', args: args(), source: 'direct' }, () => 'ok');
      expect(ran.outcome, name).toBe('executed');
      const verdict = await engine.evaluate({ tool: 'search', args: args(), source: 'direct' });
      await expect(engine.settle(verdict, 'blocked'), name).resolves.toBeUndefined();
    }
    await engine.run({ tool: 'search', args: { q: 'fine' }, source: 'direct' }, () => 'ok');
    await engine.close();
    expect(engine.auditErrors).toBe(0);
    const records = readFileSync(path, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(7);
    for (const record of records.slice(0, 6)) {
      expect(record['argsHash']).toBe(UNSERIALISABLE_ARGS_HASH);
      expect(record['argsError']).toMatch(/^The arguments could not be serialised: /);
      expect(record).not.toHaveProperty('args');
    }
    expect(records[6]).toMatchObject({ args: { q: 'fine' } });
    expect(records[6]).not.toHaveProperty('argsError');
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 7 });
  });

  it('records the arguments as their canonical JSON, so a value JSON cannot write does not lose the record', async () => {
    const sink = collectingSink();
    const engine = createEngine({
      policy: { version: 1, audit: { includeArgs: true, required: false } },
      audit: sink,
    });
    await engine.run({ tool: 'search', args: { n: 10n, b: 1, a: undefined }, source: 'direct' }, () => 'ok');
    expect(sink.records[0]?.args).toEqual({ b: 1, n: '10' });
  });

  it('hashes a custom guard’s unserialisable rewrite as such and names it', async () => {
    const sink = collectingSink();
    const engine = createEngine({
      policy: { version: 1 },
      audit: sink,
      guards: [
        {
          name: 'odd',
          evaluate: () => ({ effect: 'modify', reason: 'r', args: { x: { toJSON: throwing } } }),
        },
      ],
    });
    const verdict = await engine.evaluate({ tool: 'search', args: { q: 'x' }, source: 'direct' });
    await engine.settle(verdict, 'blocked');
    expect(sink.records[0]).toMatchObject({
      executedArgsHash: UNSERIALISABLE_ARGS_HASH,
      argsError: 'The arguments of guard "odd" could not be serialised: unreadable',
      decisions: [{ guard: 'odd', argsHash: UNSERIALISABLE_ARGS_HASH }],
    });
  });
});

describe('a JSONL sink given a record it cannot write', () => {
  it('rejects it and keeps the chain without a gap', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'portcullis-unreadable-')), 'audit.jsonl');
    const sink = jsonlSink({ path });
    const engine = createEngine({ policy: { version: 1 }, audit: collectingSink() });
    const verdict = await engine.evaluate({ tool: 'search', args: {}, source: 'direct' });
    const good = {
      v: 1 as const,
      id: verdict.id,
      traceId: verdict.traceId,
      time: '',
      tool: 't',
      source: 'direct' as const,
    };
    const base = {
      ...good,
      argsHash: '',
      effect: 'allow' as const,
      outcome: 'executed' as const,
      reason: '',
      decisions: [],
      durationMs: 0,
      elapsedMs: 0,
    };
    await sink.write(base);
    await expect(sink.write({ ...base, args: { n: 1n } })).rejects.toThrow(/BigInt/);
    await sink.write(base);
    await sink.close?.();
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 2 });
  });
});
