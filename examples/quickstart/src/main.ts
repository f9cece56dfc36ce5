// The banking scenario with @portcullis/core and a YAML policy. Every expectation is asserted:
// the process exits non-zero when the engine lets through something the policy forbids.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, jsonlSink, loadPolicy, type RunResult, verifyAuditLog } from '@portcullis/core';

const quiet = process.argv.includes('--quiet');
const say = (line: string) => {
  if (!quiet) console.log(line);
};

const policyPath =
  process.env['PORTCULLIS_POLICY'] ?? fileURLToPath(new URL('../policy.yaml', import.meta.url));
const auditPath = join(mkdtempSync(join(tmpdir(), 'portcullis-quickstart-')), 'audit.jsonl');
const engine = createEngine({ policy: await loadPolicy(policyPath), audit: jsonlSink({ path: auditPath }) });

const balance = { checking: 10_000 };
const transferFunds = (args: Record<string, unknown>) => {
  balance.checking -= Number(args['amount']);
  return `sent $${args['amount']} to ${args['to']}`;
};

const scenario = [
  { args: { amount: 2000, to: 'acct-7731 (new payee)' }, expect: 'blocked', code: 'rule' },
  { args: { amount: 5000, to: 'savings' }, expect: 'blocked', code: 'approval_unavailable' },
  { args: { amount: 50, to: 'landlord' }, expect: 'executed', code: undefined },
] as const;

say('Portcullis quickstart: a banking agent calls transfer_funds three times\n');
for (const step of scenario) {
  const result: RunResult<string> = await engine.run(
    {
      tool: 'transfer_funds',
      args: step.args,
      source: 'direct',
      principal: { agentId: 'banking-agent', userId: 'u-42' },
    },
    transferFunds,
  );
  const { verdict } = result;
  const mark = result.outcome === 'executed' ? '✔ executed' : `✘ ${result.outcome}`;
  say(`transfer_funds $${step.args.amount} → ${step.args.to}`);
  say(`  ${mark}  effect=${verdict.effect}  ${verdict.reason}`);
  for (const d of verdict.decisions)
    say(`    · ${d.guard}: ${d.effect}${'code' in d && d.code ? ` (${d.code})` : ''}`);
  say(`    evaluated in ${(verdict.durationMs * 1000).toFixed(1)} µs`);
  assert.equal(
    result.outcome,
    step.expect,
    `$${step.args.amount}: expected ${step.expect}, got ${result.outcome}`,
  );
  if (step.code) assert.ok(verdict.decisions.some((d) => d.effect === 'deny' && d.code === step.code));
}

assert.equal(balance.checking, 9_950, 'only the $50 transfer may move money');
await engine.close();
const audit = await verifyAuditLog(auditPath);
assert.ok(audit.ok && audit.records === 3, `audit log must hold 3 intact records: ${JSON.stringify(audit)}`);
say(`\nBalance: $${balance.checking}. Audit log ${auditPath}: ${audit.records} records, hash chain intact.`);
