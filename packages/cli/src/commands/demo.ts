import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type CallContext, createRemoteEngine, verifyAuditLog } from '@portcullis/core';
import { createGuardServer, generateApiKey, hashApiKey } from '@portcullis/server';
import { CliError, type CliIo, effectColor, paint } from '../io.ts';
import { auditReportCommand } from './audit.ts';

/** The banking policy of the demo: allow-list, a hard limit for new payees, approval above $1,000. */
export const DEMO_POLICY = `version: 1
name: banking-demo
defaults:
  effect: deny # allow-list mode: tools not listed never run
  approvalTimeoutMs: 30000
guards:
  scope:
    allow: [transfer_funds, get_balance]
    deny: ["delete_*", close_account]
rules:
  - name: new-payee-limit
    tools: [transfer_funds]
    when:
      amount: { gt: 1000 }
      to: { notIn: [savings, landlord, payroll] }
    effect: deny
    reason: Transfers over $1,000 to a payee not on file are never automatic
  - name: large-transfer-approval
    tools: [transfer_funds]
    when:
      amount: { gt: 1000 }
    effect: ask
    reason: Transfers over $1,000 need a human approval
`;

const money = (n: number) => `$${n.toLocaleString('en-US')}`;

/**
 * `portcullis demo`: the banking scenario through the guard server (SQLite state and audit in
 * `dir`) with a remote engine — $2,000 to a new payee is blocked, $5,000 waits for a person (the
 * demo approves it through the API), $50 runs, and once the server is stopped the next call is
 * denied (fail closed). Prints each decision, verifies the audit and writes the HTML report.
 * Asserts every step: exit 1 if Portcullis let through anything it must not.
 */
export async function demoCommand(io: CliIo, options: { dir: string }): Promise<number> {
  const c = paint(io);
  const dir = options.dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const policyPath = join(dir, 'portcullis.yaml');
  writeFileSync(policyPath, DEMO_POLICY);
  const agentKey = generateApiKey();
  const operatorKey = generateApiKey();
  const server = await createGuardServer({
    policyPath,
    dataDir: dir,
    watchIntervalMs: 0,
    keys: [
      { name: 'banking-agent', hash: hashApiKey(agentKey), roles: ['agent'] },
      { name: 'demo-operator', hash: hashApiKey(operatorKey), roles: ['operator'] },
    ],
    onError: () => {},
  });
  const { url } = await server.listen({ port: 0 });
  const engine = createRemoteEngine({ url, apiKey: agentKey, timeoutMs: 2000, retries: 1 });

  io.out(`${c.bold('Portcullis demo')}: a banking agent calls transfer_funds; every call is judged first.\n`);
  io.out(
    c.dim(
      `guard server ${url} · policy banking-demo ${server.policyVersion} · SQLite state and audit in ${dir}\n\n`,
    ),
  );

  let balance = 10_000;
  const transfer = (args: Record<string, unknown>) => {
    balance -= Number(args['amount']);
    return `sent ${money(Number(args['amount']))} to ${String(args['to'])}`;
  };
  const operator = { authorization: `Bearer ${operatorKey}`, 'content-type': 'application/json' };
  /** The person at the dashboard: approves the pending request once it shows up. */
  const approveWhenAsked = async () => {
    for (let i = 0; i < 200; i++) {
      const { approvals } = (await (
        await fetch(`${url}/v1/approvals?status=pending`, { headers: operator })
      ).json()) as {
        approvals: { id: string; reasons: string[] }[];
      };
      const request = approvals[0];
      if (request) {
        io.out(`    ${c.yellow('…')} waits for a person: ${request.reasons.join('; ')}\n`);
        await fetch(`${url}/v1/approvals/${request.id}/approve`, {
          method: 'POST',
          headers: operator,
          body: '{}',
        });
        io.out(
          `    ${c.green('✔')} demo-operator approves it (POST /v1/approvals/${request.id.slice(0, 8)}…/approve)\n`,
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  const failures: string[] = [];
  const step = async (amount: number, to: string, expected: string, code?: string, approve = false) => {
    const ctx: CallContext = {
      tool: 'transfer_funds',
      args: { amount, to },
      source: 'http',
      principal: { agentId: 'banking-agent', userId: 'u-42' },
    };
    io.out(`${c.bold('transfer_funds')} ${money(amount)} → ${to}\n`);
    const [result] = await Promise.all([engine.run(ctx, transfer), approve ? approveWhenAsked() : undefined]);
    const { verdict } = result;
    const deny = verdict.decisions.find((d) => d.effect === 'deny');
    const by = verdict.decisions.filter((d) => d.effect === verdict.effect).map((d) => d.guard);
    const mark = result.outcome === 'executed' ? c.green('✔') : c.red('✘');
    io.out(
      `    ${mark} ${effectColor(io, result.outcome)}  ${verdict.effect} (${[...new Set(by)].join(', ') || 'defaults'}): ${verdict.reason}\n\n`,
    );
    if (result.outcome !== expected)
      failures.push(`${money(amount)}: expected ${expected}, got ${result.outcome}`);
    if (code && deny?.code !== code)
      failures.push(`${money(amount)}: expected code ${code}, got ${deny?.code}`);
  };

  try {
    await step(2000, 'acct-7731 (new payee)', 'blocked', 'rule');
    await step(5000, 'savings', 'executed', undefined, true);
    await step(50, 'landlord', 'executed');
    await engine.close();
  } finally {
    await server.close();
  }
  io.out(c.dim('The guard server is stopped. The agent tries again:\n'));
  await step(50, 'landlord', 'blocked', 'remote_unavailable');

  const auditPath = join(dir, 'audit.db');
  const audit = await verifyAuditLog(auditPath);
  if (!audit.ok || audit.records !== 3)
    failures.push(`the audit must hold 3 intact records: ${JSON.stringify(audit)}`);
  if (balance !== 4950)
    failures.push(`only the $5,000 and $50 transfers may move money; balance is ${balance}`);
  const reportPath = join(dir, 'report.html');
  await auditReportCommand(
    { ...io, err: () => {} },
    { from: auditPath, html: reportPath, title: 'Portcullis demo audit' },
  );
  io.out(
    `Balance ${money(10_000)} → ${money(balance)}. Audit ${relative('.', auditPath) || auditPath}: ${audit.records} records, hash chain ${audit.ok ? 'intact' : 'BROKEN'}.\n`,
  );
  io.out(`Report: ${c.bold(reportPath)}  (portcullis audit report --from ${auditPath} --html out.html)\n`);
  if (failures.length) throw new CliError(`demo failed:\n  ${failures.join('\n  ')}`);
  return 0;
}
