import assert from 'node:assert/strict';
import { PRINCIPAL } from './agent.ts';
import type { Exchange } from './guard-client.ts';

/**
 * The scenario's exchanges themselves: routes, statuses, the bodies sent and the answers' fields,
 * exactly (ids are the server's, so they are compared with each other).
 *
 * @example
 * assertExchanges(log, server.policyVersion);
 */
export function assertExchanges(log: readonly Exchange[], policyVersion: string): void {
  // The operator polls until the request shows up; how many empty polls that takes is timing.
  const polls = log.filter((e) => e.route === '/v1/approvals?status=pending');
  assert.ok(polls.length >= 1);
  for (const poll of polls.slice(0, -1)) assert.deepEqual(poll.response, { approvals: [] });
  const seen = log.filter((e) => !polls.slice(0, -1).includes(e));
  assert.deepEqual(
    seen.map((e) => `${e.method} ${e.route} ${e.status}`),
    [
      'POST /v1/run 200',
      'POST /v1/settle 200',
      'POST /v1/run 200',
      'POST /v1/settle 200',
      'POST /v1/run 200',
      'POST /v1/settle 200',
      'POST /v1/run 200',
      'POST /v1/run 200',
      'POST /v1/run 200',
      'GET /v1/approvals?status=pending 200',
      'POST /v1/approvals/{id}/approve 200',
      'POST /v1/settle 200',
      'POST /v1/run 200',
      'POST /v1/settle 200',
      'POST /v1/run 401',
      'GET /v1/audit?since={since}&limit=50 200',
    ],
  );
  const runs = seen.filter((e) => e.route === '/v1/run' && e.status === 200);
  type Answer = { status: string; verdict: Verdict; approver?: string };
  type Verdict = { id: string; effect: string; args: unknown; reason: string; decisions: object[] };
  const answers = runs.map((e) => e.response as Answer);
  const decisions = answers.map((a) =>
    a.verdict.decisions.map((d) =>
      Object.entries(d).flatMap(([k, v]) => (k === 'args' ? [] : [`${k}=${v}`])),
    ),
  );
  assert.deepEqual(
    answers.map((a) => [a.status, a.verdict.effect, a.verdict.reason, a.approver]),
    [
      ['execute', 'allow', 'allowed', undefined],
      ['execute', 'allow', 'allowed', undefined],
      ['execute', 'modify', 'Redacted GITHUB_TOKEN at body', undefined],
      ['blocked', 'deny', 'Transfers above $10,000 are never made by the agent', undefined],
      ['blocked', 'deny', 'Tool "close_account" is denied by scope (matches "close_account")', undefined],
      ['execute', 'allow', 'approved by ops', 'ops'],
      ['execute', 'allow', 'allowed', undefined],
    ],
  );
  assert.deepEqual(decisions[2], [
    ['effect=allow', 'guard=scope', 'reason=allowed by scope (matches "send_email")'],
    ['effect=modify', 'guard=sensitiveData', 'reason=Redacted GITHUB_TOKEN at body'],
  ]);
  assert.deepEqual(decisions[3]?.[1], [
    'effect=deny',
    'guard=rules',
    'code=rule',
    'reason=Transfers above $10,000 are never made by the agent',
    'rule=transfer-hard-limit',
  ]);
  assert.deepEqual(decisions[5], [
    ['effect=allow', 'guard=scope', 'reason=allowed by scope (matches "transfer_funds")'],
    [
      'effect=ask',
      'guard=rules',
      "reason=Transfers above $1,000 need a person's approval",
      'rule=transfer-approval',
    ],
    ['effect=allow', 'guard=approval', 'reason=approved by ops'],
  ]);
  for (const e of seen.filter((x) => x.route === '/v1/settle'))
    assert.deepEqual(e.response, { settled: true });
  assert.deepEqual(
    seen.filter((e) => e.route === '/v1/settle').map((e) => e.request),
    [0, 1, 2, 5, 6].map((i) => ({
      id: answers[i]?.verdict.id,
      outcome: i === 6 ? 'failed' : 'executed',
      ...(i === 6 ? { error: 'unknown payee acct-991' } : {}),
    })),
  );
  const approved = seen.find((e) => e.route.endsWith('/approve'))?.response as {
    approval: { id: string; status: string; levels: { approver: string }[] };
  };
  assert.deepEqual(
    [approved.approval.id, approved.approval.status, approved.approval.levels.map((l) => l.approver)],
    [answers[5]?.verdict.id, 'approved', ['ops']],
  );
  // The audit holds one record per call that reached the policy, in the order they were settled.
  const audit = seen.find((e) => e.route.startsWith('/v1/audit'));
  assert.ok(audit);
  const records = [...(audit.response as { records: Record<string, unknown>[] }).records].reverse();
  assert.deepEqual(
    records.map((r) => [r['id'], r['principal'], r['policyVersion'], r['error']]),
    [0, 1, 2, 3, 4, 5, 6].map((i) => [
      answers[i]?.verdict.id,
      PRINCIPAL,
      policyVersion,
      i === 6 ? 'unknown payee acct-991' : undefined,
    ]),
  );
}
