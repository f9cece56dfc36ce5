// Custom guards next to the built-in ones, each path asserted: a business rule (deny / ask /
// allow), a stateful counter, an async service under the deadline (slow → denied, fail closed),
// and a rewrite. The process exits non-zero if any expectation fails.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { callbackApprover, createEngine, loadPolicy, type PolicyEngine } from '@portcullis/core';
import { collectingSink } from '@portcullis/core/testing';
import { fraudGuard, fraudService, payeeGuard, payees, resetLimit, stripInternalNotes } from './guards.ts';

const quiet = process.argv.includes('--quiet');
const say = (line: string) => {
  if (!quiet) console.log(line);
};

const policy = await loadPolicy(fileURLToPath(new URL('../policy.yaml', import.meta.url)));
const audit = collectingSink();
const now = Date.UTC(2026, 10, 21, 12);
payees.set('new-contractor', now - 3_600_000); // added an hour ago

function engineWith(fraudLatencyMs: number): PolicyEngine {
  return createEngine({
    policy,
    now: () => now,
    audit,
    guards: [payeeGuard, resetLimit, fraudGuard(fraudService(fraudLatencyMs)), stripInternalNotes],
    approvals: callbackApprover(() => ({ approved: false, approver: 'ops', reason: 'not verified' })),
  });
}

const engine = engineWith(5);
const sent: unknown[] = [];
async function call(e: PolicyEngine, tool: string, args: Record<string, unknown>) {
  const result = await e.run({ tool, args, source: 'direct' }, (ran) => {
    sent.push({ tool, ...ran });
    return 'ok';
  });
  const codes = result.verdict.decisions.flatMap((d) => (d.effect === 'deny' ? [d.code] : []));
  say(`${result.outcome.padEnd(8)} ${tool} ${JSON.stringify(args)} — ${result.verdict.reason}`);
  return { outcome: result.outcome, codes };
}

// The business rule: unknown payee denied, new payee above $100 asks (ops rejects), $50 runs.
assert.deepEqual(await call(engine, 'transfer_funds', { amount: 20, to: 'acct-1' }), {
  outcome: 'blocked',
  codes: ['unknown_payee'],
});
assert.deepEqual(await call(engine, 'transfer_funds', { amount: 500, to: 'new-contractor' }), {
  outcome: 'rejected',
  codes: ['approval_rejected'],
});
assert.deepEqual(await call(engine, 'transfer_funds', { amount: 50, to: 'landlord' }), {
  outcome: 'executed',
  codes: [],
});
// The fraud service (async) flags a large transfer to a known payee.
assert.deepEqual(await call(engine, 'transfer_funds', { amount: 5000, to: 'savings' }), {
  outcome: 'blocked',
  codes: ['fraud_risk'],
});

// The stateful counter: the fourth reset of the day is refused.
const resets = [];
for (let i = 0; i < 4; i++) resets.push((await call(engine, 'reset_password', { user: 'u-42' })).outcome);
assert.deepEqual(resets, ['executed', 'executed', 'executed', 'blocked']);

// The rewrite: the invoice goes out without its internal notes.
await call(engine, 'send_invoice', { customer: 'acme', total: 120, internalNotes: 'late payer, push hard' });
assert.deepEqual(sent.at(-1), { tool: 'send_invoice', customer: 'acme', total: 120 });

// Fail closed: when the fraud service is slower than the 50 ms deadline, the transfer does not run.
const slow = engineWith(500);
assert.deepEqual(await call(slow, 'transfer_funds', { amount: 50, to: 'landlord' }), {
  outcome: 'blocked',
  codes: ['guard_timeout'],
});

assert.equal(sent.filter((s) => (s as { tool: string }).tool === 'transfer_funds').length, 1);
assert.equal(audit.records.length, 10);
say(`Audit: ${audit.records.length} records; only the $50 transfer ran.`);
