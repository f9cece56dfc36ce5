import type { Hono } from 'hono';
import { requireRole } from '../auth.ts';
import { budgetUsage } from '../budget-usage.ts';
import { apiError, validate } from '../http-errors.ts';
import { AuditQuerySchema } from '../schemas.ts';
import type { ServerDeps, ServerEnv } from '../server-deps.ts';

/** The operator's read routes: audit search, totals, budget gauges. */
export function auditRoutes(app: Hono<ServerEnv>, deps: ServerDeps): void {
  const operator = requireRole('operator');

  app.get('/v1/audit', operator, (c) => {
    if (!deps.audit)
      return apiError(c, 501, 'audit_not_queryable', 'This server has no queryable (SQLite) audit');
    const query = validate(c, AuditQuerySchema, c.req.query());
    if (!query.ok) return query.response;
    const filter = Object.fromEntries(Object.entries(query.data).filter(([, value]) => value !== undefined));
    return c.json({ records: deps.audit.query(filter) });
  });

  app.get('/v1/stats', operator, async (c) => {
    const { policy, version } = deps.policies.active;
    const pending = await deps.queue.list({ status: 'pending' });
    return c.json({
      since: deps.stats.since,
      verdicts: deps.stats.verdicts,
      outcomes: deps.stats.outcomes,
      pendingApprovals: pending.length,
      awaitingSettle: deps.pending.size,
      policy: { version, name: policy.name ?? null },
    });
  });

  app.get('/v1/budget', operator, async (c) =>
    c.json({
      budgets: await budgetUsage({
        policy: deps.policies.active.policy,
        store: deps.store,
        principals: deps.stats.principals,
      }),
    }),
  );
}
