import { z } from 'zod';
import type { Role } from './api-keys.ts';
import {
  ApprovalAnswerRequestSchema,
  ApprovalListQuerySchema,
  ApprovalSchema,
  AuditAnswerSchema,
  AuditQuerySchema,
  BudgetAnswerSchema,
  CallContextSchema,
  ErrorSchema,
  ExplanationSchema,
  PolicyAnswerSchema,
  PolicyVersionSchema,
  RollbackRequestSchema,
  RunAnswerSchema,
  RunRequestSchema,
  SettleAnswerSchema,
  SettleRequestSchema,
  StatsAnswerSchema,
  VerdictSchema,
} from './schemas.ts';

/** One documented route. */
export interface RouteDoc {
  /** The HTTP method. */
  method: 'get' | 'post' | 'put';
  /** The path, OpenAPI style (`/v1/approvals/{id}/approve`). */
  path: string;
  /** One line on what the route does. */
  summary: string;
  /** Roles allowed; empty: no key needed. */
  roles: Role[];
  /** The JSON request body's schema. */
  body?: z.ZodType;
  /** A body that is not JSON (the policy document itself). */
  rawBody?: string;
  /** The query parameters' schema. */
  query?: z.ZodObject;
  /** The JSON answer's schema. */
  response?: z.ZodType;
  /** Media type of a non-JSON answer. */
  produces?: string;
}

const Approvals = z.strictObject({ approvals: z.array(ApprovalSchema) });
const Approval = z.strictObject({ approval: ApprovalSchema });

/** Every route the server answers. The OpenAPI document and its test are built from this list. */
export const ROUTES: readonly RouteDoc[] = [
  {
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: 200 when the server runs.',
    roles: [],
    response: z.strictObject({ ok: z.literal(true), policyVersion: z.string() }),
  },
  {
    method: 'post',
    path: '/v1/evaluate',
    summary: 'Judge a call. Settle the verdict afterwards.',
    roles: ['agent'],
    body: CallContextSchema,
    response: VerdictSchema,
  },
  {
    method: 'post',
    path: '/v1/run',
    summary: 'Judge a call and, when it needs approval, wait for a human.',
    roles: ['agent'],
    body: RunRequestSchema,
    response: RunAnswerSchema,
  },
  {
    method: 'post',
    path: '/v1/settle',
    summary: 'Record how a call ended (by verdict id).',
    roles: ['agent'],
    body: SettleRequestSchema,
    response: SettleAnswerSchema,
  },
  {
    method: 'post',
    path: '/v1/explain',
    summary: 'The rule chain of a call, without side effects.',
    roles: ['agent'],
    body: CallContextSchema,
    response: ExplanationSchema,
  },
  {
    method: 'get',
    path: '/v1/approvals',
    summary: 'Approval requests.',
    roles: ['operator'],
    query: ApprovalListQuerySchema,
    response: Approvals,
  },
  {
    method: 'post',
    path: '/v1/approvals/{id}/approve',
    summary: 'Approve a request (the key name is the approver).',
    roles: ['operator'],
    body: ApprovalAnswerRequestSchema,
    response: Approval,
  },
  {
    method: 'post',
    path: '/v1/approvals/{id}/reject',
    summary: 'Reject a request.',
    roles: ['operator'],
    body: ApprovalAnswerRequestSchema,
    response: Approval,
  },
  {
    method: 'get',
    path: '/v1/audit',
    summary: 'Search the audit log, newest first.',
    roles: ['operator'],
    query: AuditQuerySchema,
    response: AuditAnswerSchema,
  },
  {
    method: 'get',
    path: '/v1/stats',
    summary: 'Totals since the server started.',
    roles: ['operator'],
    response: StatsAnswerSchema,
  },
  {
    method: 'get',
    path: '/v1/budget',
    summary: 'Budget use per limit and window.',
    roles: ['operator'],
    response: BudgetAnswerSchema,
  },
  {
    method: 'get',
    path: '/v1/events',
    summary: 'Server-Sent Events: verdict, outcome, approval, policy.',
    roles: ['operator'],
    produces: 'text/event-stream',
  },
  {
    method: 'get',
    path: '/v1/policy',
    summary: 'The policy in force and its version.',
    roles: ['agent', 'operator'],
    response: PolicyAnswerSchema,
  },
  {
    method: 'put',
    path: '/v1/policy',
    summary: 'Replace the policy (YAML or JSON); a bad one is refused with its errors.',
    roles: ['operator'],
    rawBody: 'application/yaml',
    response: PolicyAnswerSchema,
  },
  {
    method: 'get',
    path: '/v1/policy/versions',
    summary: 'Policy versions, newest first.',
    roles: ['operator'],
    response: z.strictObject({ versions: z.array(PolicyVersionSchema) }),
  },
  {
    method: 'post',
    path: '/v1/policy/rollback',
    summary: 'Restore a policy version.',
    roles: ['operator'],
    body: RollbackRequestSchema,
    response: PolicyAnswerSchema,
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics.',
    roles: ['operator'],
    produces: 'text/plain',
  },
  { method: 'get', path: '/openapi.json', summary: 'This document.', roles: ['agent', 'operator'] },
];

const schema = (type: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(type, { target: 'draft-2020-12', io, unrepresentable: 'any' });

/**
 * The OpenAPI 3.1 document of the API, generated from the same zod schemas that validate
 * requests.
 *
 * @example
 * const doc = openApiDocument({ version: '0.0.0' });
 */
export function openApiDocument(input: { version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const parameters = [
      ...[...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
        name: m[1],
        in: 'path',
        required: true,
        schema: { type: 'string' },
      })),
      ...Object.entries(route.query?.shape ?? {}).map(([name, field]) => ({
        name,
        in: 'query',
        required: false,
        schema: schema(field as z.ZodType, 'input'),
      })),
    ];
    const ok = route.produces
      ? { description: 'OK', content: { [route.produces]: { schema: { type: 'string' } } } }
      : {
          description: 'OK',
          content: { 'application/json': { schema: route.response ? schema(route.response, 'output') : {} } },
        };
    const error = { content: { 'application/json': { schema: schema(ErrorSchema, 'output') } } };
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method] = {
      summary: route.summary,
      ...(route.roles.length ? { security: [{ bearer: [] }], 'x-roles': route.roles } : { security: [] }),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: schema(route.body, 'input') } },
            },
          }
        : route.rawBody
          ? { requestBody: { required: true, content: { [route.rawBody]: { schema: { type: 'string' } } } } }
          : {}),
      responses: {
        '200': ok,
        ...(route.body || route.query
          ? { '400': { description: 'Invalid request: every bad path', ...error } }
          : {}),
        ...(route.roles.length
          ? {
              '401': { description: 'No valid API key', ...error },
              '403': { description: 'The key lacks the role', ...error },
              '429': { description: 'Rate limit of the key reached', ...error },
            }
          : {}),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Portcullis guard server', version: input.version },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
