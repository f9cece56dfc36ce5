import type { CallContext } from '../context.ts';
import type { Decision } from '../decision.ts';
import { frozen, type Guard, type GuardExplanation } from '../guard.ts';
import type { ScopeGuardConfig } from '../policy/scope-schema.ts';
import { memoByKey } from '../util/memo-by-key.ts';
import { compileToolMatcher, TOOL_MEMO, type ToolMatcher } from './tool-matcher.ts';

type DefaultEffect = 'allow' | 'deny' | 'ask';

interface CompiledLists {
  deny: ToolMatcher[];
  ask: ToolMatcher;
  allow: ToolMatcher;
  readOnly: boolean;
  fallback: DefaultEffect;
}

interface ScopeResult {
  decision: Decision;
  /** Which list decided: deny, ask, allow, default or readOnly. */
  matched: string;
  detail: string;
}

// An allow-list grants: `Delete_All` is not allowed by `delete_all`. Deny and ask lists ignore case.
const exact = { exact: true } as const;

/**
 * The scope guard: which tools may be called at all, by name. Deny globs win, then read-only
 * mode, then ask, then allow; a tool no list names gets the default effect.
 *
 * @example
 * scopeGuard({ allow: ['search_*'], deny: ['drop_*'] }, { defaultEffect: 'deny' })
 */
export function scopeGuard(config: ScopeGuardConfig, options: { defaultEffect: DefaultEffect }): Guard {
  const baseDeny = compileToolMatcher(config.deny);
  const base: CompiledLists = {
    deny: [baseDeny],
    ask: compileToolMatcher(config.ask),
    allow: compileToolMatcher(config.allow, exact),
    readOnly: config.readOnly ?? false,
    fallback: config.default ?? options.defaultEffect,
  };
  const byAgent = new Map<string, CompiledLists>();
  for (const [agent, override] of Object.entries(config.byAgent ?? {})) {
    byAgent.set(agent, {
      deny: [baseDeny, compileToolMatcher(override.deny)],
      ask: override.ask ? compileToolMatcher(override.ask) : base.ask,
      allow: override.allow ? compileToolMatcher(override.allow, exact) : base.allow,
      readOnly: override.readOnly ?? base.readOnly,
      fallback: override.default ?? base.fallback,
    });
  }
  // Decisions by name are pure functions of (agent, tool): memoise them.
  const caches = new Map<CompiledLists, (tool: string) => ScopeResult>();
  const cacheFor = (lists: CompiledLists) => {
    let cache = caches.get(lists);
    if (!cache) {
      cache = memoByKey((tool) => byNameResult(lists, tool), TOOL_MEMO);
      caches.set(lists, cache);
    }
    return cache;
  };

  const listsFor = (ctx: CallContext): CompiledLists => {
    const agent = ctx.principal?.agentId;
    return (agent !== undefined && byAgent.get(agent)) || base;
  };

  const judge = (ctx: CallContext): ScopeResult => {
    const lists = listsFor(ctx);
    const byName = cacheFor(lists)(ctx.tool);
    if (byName.decision.effect === 'deny' || !lists.readOnly || ctx.hints?.readOnly === true) return byName;
    return {
      decision: {
        effect: 'deny',
        guard: 'scope',
        code: 'read_only',
        reason: `Tool "${ctx.tool}" is not annotated read-only, and scope is in read-only mode`,
      },
      matched: 'readOnly',
      detail: 'read-only mode: the tool hints do not say readOnly: true',
    };
  };

  return {
    name: 'scope',
    deadlineMs: config.deadlineMs,
    failMode: config.failMode,
    evaluate: (ctx) => judge(ctx).decision,
    explain(ctx): GuardExplanation {
      const result = judge(ctx);
      return {
        decision: result.decision,
        steps: [{ name: result.matched, matched: true, detail: result.detail }],
      };
    },
  };
}

function byNameResult(lists: CompiledLists, tool: string): ScopeResult {
  for (const deny of lists.deny) {
    const glob = deny(tool);
    if (glob !== undefined) {
      return {
        decision: frozen({
          effect: 'deny',
          guard: 'scope',
          code: 'scope_denied',
          reason: `Tool "${tool}" is denied by scope (matches "${glob}")`,
        }),
        matched: 'deny',
        detail: `deny list matches "${glob}"`,
      };
    }
  }
  const ask = lists.ask(tool);
  if (ask !== undefined) {
    return {
      decision: frozen({
        effect: 'ask',
        guard: 'scope',
        reason: `Tool "${tool}" needs approval (scope ask matches "${ask}")`,
      }),
      matched: 'ask',
      detail: `ask list matches "${ask}"`,
    };
  }
  const allow = lists.allow(tool);
  if (allow !== undefined) {
    return {
      decision: frozen({ effect: 'allow', guard: 'scope', reason: `allowed by scope (matches "${allow}")` }),
      matched: 'allow',
      detail: `allow list matches "${allow}"`,
    };
  }
  const detail = `no list matches; default effect is ${lists.fallback}`;
  if (lists.fallback === 'deny') {
    return {
      decision: frozen({
        effect: 'deny',
        guard: 'scope',
        code: 'not_in_scope',
        reason: `Tool "${tool}" is not in the allowed scope`,
      }),
      matched: 'default',
      detail,
    };
  }
  if (lists.fallback === 'ask') {
    return {
      decision: frozen({
        effect: 'ask',
        guard: 'scope',
        reason: `Tool "${tool}" is not in scope; approval required`,
      }),
      matched: 'default',
      detail,
    };
  }
  return {
    decision: frozen({
      effect: 'allow',
      guard: 'scope',
      reason: 'no scope list matches; allowed by default',
    }),
    matched: 'default',
    detail,
  };
}
