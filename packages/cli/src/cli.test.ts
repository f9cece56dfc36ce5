import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { approvalHash, jsonlSink, queueApprover, sqliteStore } from '@portcullis/core';
import { createGuardServer, hashApiKey } from '@portcullis/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from './cli.ts';
import { DEMO_POLICY } from './commands/demo.ts';

/** Runs the CLI in-process and captures what it prints. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['node', 'portcullis', ...args], {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    color: false,
  });
  return { code, out, err };
}

let dir: string;
let policy: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'portcullis-cli-'));
  policy = join(dir, 'policy.yaml');
  writeFileSync(policy, DEMO_POLICY);
});

describe('portcullis check', () => {
  it('accepts a valid policy and summarises it', async () => {
    const result = await cli('check', policy);
    expect(result).toEqual({
      code: 0,
      out: `✔ ${policy} is valid (banking-demo): 1 guard (scope), 2 rules, default deny\n`,
      err: '',
    });
  });

  it('prints every error with its path and line, and exits 1 [cli.check]', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'version: 1\nguards:\n  scope:\n    allow: [a, 3]\n  budget:\n    maxDailySpend: "10$"\n',
    );
    const result = await cli('check', bad);
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `✘ ${bad}: 2 errors\n` +
        '  guards.scope.allow[1] (line 4:16): expected string, received number\n' +
        '  guards.budget.maxDailySpend (line 6:20): expected number, received string "10$"\n',
    );
  });
});

describe('portcullis test and explain', () => {
  it('runs policy fixtures, reports failures and what no case exercised [cli.test-and-explain]', async () => {
    const cases = join(dir, 'cases.yaml');
    writeFileSync(
      cases,
      [
        'cases:',
        '  - { name: small transfer runs, tool: transfer_funds, args: { amount: 50, to: landlord }, expect: allow }',
        '  - { name: new payee blocked, tool: transfer_funds, args: { amount: 2000, to: x }, expect: deny, guard: rules }',
        '  - { name: wrongly expected, tool: close_account, args: {}, expect: allow }',
      ].join('\n'),
    );
    const result = await cli('test', policy, '--cases', cases, '--coverage');
    expect(result.code).toBe(1);
    expect(result.out).toBe(
      [
        '✔ small transfer runs → allow (scope)',
        '✔ new payee blocked → deny (rules)',
        '✘ wrongly expected: expected allow, got deny by scope — Tool "close_account" is denied by scope (matches "close_account")',
        '',
        '2 passed, 1 failed',
        '',
        'Coverage: 2/2 guards, 1/2 rules',
        '  never exercised: rule large-transfer-approval',
        '',
      ].join('\n'),
    );
  });

  it('explains the rule chain of one call [cli.test-and-explain]', async () => {
    const result = await cli(
      'explain',
      policy,
      '--tool',
      'transfer_funds',
      '--args',
      '{"amount":1500,"to":"savings"}',
    );
    expect(result.code).toBe(0);
    expect(result.out).toContain('  rules: ask — Transfers over $1,000 need a human approval\n');
    expect(result.out).toContain('    · new-payee-limit:');
    expect(result.out).toContain('    ✓ large-transfer-approval:');
    expect(result.out.endsWith('→ ask: Transfers over $1,000 need a human approval\n')).toBe(true);
  });

  it('refuses arguments that are not a JSON object with exit code 2', async () => {
    const result = await cli('explain', policy, '--tool', 'x', '--args', '[1]');
    expect(result).toEqual({ code: 2, out: '', err: 'error: --args must be a JSON object\n' });
  });
});

describe('portcullis approvals against the local store', () => {
  it('lists a pending request, approves it, and refuses an unknown id', async () => {
    const dataDir = join(dir, 'approvals');
    const store = sqliteStore({ path: join(dataDir, 'state.db') });
    const queue = queueApprover({ store, wait: false });
    const args = { amount: 5000, to: 'savings' };
    const principal = { userId: 'u-42' };
    const ctx = { tool: 'transfer_funds', args, source: 'direct' as const, principal };
    const verdict = {
      id: 'req-1',
      traceId: 't',
      effect: 'ask' as const,
      args,
      decisions: [],
      reason: 'big',
      durationMs: 0,
    };
    await queue.request(
      {
        id: 'req-1',
        traceId: 't',
        callId: 'call_abc',
        tool: 'transfer_funds',
        args,
        principal,
        reasons: ['Transfers over $1,000 need a human approval'],
        risk: undefined,
        argsHash: approvalHash('transfer_funds', args, principal),
        chain: [],
        timeoutMs: 60_000,
        ctx,
        verdict,
      },
      { signal: new AbortController().signal, timeoutMs: 60_000 },
    );
    store.close();
    const list = await cli('approvals', 'list', '--data-dir', dataDir);
    expect(list.out).toBe(
      'req-1  pending  transfer_funds {"amount":5000,"to":"savings"}  u-42  call call_abc\n    Transfers over $1,000 need a human approval\n',
    );
    const approved = await cli('approvals', 'approve', 'req-1', '--data-dir', dataDir, '--approver', 'alice');
    expect(approved).toEqual({ code: 0, out: '✔ approved req-1 (transfer_funds)\n', err: '' });
    const unknown = await cli('approvals', 'reject', 'nope', '--data-dir', dataDir);
    expect(unknown).toEqual({
      code: 2,
      out: '',
      err: 'error: No pending approval nope (unknown or expired)\n',
    });
  });
});

describe('portcullis demo and audit', () => {
  let demoDir: string;
  let demo: { code: number; out: string; err: string };
  beforeAll(async () => {
    demoDir = join(dir, 'demo');
    demo = await cli('demo', '--dir', demoDir);
  });

  it('runs the banking scenario: blocked, approved, executed, and fail closed with the server down [cli.demo]', () => {
    expect(demo.code).toBe(0);
    const marks = demo.out.split('\n').filter((line) => /^ {4}[✔✘] /.test(line));
    expect(marks).toEqual([
      '    ✘ blocked  deny (rules): Transfers over $1,000 to a payee not on file are never automatic',
      expect.stringMatching(
        /^ {4}✔ demo-operator approves it \(POST \/v1\/approvals\/[0-9a-f]{8}…\/approve\)$/,
      ),
      '    ✔ executed  allow (scope, approval): approved by demo-operator',
      '    ✔ executed  allow (scope, rules): allowed',
      expect.stringMatching(
        /^ {4}✘ blocked {2}deny \(remote\): Guard server unavailable \(.+\); the call is denied$/,
      ),
    ]);
    expect(demo.out).toContain('Balance $10,000 → $4,950.');
  });

  it('verifies the hash chain of the audit, and finds a tampered JSONL log [cli.audit.verify] [audit.chain.tamper-detected]', async () => {
    expect((await cli('audit', 'verify', join(demoDir, 'audit.db'))).out).toMatch(
      /^✔ .*audit\.db: 3 records, hash chain intact\n/,
    );
    const jsonl = join(dir, 'audit.jsonl');
    const sink = jsonlSink({ path: jsonl });
    for (const id of ['a', 'b']) {
      await sink.write({
        v: 1,
        id,
        traceId: id,
        time: new Date(0).toISOString(),
        tool: 'refund',
        source: 'direct',
        argsHash: 'h',
        effect: 'allow',
        outcome: 'executed',
        reason: 'allowed',
        decisions: [],
        durationMs: 0,
        elapsedMs: 0,
      });
    }
    await sink.close?.();
    writeFileSync(jsonl, readFileSync(jsonl, 'utf8').replace('"refund"', '"refund_all"'));
    const broken = await cli('audit', 'verify', jsonl);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('chain broken at record 2');
  });

  it('writes a self-contained HTML report with the chain status, denials and approvers [cli.audit.report]', async () => {
    const html = join(dir, 'report.html');
    const result = await cli('audit', 'report', '--from', join(demoDir, 'audit.db'), '--html', html);
    expect(result.out).toBe(`✔ wrote ${html}: 3 records, chain intact\n`);
    const text = readFileSync(html, 'utf8');
    expect(text).toContain('data-chain="ok"');
    expect(text).toContain('<tr><td>transfer_funds</td><td>1</td></tr>');
    expect(text).toMatch(/<td>u-42<\/td><td>demo-operator<\/td>/);
    expect(text).not.toMatch(/<script|<link|src="http|href="http/);
  });
});

describe('portcullis mcp and serve', () => {
  it('hands mcp to portcullis-mcp with its arguments', async () => {
    const result = await cli('mcp', '--config', join(dir, 'missing.yaml'));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^portcullis-mcp: .*missing\.yaml/);
  });

  it('serves the guard server until it is told to stop', async () => {
    const bin = new URL('./bin.ts', import.meta.url).pathname;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', bin, 'serve', '--policy', policy, '--port', '0', '--data-dir', join(dir, 'serve')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const lines = createInterface({ input: child.stdout });
    let url = '';
    for await (const line of lines) {
      const match = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (match?.[1]) {
        url = match[1];
        break;
      }
    }
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('portcullis keys new', () => {
  it('prints a key once and its entry for the keys file, which the guard server accepts', async () => {
    const result = await cli('keys', 'new', '--name', 'bank-agent', '--role', 'agent', '--role', 'operator');
    expect(result.code).toBe(0);
    const [key, entry, end] = result.out.split('\n');
    expect(key).toMatch(/^pcs_[\w-]{32}$/);
    expect(end).toBe('');
    expect(entry).toBe(
      `  - { name: "bank-agent", hash: "${hashApiKey(key ?? '')}", roles: [agent, operator] }`,
    );
    expect(result.err).toContain('secret');

    const dir = mkdtempSync(join(tmpdir(), 'portcullis-keys-'));
    const keysFile = `keys:\n${entry}\n`;
    writeFileSync(join(dir, 'policy.yaml'), 'version: 1\n');
    const server = await createGuardServer({
      policyPath: join(dir, 'policy.yaml'),
      dataDir: join(dir, 'data'),
      keys: (parse(keysFile) as { keys: never[] }).keys,
    });
    try {
      const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
      const asked = await fetch(`${url}/v1/policy`, { headers: { authorization: `Bearer ${key}` } });
      expect(asked.status).toBe(200);
      const wrong = await fetch(`${url}/v1/policy`, { headers: { authorization: 'Bearer pcs_wrong' } });
      expect(wrong.status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('refuses a role the server does not know, and a missing role, with exit code 2', async () => {
    const bad = await cli('keys', 'new', '--name', 'x', '--role', 'admin');
    expect(bad).toEqual({
      code: 2,
      out: '',
      err: expect.stringContaining('--role: expected agent or operator, got "admin"'),
    });
    const missing = await cli('keys', 'new', '--name', 'x');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("required option '--role <role>' not specified");
  });
});
