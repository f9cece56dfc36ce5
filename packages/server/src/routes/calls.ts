import type { CallContext } from '@portcullis/core';
import type { Hono } from 'hono';
import { applyApproval, approvalStep } from '../approval-step.ts';
import { requireRole } from '../auth.ts';
import { apiError, jsonBody } from '../http-errors.ts';
import { CallContextSchema, RunRequestSchema, SettleRequestSchema } from '../schemas.ts';
import { type ServerDeps, type ServerEnv, verdictJson } from '../server-deps.ts';

/** The agent's routes: judge a call, run it through approval, settle it, explain it. */
export function callRoutes(app: Hono<ServerEnv>, deps: ServerDeps): void {
  const agent = requireRole('agent');

  app.post('/v1/evaluate', agent, async (c) => {
    const body = await jsonBody(c, CallContextSchema);
    if (!body.ok) return body.response;
    const ctx = body.data as CallContext;
    const active = deps.policies.active;
    const verdict = await active.engine.evaluate(ctx);
    deps.observe(ctx, verdict, active.version);
    deps.pending.add(verdict, active.engine);
    return c.json(verdictJson(verdict, active.version));
  });

  app.post('/v1/run', agent, async (c) => {
    const body = await jsonBody(c, RunRequestSchema);
    if (!body.ok) return body.response;
    const ctx = body.data.context as CallContext;
    const { engine, version, policy } = deps.policies.active;
    const verdict = await engine.evaluate(ctx);
    deps.observe(ctx, verdict, version);
    if (verdict.effect === 'ask') {
      const step = await approvalStep({
        queue: deps.queue,
        events: deps.events,
        ctx,
        verdict,
        timeoutMs: body.data.approvalTimeoutMs ?? deps.approvalTimeoutMs ?? policy.defaults.approvalTimeoutMs,
        signal: c.req.raw.signal,
      });
      applyApproval(verdict, step);
      if (step.status !== 'approved') {
        await engine.settle(verdict, step.status, { approver: step.approver });
        return c.json({ status: step.status, verdict: verdictJson(verdict, version) });
      }
      deps.pending.add(verdict, engine, { approver: step.approver, approvals: step.levels });
      return c.json({ status: 'execute', verdict: verdictJson(verdict, version), approver: step.approver });
    }
    if (verdict.effect === 'deny') {
      await engine.settle(verdict, 'blocked');
      return c.json({ status: 'blocked', verdict: verdictJson(verdict, version) });
    }
    deps.pending.add(verdict, engine);
    return c.json({ status: 'execute', verdict: verdictJson(verdict, version) });
  });

  app.post('/v1/settle', agent, async (c) => {
    const body = await jsonBody(c, SettleRequestSchema);
    if (!body.ok) return body.response;
    const { id, outcome, approver, error } = body.data;
    const found = await deps.pending.settle(id, outcome, {
      ...(approver === undefined ? {} : { approver }),
      ...(error === undefined ? {} : { error }),
    });
    if (!found) {
      return apiError(
        c,
        404,
        'verdict_not_found',
        `No verdict ${id} waits to be settled (unknown, settled or expired)`,
      );
    }
    return c.json({ settled: true });
  });

  app.post('/v1/explain', agent, async (c) => {
    const body = await jsonBody(c, CallContextSchema);
    if (!body.ok) return body.response;
    return c.json(await deps.policies.active.engine.explain(body.data as CallContext));
  });
}
