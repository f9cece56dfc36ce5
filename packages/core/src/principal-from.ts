import type { Principal } from './context.ts';

const STRING_KEYS = ['userId', 'agentId', 'sessionId', 'tenantId'] as const;

/**
 * A principal read from a framework's runtime context (LangGraph `context`, AI SDK
 * `runtimeContext`, an HTTP session), never from tool arguments, which the model writes.
 * Takes `userId`, `agentId`, `sessionId`, `tenantId` (strings) and `roles` (string array) when
 * present as own properties; `sessionId` falls back to `session` (a thread id, say); both lay
 * over the fixed `fallback`. Returns undefined when nothing is known.
 *
 * @example
 * principalFrom({ userId: 'u-42', roles: ['teller'] }, { agentId: 'banking-agent' });
 * // { agentId: 'banking-agent', userId: 'u-42', roles: ['teller'] }
 */
export function principalFrom(
  context: unknown,
  fallback?: Principal,
  session?: string,
): Principal | undefined {
  const fromContext: Principal = {};
  if (context !== null && typeof context === 'object') {
    const c = context as Record<string, unknown>;
    for (const key of STRING_KEYS) {
      const value = Object.hasOwn(c, key) ? c[key] : undefined;
      if (typeof value === 'string') fromContext[key] = value;
    }
    const roles = Object.hasOwn(c, 'roles') ? c['roles'] : undefined;
    if (Array.isArray(roles) && roles.every((r) => typeof r === 'string')) fromContext.roles = roles;
  }
  if (fromContext.sessionId === undefined && session !== undefined) fromContext.sessionId = session;
  const merged = { ...fallback, ...fromContext };
  return Object.keys(merged).length > 0 ? merged : undefined;
}
