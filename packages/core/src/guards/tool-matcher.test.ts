import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import type { PolicyInput } from '../policy/policy-schema.ts';
import { compileToolMatcher } from './tool-matcher.ts';

const call = (tool: string, args: Record<string, unknown> = {}) => ({
  tool,
  args,
  source: 'direct' as const,
});

describe('compileToolMatcher', () => {
  it('ignores case by default and says which glob matched', () => {
    const match = compileToolMatcher(['search_*', '*bash*']);
    expect(match('Search_Web')).toBe('search_*');
    expect(match('BASH')).toBe('*bash*');
    expect(match('fetch')).toBeUndefined();
  });

  it('matches namespaced MCP names by the tool name after the server', () => {
    const match = compileToolMatcher(['delete_*', 'buy*']);
    expect(match('db__delete_rows')).toBe('delete_*');
    expect(match('Shop__Buy_Item')).toBe('buy*');
    expect(match('db__select_rows')).toBeUndefined();
    expect(match('__delete_rows')).toBeUndefined();
  });

  it('compares the whole name, case as written, when exact', () => {
    const match = compileToolMatcher(['search_*'], { exact: true });
    expect(match('search_web')).toBe('search_*');
    expect(match('Search_Web')).toBeUndefined();
    expect(match('web__search_web')).toBeUndefined();
  });
});

describe('tool names in another case', () => {
  const engine = (policy: PolicyInput) => createEngine({ policy });

  it('are still judged by the guards whose tools lists name them', async () => {
    const shell = engine({ version: 1, guards: { shell: {} } });
    for (const tool of ['Bash', 'BashTool', 'Shell', 'PowerShell', 'RUN_COMMAND']) {
      const verdict = await shell.evaluate(call(tool, { command: 'rm -rf /' }));
      expect(verdict.effect, tool).toBe('deny');
    }
    const code = engine({ version: 1, guards: { code: {} } });
    const verdict = await code.evaluate(
      call('RUN_CODE', { language: 'python', code: "import os\nos.system('id')" }),
    );
    expect(verdict.effect).toBe('deny');
  });

  it('are denied and asked by scope, but not allowed by its allow-list', async () => {
    const scope = engine({
      version: 1,
      guards: { scope: { allow: ['get_*'], deny: ['drop_*'], ask: ['send_*'], default: 'deny' } },
    });
    expect((await scope.evaluate(call('DROP_TABLE'))).effect).toBe('deny');
    expect((await scope.evaluate(call('Send_Email'))).effect).toBe('ask');
    expect((await scope.evaluate(call('get_user'))).effect).toBe('allow');
    const other = await scope.evaluate(call('Get_User'));
    expect(other.effect).toBe('deny');
    expect(other.reason).toContain('not in the allowed scope');
  });

  it('meet deny rules, while allow rules match case as written', async () => {
    const rules = engine({
      version: 1,
      rules: [
        { name: 'reads', tools: ['read_*'], effect: 'allow', reason: 'reads are fine' },
        { name: 'no-refunds', tools: ['refund'], effect: 'deny', reason: 'no refunds' },
        { name: 'no-shouting', tools: ['*'], when: { loud: { eq: true } }, effect: 'deny', reason: 'loud' },
      ],
    });
    expect((await rules.evaluate(call('Refund'))).effect).toBe('deny');
    expect((await rules.evaluate(call('read_file', { loud: true }))).effect).toBe('allow');
    // `READ_FILE` is not the allow rule's tool, so the rule after it decides.
    const verdict = await rules.evaluate(call('READ_FILE', { loud: true }));
    expect(verdict.effect).toBe('deny');
    expect(verdict.reason).toContain('loud');
  });

  it('pay the price the costs table names', async () => {
    const budget = engine({
      version: 1,
      guards: { budget: { costs: { 'gpt4_*': 10 }, maxDailySpend: 15 } },
    });
    const first = await budget.evaluate(call('GPT4_chat'));
    expect(first.effect).toBe('allow');
    await budget.settle(first, 'executed');
    expect((await budget.evaluate(call('gpt4_CHAT'))).effect).toBe('deny');
  });
});
