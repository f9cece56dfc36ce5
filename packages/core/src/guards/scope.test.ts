import { describe, expect, it } from 'vitest';
import type { CallContext } from '../context.ts';
import { createEngine } from '../engine/create-engine.ts';
import type { PolicyInput } from '../policy/policy-schema.ts';

async function effectOf(policy: PolicyInput, ctx: Partial<CallContext> & { tool: string }) {
  const verdict = await createEngine({ policy }).evaluate({ args: {}, source: 'direct', ...ctx });
  return [verdict.effect, verdict.decisions.find((d) => d.guard === 'scope')] as const;
}

describe('scope guard', () => {
  const policy: PolicyInput = {
    version: 1,
    guards: { scope: { allow: ['search_*', 'get_*'], deny: ['drop_*', 'get_secret'], ask: ['send_email'] } },
  };

  it('allows, denies and asks by glob, deny first [scope.globs.deny-first]', async () => {
    expect((await effectOf(policy, { tool: 'search_web' }))[0]).toBe('allow');
    expect((await effectOf(policy, { tool: 'drop_table' }))[1]).toMatchObject({
      effect: 'deny',
      code: 'scope_denied',
    });
    expect((await effectOf(policy, { tool: 'get_secret' }))[1]).toEqual({
      effect: 'deny',
      guard: 'scope',
      code: 'scope_denied',
      reason: 'Tool "get_secret" is denied by scope (matches "get_secret")',
    });
    expect((await effectOf(policy, { tool: 'send_email' }))[1]).toEqual({
      effect: 'ask',
      guard: 'scope',
      reason: 'Tool "send_email" needs approval (scope ask matches "send_email")',
    });
  });

  it('gives unmatched tools the default effect: allow, or allow-list mode with deny', async () => {
    expect((await effectOf(policy, { tool: 'rm' }))[0]).toBe('allow');
    const strict = { ...policy, defaults: { effect: 'deny' as const } };
    expect((await effectOf(strict, { tool: 'rm' }))[1]).toEqual({
      effect: 'deny',
      guard: 'scope',
      code: 'not_in_scope',
      reason: 'Tool "rm" is not in the allowed scope',
    });
    expect((await effectOf(strict, { tool: 'search_x' }))[0]).toBe('allow');
    const asking = { version: 1 as const, guards: { scope: { allow: ['a'], default: 'ask' as const } } };
    expect((await effectOf(asking, { tool: 'b' }))[0]).toBe('ask');
  });

  it('matches names with dots and MCP server prefixes', async () => {
    const mcp: PolicyInput = { version: 1, guards: { scope: { deny: ['*'], allow: [] } } };
    expect((await effectOf(mcp, { tool: '.hidden' }))[0]).toBe('deny');
    const servers: PolicyInput = { version: 1, guards: { scope: { deny: ['github__delete_*'] } } };
    expect((await effectOf(servers, { tool: 'github__delete_repo' }))[0]).toBe('deny');
    expect((await effectOf(servers, { tool: 'gitlab__delete_repo' }))[0]).toBe('allow');
  });

  it('applies byAgent overrides, which cannot lift a base deny', async () => {
    const agents: PolicyInput = {
      version: 1,
      guards: {
        scope: {
          allow: ['*'],
          deny: ['drop_*'],
          byAgent: {
            intern: { allow: ['search_*'], default: 'deny' },
            dba: { allow: ['drop_*'], ask: ['alter_*'] },
          },
        },
      },
    };
    const as = (agentId: string, tool: string) => effectOf(agents, { tool, principal: { agentId } });
    expect((await as('intern', 'search_web'))[0]).toBe('allow');
    expect((await as('intern', 'send_email'))[1]).toMatchObject({ code: 'not_in_scope' });
    expect((await as('dba', 'drop_table'))[1]).toMatchObject({ code: 'scope_denied' });
    expect((await as('dba', 'alter_table'))[0]).toBe('ask');
    expect((await as('someone', 'send_email'))[0]).toBe('allow');
    // An agent id that is a prototype key is just an unknown agent.
    expect((await as('constructor', 'send_email'))[0]).toBe('allow');
  });

  it('denies tools not annotated read-only in read-only mode', async () => {
    const ro: PolicyInput = { version: 1, guards: { scope: { readOnly: true } } };
    expect((await effectOf(ro, { tool: 'list', hints: { readOnly: true } }))[0]).toBe('allow');
    expect((await effectOf(ro, { tool: 'write', hints: { readOnly: false } }))[1]).toEqual({
      effect: 'deny',
      guard: 'scope',
      code: 'read_only',
      reason: 'Tool "write" is not annotated read-only, and scope is in read-only mode',
    });
    expect((await effectOf(ro, { tool: 'unannotated' }))[1]).toMatchObject({ code: 'read_only' });
    const perAgent: PolicyInput = {
      version: 1,
      guards: { scope: { byAgent: { viewer: { readOnly: true } } } },
    };
    expect((await effectOf(perAgent, { tool: 'write', principal: { agentId: 'viewer' } }))[0]).toBe('deny');
    expect((await effectOf(perAgent, { tool: 'write', principal: { agentId: 'editor' } }))[0]).toBe('allow');
  });
});
