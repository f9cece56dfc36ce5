import { PortcullisError } from '@portcullis/core';
import type { Context, Hono } from 'hono';
import { requireRole } from '../auth.ts';
import { apiError, jsonBody, validate } from '../http-errors.ts';
import { ApprovalAnswerRequestSchema, ApprovalListQuerySchema } from '../schemas.ts';
import type { ServerDeps, ServerEnv } from '../server-deps.ts';

/** The operator's approval routes over the queue: list, approve, reject. The key's name is the approver. */
export function approvalRoutes(app: Hono<ServerEnv>, deps: ServerDeps): void {
  const operator = requireRole('operator');

  app.get('/v1/approvals', operator, async (c) => {
    const query = validate(c, ApprovalListQuerySchema, c.req.query());
    if (!query.ok) return query.response;
    const filter = query.data.status === undefined ? {} : { status: query.data.status };
    return c.json({ approvals: await deps.queue.list(filter) });
  });

  app.post('/v1/approvals/:id/:decision{approve|reject}', operator, async (c) => {
    const body = await jsonBody(c, ApprovalAnswerRequestSchema);
    if (!body.ok) return body.response;
    const key = c.get('key');
    const { role, reason } = body.data;
    if (role !== undefined && key.approverRoles !== undefined && !key.approverRoles.includes(role)) {
      return apiError(c, 403, 'approval_role', `Key "${key.name}" may not approve as ${role}`);
    }
    const id = c.req.param('id');
    try {
      const record =
        c.req.param('decision') === 'approve'
          ? await deps.queue.approve(id, { approver: key.name, ...(role === undefined ? {} : { role }) })
          : await deps.queue.reject(id, { approver: key.name, ...(reason === undefined ? {} : { reason }) });
      const change = record.status === 'rejected' ? 'rejected' : 'approved';
      deps.events.publish({ type: 'approval', change, approval: record });
      return c.json({ approval: record });
    } catch (error) {
      return approvalError(c, error);
    }
  });
}

function approvalError(c: Context<ServerEnv>, error: unknown): Response {
  if (!PortcullisError.isInstance(error)) throw error;
  const status = error.code === 'approval_not_found' ? 404 : error.code === 'approval_decided' ? 409 : 403;
  return apiError(c, status, error.code, error.message);
}
