import type { CallContext } from '../context.ts';
import type { Policy } from '../policy/policy-schema.ts';
import { canonicalJson } from '../util/canonical-json.ts';
import type { PolicyEngine } from './engine-types.ts';

/** Guards whose decision depends only on the tool's name, server, agent and annotations. */
const STATIC_GUARDS = new Set(['scope', 'hints']);
const MAX_REMEMBERED = 10_000;

// Answers by policy object: a swapped policy (server hot reload) starts a fresh memo. Adapters ask
// on every model call for every tool, so the answer is worked out once per tool.
const memo = new WeakMap<Policy, Map<string, boolean>>();

/**
 * Whether the policy refuses `tool` to this principal whatever the arguments (by the scope or
 * the tool-annotation hints guard): such a tool can be hidden from the model (or left out of an
 * MCP tool list), since every call to it is refused anyway. Uses `explain`, so it reserves
 * nothing, counts nothing and writes no audit; answers are remembered per policy. Argument rules
 * are not considered: they depend on arguments the model has not written yet.
 *
 * @example
 * const visible = [];
 * for (const t of tools) if (!(await isNeverAllowed(engine, { tool: t.name, source: 'direct' }))) visible.push(t);
 */
export async function isNeverAllowed(
  engine: PolicyEngine,
  call: Pick<CallContext, 'tool' | 'source' | 'principal' | 'server' | 'hints'>,
): Promise<boolean> {
  let answers = memo.get(engine.policy);
  if (!answers) {
    answers = new Map();
    memo.set(engine.policy, answers);
  }
  const key = canonicalJson([call.tool, call.server, call.principal?.agentId, call.hints]);
  const known = answers.get(key);
  if (known !== undefined) return known;
  const explanation = await engine.explain({ ...call, args: {} });
  const never = explanation.guards.some(
    (trace) => STATIC_GUARDS.has(trace.guard) && trace.decision?.effect === 'deny',
  );
  if (answers.size >= MAX_REMEMBERED) answers.clear();
  answers.set(key, never);
  return never;
}
