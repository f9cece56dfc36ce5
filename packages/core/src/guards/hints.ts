import type { ToolHints } from '../context.ts';
import type { Decision } from '../decision.ts';
import type { Guard } from '../guard.ts';
import type { HintsGuardConfig } from '../policy/hints-schema.ts';
import { compileToolMatcher } from './tool-matcher.ts';

/**
 * The hints guard: decides from what a tool declares about itself — by default it asks before any
 * tool annotated destructive. The strictest applicable hint wins.
 *
 * @example
 * hintsGuard({ destructive: 'ask', openWorld: 'allow', notReadOnly: 'allow' })
 */
export function hintsGuard(config: HintsGuardConfig): Guard {
  const exempt = config.allow ? compileToolMatcher(config.allow, { exact: true }) : undefined;
  const checks = [
    ['destructive', config.destructive, (h: ToolHints) => h.destructive === true],
    ['open-world', config.openWorld, (h: ToolHints) => h.openWorld === true],
    ['not read-only', config.notReadOnly, (h: ToolHints) => h.readOnly === false],
  ] as const;
  return {
    name: 'hints',
    deadlineMs: config.deadlineMs,
    failMode: config.failMode,
    appliesTo: (ctx) => ctx.hints !== undefined && (exempt === undefined || exempt(ctx.tool) === undefined),
    evaluate(ctx): Decision {
      const hints = ctx.hints ?? {};
      let ask: string | undefined;
      for (const [label, effect, applies] of checks) {
        if (effect === 'allow' || !applies(hints)) continue;
        const reason = `Tool "${ctx.tool}" is annotated ${label}`;
        if (effect === 'deny') return { effect: 'deny', guard: 'hints', code: 'tool_hint', reason };
        ask ??= `${reason}; approval required`;
      }
      return ask ? { effect: 'ask', guard: 'hints', reason: ask } : { effect: 'allow', guard: 'hints' };
    },
  };
}
