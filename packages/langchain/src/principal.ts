import type { Principal } from '@portcullis/core';

/**
 * Identity from the agent's runtime context (never from tool arguments, which the model writes):
 * `userId`, `agentId`, `sessionId`, `tenantId` and `roles` when the context carries them, the
 * thread id as the session otherwise, over the fixed `fallback`.
 */
export function principalFrom(
  context: unknown,
  threadId: unknown,
  fallback: Principal | undefined,
): Principal | undefined {
  const fromContext: Principal = {};
  if (context !== null && typeof context === 'object') {
    const c = context as Record<string, unknown>;
    for (const key of ['userId', 'agentId', 'sessionId', 'tenantId'] as const) {
      const value = Object.hasOwn(c, key) ? c[key] : undefined;
      if (typeof value === 'string') fromContext[key] = value;
    }
    const roles = Object.hasOwn(c, 'roles') ? c['roles'] : undefined;
    if (Array.isArray(roles) && roles.every((r) => typeof r === 'string')) fromContext.roles = roles;
  }
  if (fromContext.sessionId === undefined && typeof threadId === 'string') fromContext.sessionId = threadId;
  const merged = { ...fallback, ...fromContext };
  return Object.keys(merged).length > 0 ? merged : undefined;
}
