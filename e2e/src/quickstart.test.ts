import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a root pnpm script the way a user types it, with the pnpm that runs this suite. */
function pnpm(args: string[], env: Record<string, string> = {}) {
  const execPath = process.env['npm_execpath'];
  const [command, prefix] = execPath?.includes('pnpm') ? [process.execPath, [execPath]] : ['pnpm', []];
  return spawnSync(command, [...prefix, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env, FORCE_COLOR: '0' },
    timeout: 60_000,
  });
}

describe('pnpm demo (the README quick start)', () => {
  it('runs the banking scenario through a guard server, fails closed when it stops, and writes the report [cli.demo]', () => {
    const run = pnpm(['demo']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n').map((line) => line.trim());
    expect(lines).toContain(
      '✘ blocked  deny (rules): Transfers over $1,000 to a payee not on file are never automatic',
    );
    expect(lines).toContain('… waits for a person: Transfers over $1,000 need a human approval');
    expect(lines).toContain('✔ executed  allow (scope, approval): approved by demo-operator');
    expect(lines).toContain('✔ executed  allow (scope, rules): allowed');
    expect(run.stdout).toMatch(
      /✘ blocked {2}deny \(remote\): Guard server unavailable .*; the call is denied/,
    );
    expect(run.stdout).toContain('Balance $10,000 → $4,950.');
    expect(run.stdout).toMatch(/Audit .*audit\.db: 3 records, hash chain intact\./);
  });
});

describe('examples/quickstart (core alone, a YAML policy)', () => {
  const quickstart = (env: Record<string, string> = {}) =>
    pnpm(['--silent', '--filter', '@portcullis/example-quickstart', 'start'], env);

  it('blocks the $2,000 transfer, denies the $5,000 one without an approver, and runs the $50 one [examples.quickstart]', () => {
    const run = quickstart();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toContain(
      '  ✘ blocked  effect=deny  Transfers over $1,000 to a payee not on file are never automatic',
    );
    expect(
      lines.some((l) =>
        l.startsWith('  ✘ blocked  effect=deny  Approval required but no approver is configured'),
      ),
    ).toBe(true);
    expect(lines).toContain('  ✔ executed  effect=allow  allowed');
    expect(run.stdout).toMatch(/Balance: \$9950\. Audit log .*: 3 records, hash chain intact\./);
  });

  it('exits non-zero and names the bad path when the policy is malformed [examples.quickstart]', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-e2e-'));
    const policy = join(dir, 'policy.yaml');
    writeFileSync(policy, 'version: 1\nguards:\n  scope:\n    allow: [transfer_funds, 42]\n');
    const run = quickstart({ PORTCULLIS_POLICY: policy });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`Invalid policy (${policy}):`);
    expect(run.stderr).toContain('guards.scope.allow[1] (line 4): expected string, received number');
  });
});
