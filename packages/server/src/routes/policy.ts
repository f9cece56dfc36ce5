import { PortcullisError } from '@portcullis/core';
import type { Context, Hono } from 'hono';
import { requireRole } from '../auth.ts';
import { apiError, jsonBody } from '../http-errors.ts';
import type { ActivePolicy } from '../policy-manager.ts';
import { RollbackRequestSchema } from '../schemas.ts';
import type { ServerDeps, ServerEnv } from '../server-deps.ts';

/** The policy lifecycle: read it, replace it, list versions, roll back. */
export function policyRoutes(app: Hono<ServerEnv>, deps: ServerDeps): void {
  const operator = requireRole('operator');
  const describe = (active: ActivePolicy) => ({
    version: active.version,
    ...(active.policy.name === undefined ? {} : { name: active.policy.name }),
    source: active.source,
    activatedAt: active.activatedAt,
    ...(deps.policies.path === undefined ? {} : { path: deps.policies.path }),
    policy: active.policy,
  });

  app.get('/v1/policy', requireRole('agent', 'operator'), (c) => c.json(describe(deps.policies.active)));

  app.put('/v1/policy', operator, async (c) => {
    const text = await c.req.text();
    return swap(c, () => deps.policies.apply(text, 'api'), describe);
  });

  app.get('/v1/policy/versions', operator, async (c) => {
    const active = deps.policies.active.version;
    const versions = (await deps.policies.versions()).map(({ text: _text, ...record }) => ({
      ...record,
      active: record.version === active,
    }));
    return c.json({ versions });
  });

  app.post('/v1/policy/rollback', operator, async (c) => {
    const body = await jsonBody(c, RollbackRequestSchema);
    if (!body.ok) return body.response;
    return swap(
      c,
      async () => {
        const active = await deps.policies.rollback(body.data.version);
        if (!active) throw new UnknownVersion(body.data.version);
        return active;
      },
      describe,
    );
  });
}

class UnknownVersion extends Error {}

async function swap(
  c: Context<ServerEnv>,
  change: () => Promise<ActivePolicy>,
  describe: (active: ActivePolicy) => object,
): Promise<Response> {
  try {
    return c.json(describe(await change()));
  } catch (error) {
    if (error instanceof UnknownVersion) {
      return apiError(c, 404, 'version_not_found', `No policy version ${error.message}`);
    }
    if (PortcullisError.isInstance(error) && error.code === 'policy_invalid') {
      // The old policy stays in force.
      return apiError(c, 422, 'policy_invalid', error.message, { issues: error.data?.['issues'] ?? [] });
    }
    throw error;
  }
}
