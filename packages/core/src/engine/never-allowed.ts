import type { CallContext } from '../context.ts';
import type { PolicyEngine } from './engine-types.ts';

/**
 * Whether the scope guard denies `tool` to this principal whatever the arguments: such a tool can
 * be hidden from the model (or left out of an MCP tool list), since every call to it is refused
 * anyway. Uses `explain`, so it reserves nothing, counts nothing and writes no audit. Argument
 * rules are not considered: they depend on arguments the model has not written yet.
 *
 * @example
 * const visible = [];
 * for (const t of tools) if (!(await isNeverAllowed(engine, { tool: t.name, source: 'direct' }))) visible.push(t);
 */
export async function isNeverAllowed(
  engine: PolicyEngine,
  call: Pick<CallContext, 'tool' | 'source' | 'principal' | 'server' | 'hints'>,
): Promise<boolean> {
  const explanation = await engine.explain({ ...call, args: {} });
  return explanation.guards.find((trace) => trace.guard === 'scope')?.decision?.effect === 'deny';
}
