// The Node twin of agent.py: a guard server in this process (127.0.0.1, a free port, SQLite in a
// temporary folder), and the very HTTP exchanges the Python agent makes, on Node's global fetch —
// allowed, rewritten, denied and approved calls, a failing tool, a wrong key, the audit, and a
// stopped server. Every result is asserted; then the drift check holds agent.py to the routes and
// fields used here and the routes to the server's OpenAPI document. Exits non-zero on any failure.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGuardServer, generateApiKey, hashApiKey } from '@portcullis/server';
import { approvePending, auditLines, guardedCall } from './agent.ts';
import { assertExchanges } from './assert-exchanges.ts';
import { bankTools } from './bank-tools.ts';
import { checkDrift } from './check-drift.ts';
import { type Exchange, GuardClient } from './guard-client.ts';

const quiet = process.argv.includes('--quiet');
const say = (line: string) => {
  if (!quiet) console.log(line);
};
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const SECRET = 'ghp_Zq8wL3mN5pR7tV9xB2dF4hJ6kS1aC0eG3yU8';
/** What the model planned, as in agent.py. */
const PLAN: [string, Record<string, unknown>][] = [
  ['get_balance', { account: 'checking' }],
  ['transfer_funds', { amount: 250, to: 'landlord' }],
  [
    'send_email',
    { to: 'it@bank.example', subject: 'Deploy key', body: `The new deploy key is ${SECRET} - keep it safe` },
  ],
  ['transfer_funds', { amount: 25_000, to: 'offshore-llc' }],
  ['close_account', { account: 'checking' }],
];

const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-python-example-'));
const agentKey = generateApiKey();
const operatorKey = generateApiKey();
const serverErrors: unknown[] = [];
const server = await createGuardServer({
  policyPath: here('../policy.yaml'),
  dataDir,
  keys: [
    { name: 'payments-agent', hash: hashApiKey(agentKey), roles: ['agent'] },
    { name: 'ops', hash: hashApiKey(operatorKey), roles: ['operator'] },
  ],
  watchIntervalMs: 0,
  onError: (error) => serverErrors.push(error),
});
let listening = true;

try {
  const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
  say(`guard server on ${url} (policy version ${server.policyVersion})`);
  const log: Exchange[] = [];
  const ran: { tool: string; args: unknown }[] = [];
  const tools = bankTools(ran);
  const agent = new GuardClient({ url, key: agentKey, log });
  const operator = new GuardClient({ url, key: operatorKey, log });
  const told: string[] = [];
  const startedMs = Date.now();
  const call = async (client: GuardClient, tool: string, args: Record<string, unknown>) => {
    const result = await guardedCall({ agent: client, tools, tool, args, warn: say });
    say(`${tool}: ${result}`);
    told.push(result);
  };

  for (const [tool, args] of PLAN) await call(agent, tool, args);
  // Above $1,000 the policy asks a person: the agent's /v1/run waits while the operator,
  // concurrently, finds the request and approves it.
  const [, approval] = await Promise.all([
    call(agent, 'transfer_funds', { amount: 2500, to: 'savings' }),
    approvePending({ operator, tool: 'transfer_funds', say }),
  ]);
  say(`  operator: ${approval}`);
  // Allowed by the policy, but the tool itself fails: settled as "failed".
  await call(agent, 'transfer_funds', { amount: 400, to: 'acct-991' });
  // Fail closed: a wrong key is answered 401, and the tool does not run.
  await call(new GuardClient({ url, key: 'pcs_not_a_key', log }), 'get_balance', { account: 'checking' });
  const audit = await auditLines({ operator, sinceMs: startedMs });
  say('audit (tool effect outcome approver):');
  for (const line of audit) say(`  ${line}`);

  const redacted = 'The new deploy key is [REDACTED:GITHUB_TOKEN] - keep it safe';
  assert.equal(approval, 'approved');
  assert.deepEqual(told, [
    'balance of checking: $4200',
    'moved $250 to landlord',
    `sent to it@bank.example: ${redacted}`,
    'transfer_funds was not run (blocked): Transfers above $10,000 are never made by the agent',
    'close_account was not run (blocked): Tool "close_account" is denied by scope (matches "close_account")',
    'moved $2500 to savings',
    'transfer_funds failed: unknown payee acct-991',
    'get_balance was not run: no answer from the guard server (HTTP 401 unauthorized: A valid API key is required (Authorization: Bearer <key>))',
  ]);
  // Only what the policy let through ran, with the arguments the server handed back.
  assert.deepEqual(ran, [
    { tool: 'get_balance', args: { account: 'checking' } },
    { tool: 'transfer_funds', args: { amount: 250, to: 'landlord' } },
    { tool: 'send_email', args: { to: 'it@bank.example', subject: 'Deploy key', body: redacted } },
    { tool: 'transfer_funds', args: { amount: 2500, to: 'savings' } },
    { tool: 'transfer_funds', args: { amount: 400, to: 'acct-991' } },
  ]);
  assert.deepEqual(audit, [
    'get_balance allow executed -',
    'transfer_funds allow executed -',
    'send_email modify executed -',
    'transfer_funds deny blocked -',
    'close_account deny blocked -',
    'transfer_funds allow executed ops',
    'transfer_funds allow failed -',
  ]);
  assertExchanges(log, server.policyVersion);

  // The drift check, while the server still answers /openapi.json.
  const openApi = (await (
    await fetch(`${url}/openapi.json`, { headers: { authorization: `Bearer ${operatorKey}` } })
  ).json()) as Record<string, unknown>;
  const drift = checkDrift({ python: readFileSync(here('../agent.py'), 'utf8'), log, openApi });
  say(`drift check: agent.py and this twin agree on ${drift.routes} routes and ${drift.fields} fields`);

  // Fail closed: the server stops, the next call finds no one to ask, and the tool does not run.
  listening = false;
  await server.close();
  await call(agent, 'get_balance', { account: 'checking' });
  assert.equal(
    told.at(-1),
    'get_balance was not run: no answer from the guard server (no connection: ECONNREFUSED)',
  );
  assert.equal(ran.length, 5);
  assert.deepEqual(serverErrors, []);
  say('every expectation held');
} finally {
  if (listening) await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
