import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createRemoteEngine } from '@portcullis/core';
import { afterEach, describe, expect, it } from 'vitest';
import { BANK_POLICY } from './testing/bank-policy.ts';
import { AGENT_KEY, OPERATOR_KEY } from './testing/test-server.ts';

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
});

/** Starts the guard server in a child process and reads the URL it prints. */
async function spawnServer(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-remote-'));
  writeFileSync(join(dir, 'portcullis.yaml'), BANK_POLICY);
  const fixture = new URL('./testing/serve-fixture.ts', import.meta.url).pathname;
  child = spawn(process.execPath, ['--import', 'tsx', fixture, join(dir, 'portcullis.yaml'), dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) return (JSON.parse(line) as { url: string }).url;
  throw new Error('the server printed no URL');
}

const principal = { agentId: 'banking-agent', userId: 'u-42' };
const transfer = (amount: number, to: string) => ({
  tool: 'transfer_funds',
  args: { amount, to },
  source: 'http' as const,
  principal,
});
const codeOf = (verdict: { decisions: { effect: string; code?: string }[] }) =>
  verdict.decisions.find((d) => d.effect === 'deny')?.code;

describe('createRemoteEngine against a guard server process', () => {
  it('runs allowed calls, then fails closed when the server is killed in the middle of a call [remote.unavailable.deny]', async () => {
    const url = await spawnServer();
    const engine = createRemoteEngine({ url, apiKey: AGENT_KEY, timeoutMs: 2000, retries: 1 });
    expect(await engine.refresh()).toBe(true);
    expect(engine.policy.name).toBe('bank');

    const executed: number[] = [];
    const send = (args: Record<string, unknown>) => {
      executed.push(Number(args['amount']));
      return 'sent';
    };
    const small = await engine.run(transfer(50, 'landlord'), send);
    expect(small).toMatchObject({ outcome: 'executed', result: 'sent', verdict: { effect: 'allow' } });
    const blocked = await engine.run(transfer(2000, 'acct-7731'), send);
    expect(blocked.outcome).toBe('blocked');
    expect(codeOf(blocked.verdict)).toBe('rule');

    // A $5,000 transfer waits for a human; the server dies while it waits.
    const waiting = engine.run(transfer(5000, 'savings'), send);
    const operator = { authorization: `Bearer ${OPERATOR_KEY}` };
    for (let i = 0; i < 100; i++) {
      const list = (await (
        await fetch(`${url}/v1/approvals?status=pending`, { headers: operator })
      ).json()) as {
        approvals: unknown[];
      };
      if (list.approvals.length === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child?.kill('SIGKILL');
    const killed = await waiting;
    expect(killed.outcome).toBe('blocked');
    expect(codeOf(killed.verdict)).toBe('remote_unavailable');

    // With the server gone, nothing runs.
    const after = await engine.run(transfer(50, 'landlord'), send);
    expect(after.outcome).toBe('blocked');
    expect(after.verdict.reason).toBe(
      'Guard server unavailable (connection refused, ECONNREFUSED); the call is denied',
    );
    const verdict = await engine.evaluate(transfer(10, 'landlord'));
    expect([verdict.effect, codeOf(verdict)]).toEqual(['deny', 'remote_unavailable']);
    expect(executed).toEqual([50]);
  });
});
