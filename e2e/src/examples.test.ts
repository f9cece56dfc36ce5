import { execFile } from 'node:child_process';
import { cpSync, existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from './mcp-helpers.ts';

const execFileAsync = promisify(execFile);
const examples = fileURLToPath(new URL('../../examples/', import.meta.url));

/**
 * Runs an example's main script the way `pnpm start` does, offline: without OPENAI_API_KEY the
 * examples use their scripted models. Each example asserts its own run and exits non-zero when an
 * assertion fails, which rejects here with its output.
 */
async function runExample(dir: string): Promise<string[]> {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
  delete env['OPENAI_API_KEY'];
  delete env['OPENAI_BASE_URL'];
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: dir,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return stdout.split('\n');
}

const denial =
  'The tool call "transfer_funds" was NOT executed: it was blocked by policy. Reason: Transfers over $1,000 to a payee not on file are never automatic. Do not retry the same call; change the request or ask the user.';

/** The banking run of an agent example: its output, line by line, as a user sees it. */
async function expectBankingRun(example: string) {
  const lines = await runExample(join(examples, example));
  expect(lines).toContain('model: scripted (offline)');
  expect(lines).toContain(`✘  ${denial}`);
  expect(lines).toContain(
    '⏸  approval needed: transfer_funds {"amount":5000,"to":"savings"} — Transfers over $1,000 need a human approval',
  );
  expect(lines).toContain('✔  sent $5000 to savings');
  expect(lines).toContain('✔  sent $50 to landlord');
  expect(lines).toContain(
    'Audit: transfer_funds $2000 blocked, transfer_funds $5000 executed, transfer_funds $50 executed',
  );
}

describe('the agent examples, offline with their scripted models', () => {
  it('examples/langchain-agent blocks $2,000, runs $5,000 once a human approves it, and runs $50 [examples.langchain-agent]', async () => {
    await expectBankingRun('langchain-agent');
  });

  it('examples/ai-sdk-agent blocks $2,000, runs $5,000 once a human approves it, and runs $50 [examples.ai-sdk-agent]', async () => {
    await expectBankingRun('ai-sdk-agent');
  });

  it('examples/openai-tool-calls answers every call through Chat Completions and Responses [examples.openai-tool-calls]', async () => {
    const lines = await runExample(join(examples, 'openai-tool-calls'));
    expect(lines[0]).toBe('model: scripted (offline, local server)');
    for (const api of ['Chat Completions:', 'Responses:']) {
      const run = lines.slice(lines.indexOf(api) + 1, lines.indexOf(api) + 8);
      expect(run).toEqual([
        '   ⏸  approval needed: transfer_funds {"amount":5000,"to":"savings"} — Transfers over $1,000 need a human approval',
        '   ✔  a human approves it',
        `   ✘  ${denial}`,
        '   ✔  sent $5000 to savings',
        '   ✔  sent $50 to landlord',
        expect.stringMatching(/^ {3}model: /),
        '   audit: $2000 blocked, $5000 executed, $50 executed',
      ]);
    }
    expect(lines).toContain('All assertions passed.');
  });
});

describe('examples/custom-guard', () => {
  it('blocks, asks, rewrites and fails closed with guards of its own [examples.custom-guard]', async () => {
    const lines = await runExample(join(examples, 'custom-guard'));
    expect(lines.slice(0, 11)).toEqual([
      'blocked  transfer_funds {"amount":20,"to":"acct-1"} — "acct-1" is not a known payee',
      'rejected transfer_funds {"amount":500,"to":"new-contractor"} — Rejected by ops: not verified',
      'executed transfer_funds {"amount":50,"to":"landlord"} — allowed',
      'blocked  transfer_funds {"amount":5000,"to":"savings"} — Fraud score 0.9',
      'executed reset_password {"user":"u-42"} — allowed',
      'executed reset_password {"user":"u-42"} — allowed',
      'executed reset_password {"user":"u-42"} — allowed',
      'blocked  reset_password {"user":"u-42"} — Password reset #4 today for u-42',
      'executed send_invoice {"customer":"acme","total":120,"internalNotes":"late payer, push hard"} — Internal notes removed from the invoice',
      'blocked  transfer_funds {"amount":50,"to":"landlord"} — Guard "fraud-score" did not answer within 50 ms',
      'Audit: 10 records; only the $50 transfer ran.',
    ]);
  });
});

describe('examples/mcp-proxy', () => {
  it('sandboxes server-filesystem, refuses the hidden move, and runs the edit once approved [examples.mcp-proxy]', async () => {
    // A copy of the example, so its sandbox, state and audit are this run's alone (the example's own
    // test script may run at the same time in the same checkout).
    const source = join(examples, 'mcp-proxy');
    const copy = tempDir('portcullis-example-mcp-proxy-');
    // Only tracked files: the pin lockfile is written by the first run, as on a fresh checkout.
    for (const file of ['package.json', 'policy.yaml', 'portcullis.yaml', 'src']) {
      cpSync(join(source, file), join(copy, file), { recursive: true });
    }
    symlinkSync(join(source, 'node_modules'), join(copy, 'node_modules'), 'dir');

    const lines = await runExample(copy);
    const sandbox = join(copy, 'workspace');
    expect(lines[0]).toBe('tools offered: 13 (fs__move_file hidden: true)');
    expect(lines[1]).toBe(`✔ write inside the sandbox: Successfully wrote to ${join(sandbox, 'notes.md')}`);
    expect(lines[2]).toBe(
      `✘ read outside the sandbox: The tool call "fs__read_text_file" was NOT executed: it was blocked by policy. Reason: Filesystem: the path in path is blocked: "${join(copy, 'package.json')}" is absolute and outside every root. Do not retry the same call; change the request or ask the user.`,
    );
    expect(lines[3]).toContain('✘ write a .env file: The tool call "fs__write_file" was NOT executed');
    expect(lines[4]).toContain(
      '✘ move (hidden) called anyway: The tool call "fs__move_file" was NOT executed: it was blocked by policy. Reason: Tool "fs__move_file" is denied by scope',
    );
    expect(lines[5]).toMatch(/^… edit queued for approval: [0-9a-f-]{36}$/);
    expect(lines[6]).toBe('✔ same edit after approval: ```diff');
    expect(lines[7]).toBe('audit: 6 records in .portcullis/audit.jsonl');
    expect(readFileSync(join(sandbox, 'notes.md'), 'utf8')).toBe('# Approved notes\n');
    expect(existsSync(join(sandbox, '.env'))).toBe(false);
  });
});

describe('examples/guard-server-python', () => {
  it('runs the Python agent exchanges against a real guard server, and the agent.py it documents has not drifted [examples.guard-server-python]', async () => {
    const lines = await runExample(join(examples, 'guard-server-python'));
    expect(lines).toContain(
      'send_email: sent to it@bank.example: The new deploy key is [REDACTED:GITHUB_TOKEN] - keep it safe',
    );
    expect(lines).toContain(
      'transfer_funds: transfer_funds was not run (blocked): Transfers above $10,000 are never made by the agent',
    );
    expect(lines).toContain('transfer_funds: moved $2500 to savings');
    expect(lines).toContain('  operator: approved');
    expect(lines).toContain(
      'get_balance: get_balance was not run: no answer from the guard server (no connection: ECONNREFUSED)',
    );
    expect(lines).toContain('drift check: agent.py and this twin agree on 5 routes and 27 fields');
    expect(lines.at(-2)).toBe('every expectation held');
  });
});
