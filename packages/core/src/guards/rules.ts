import type { CallContext } from '../context.ts';
import type { Decision } from '../decision.ts';
import { type ExplainStep, frozen, type Guard, type GuardEnv, type GuardExplanation } from '../guard.ts';
import type { Rule } from '../policy/rule-schema.ts';
import { memoByKey } from '../util/memo-by-key.ts';
import { type CompiledCondition, compileCondition } from './conditions.ts';
import { compileTimeWindow } from './time-window.ts';
import { compileToolMatcher, TOOL_MEMO, type ToolMatcher } from './tool-matcher.ts';

interface CompiledRule {
  name: string;
  matchTool: ToolMatcher | undefined;
  conditions: CompiledCondition[];
  inWindow: ((epochMs: number) => boolean) | undefined;
  decision: Decision;
}

/**
 * The rules guard: argument rules in policy order; the first rule whose tools match and whose
 * conditions all hold decides. Conditions and globs are compiled once, and the rules that can
 * apply to a tool name are indexed on first sight of that name.
 *
 * @example
 * rulesGuard([{ name: 'refund-limit', tools: ['refund'], when: { amount: { gt: 1000 } }, effect: 'deny' }])
 */
export function rulesGuard(rules: readonly Rule[]): Guard {
  const compiled = rules.map(compileRule);
  const rulesFor = memoByKey(
    (tool) => compiled.filter((rule) => !rule.matchTool || rule.matchTool(tool) !== undefined),
    TOOL_MEMO,
  );

  const holds = (rule: CompiledRule, ctx: CallContext, env: GuardEnv) => {
    for (const condition of rule.conditions) if (!condition.test(ctx.args)) return false;
    return !rule.inWindow || rule.inWindow(env.now());
  };

  return {
    name: 'rules',
    appliesTo: (ctx) => rulesFor(ctx.tool).length > 0,
    evaluate(ctx, env) {
      for (const rule of rulesFor(ctx.tool)) if (holds(rule, ctx, env)) return rule.decision;
      return noMatch;
    },
    explain(ctx, env): GuardExplanation {
      const candidates = rulesFor(ctx.tool);
      const steps: ExplainStep[] = [];
      let decision: Decision | undefined;
      for (const rule of compiled) {
        if (!candidates.includes(rule)) {
          steps.push({ name: rule.name, matched: false, detail: `does not apply to tool "${ctx.tool}"` });
          continue;
        }
        const details = rule.conditions.map((condition) => condition.describe(ctx.args));
        if (rule.inWindow) details.push(`time window: ${rule.inWindow(env.now()) ? 'inside' : 'outside'}`);
        const matched = holds(rule, ctx, env);
        const shadowed = matched && decision !== undefined;
        steps.push({
          name: rule.name,
          matched,
          detail: `${details.length ? details.join('; ') : 'no conditions'}${shadowed ? ' (an earlier rule decided)' : ''}`,
        });
        if (matched && decision === undefined) decision = rule.decision;
      }
      if (candidates.length === 0) return { decision: undefined, steps };
      return { decision: decision ?? noMatch, steps };
    },
  };
}

const noMatch: Decision = frozen({ effect: 'allow', guard: 'rules', reason: 'no rule matched' });

function compileRule(rule: Rule): CompiledRule {
  const conditions = Object.entries(rule.when ?? {}).map(([path, condition]) =>
    compileCondition(path, condition),
  );
  const reason = rule.reason ?? `Rule "${rule.name}" matched`;
  const risk = rule.risk === undefined ? {} : { risk: rule.risk };
  let decision: Decision;
  if (rule.effect === 'deny')
    decision = { effect: 'deny', guard: 'rules', code: 'rule', reason, rule: rule.name, ...risk };
  else if (rule.effect === 'ask') {
    const approvers = rule.approvers ? { approvers: rule.approvers } : {};
    decision = { effect: 'ask', guard: 'rules', reason, rule: rule.name, ...risk, ...approvers };
  } else decision = { effect: 'allow', guard: 'rules', reason, rule: rule.name };
  return {
    name: rule.name,
    // An allow rule shadows the rules after it, so it grants: it matches case as written.
    matchTool: rule.tools ? compileToolMatcher(rule.tools, { exact: rule.effect === 'allow' }) : undefined,
    conditions,
    inWindow: rule.time ? compileTimeWindow(rule.time) : undefined,
    decision: frozen(decision),
  };
}
