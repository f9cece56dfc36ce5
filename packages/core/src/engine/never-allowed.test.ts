import { describe, expect, it } from 'vitest';
import { denialText } from '../denial-text.ts';
import { createEngine } from '../index.ts';
import { collectingSink } from '../testing/index.ts';
import { isNeverAllowed } from './never-allowed.ts';

describe('isNeverAllowed', () => {
  const audit = collectingSink();
  const engine = createEngine({
    policy: {
      version: 1,
      guards: {
        scope: { allow: ['search_*', 'transfer_*'], deny: ['drop_*'], default: 'deny' },
        rateLimit: { perMinute: 1 },
      },
      rules: [
        { name: 'big', tools: ['transfer_*'], when: { amount: { gt: 100 } }, effect: 'deny', reason: 'no' },
      ],
    },
    audit,
  });

  it('is true for tools the scope refuses whatever the arguments, false otherwise', async () => {
    const check = (tool: string) => isNeverAllowed(engine, { tool, source: 'direct' });
    expect(await check('drop_table')).toBe(true);
    expect(await check('delete_user')).toBe(true); // outside the allow-list, and scope's default is deny
    expect(await check('search_docs')).toBe(false);
    // An argument rule may deny some calls, but not every call: the tool stays visible.
    expect(await check('transfer_funds')).toBe(false);
  });

  it('counts nothing and writes no audit, so checking a tool list cannot use up a rate limit', async () => {
    for (let i = 0; i < 5; i++) await isNeverAllowed(engine, { tool: 'search_docs', source: 'direct' });
    const verdict = await engine.evaluate({ tool: 'search_docs', args: {}, source: 'direct' });
    expect(verdict.effect).toBe('allow');
    await engine.settle(verdict, 'executed');
    expect(audit.records).toHaveLength(1);
  });
});

describe('isNeverAllowed with tool annotations', () => {
  it('is true for a tool whose hints the policy refuses, and only with those hints', async () => {
    const engine = createEngine({ policy: { version: 1, guards: { hints: { destructive: 'deny' } } } });
    const check = (hints?: { destructive: boolean }) =>
      isNeverAllowed(engine, { tool: 'wipe', source: 'mcp', ...(hints ? { hints } : {}) });
    expect(await check({ destructive: true })).toBe(true);
    expect(await check({ destructive: false })).toBe(false);
    expect(await check()).toBe(false);
  });
});

describe('denialText', () => {
  it('says the call was not executed, why, and not to retry it', () => {
    expect(denialText('transfer_funds', { reason: 'Over the limit' }, 'rejected')).toBe(
      'The tool call "transfer_funds" was NOT executed: a human rejected it. Reason: Over the limit. Do not retry the same call; change the request or ask the user.',
    );
  });
});
