import { z } from 'zod';

/**
 * The HTTP API's bodies and answers. Requests are validated by these schemas, and the OpenAPI
 * document is generated from them, so the two cannot disagree.
 */

const Id = z.string().min(1).max(200);

export const PrincipalSchema = z.strictObject({
  agentId: z.string().optional(),
  userId: z.string().optional(),
  sessionId: z.string().optional(),
  tenantId: z.string().optional(),
  roles: z.array(z.string()).optional(),
});

/** A tool call, as `CallContext` in `@portcullis/core`. `source` defaults to `http`. */
export const CallContextSchema = z.strictObject({
  tool: z.string().min(1).max(500).describe('The tool name as the model sees it.'),
  args: z.record(z.string(), z.unknown()).describe('Parsed arguments (an object, never a JSON string).'),
  callId: z.string().optional().describe("The framework's tool-call id."),
  source: z.enum(['langchain', 'ai-sdk', 'openai', 'mcp', 'http', 'direct']).default('http'),
  server: z.string().optional().describe('MCP downstream server name.'),
  principal: PrincipalSchema.optional().describe('Who is acting.'),
  intent: z.string().optional().describe("The user's request that led to this call."),
  hints: z
    .strictObject({
      readOnly: z.boolean().optional(),
      destructive: z.boolean().optional(),
      idempotent: z.boolean().optional(),
      openWorld: z.boolean().optional(),
    })
    .optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export const DecisionSchema = z.looseObject({
  effect: z.enum(['allow', 'deny', 'ask', 'modify']),
  guard: z.string(),
  reason: z.string().optional(),
  code: z.string().optional(),
  rule: z.string().optional(),
  risk: z.number().optional(),
  args: z.record(z.string(), z.unknown()).optional(),
});

/** A verdict, with the version of the policy that made it. */
export const VerdictSchema = z.strictObject({
  id: z.string(),
  traceId: z.string(),
  effect: z.enum(['allow', 'deny', 'ask', 'modify']),
  args: z.record(z.string(), z.unknown()).describe('What execution receives (after any modify).'),
  decisions: z.array(DecisionSchema),
  reason: z.string(),
  durationMs: z.number(),
  policyVersion: z.string().describe('Content hash of the policy in force.'),
});

export const RunRequestSchema = z.strictObject({
  context: CallContextSchema,
  approvalTimeoutMs: z
    .number()
    .int()
    .positive()
    .max(3_600_000)
    .optional()
    .describe("How long to wait for a human when the call needs approval (default: the policy's)."),
});

export const RunAnswerSchema = z.strictObject({
  status: z
    .enum(['execute', 'blocked', 'rejected', 'expired'])
    .describe(
      '`execute`: run the call with `verdict.args`, then POST /v1/settle. Otherwise it must not run.',
    ),
  verdict: VerdictSchema,
  approver: z.string().optional(),
});

export const SettleRequestSchema = z.strictObject({
  id: Id.describe('The verdict id.'),
  outcome: z.enum(['executed', 'failed', 'blocked', 'rejected', 'expired']),
  approver: z.string().optional(),
  error: z.string().max(2000).optional().describe('The error message, for outcome `failed`.'),
});

export const SettleAnswerSchema = z.strictObject({ settled: z.literal(true) });

export const ApprovalAnswerRequestSchema = z.strictObject({
  role: z.string().optional().describe('The chain role this approval is given as.'),
  reason: z.string().max(2000).optional().describe('Why (for a rejection).'),
});

export const ApprovalSchema = z.looseObject({
  id: z.string(),
  tool: z.string(),
  args: z.record(z.string(), z.unknown()),
  principal: PrincipalSchema.nullable(),
  reasons: z.array(z.string()),
  status: z.enum(['pending', 'approved', 'rejected']),
  chain: z.array(z.string()),
  levels: z.array(z.looseObject({ approver: z.string(), role: z.string().optional(), at: z.string() })),
  createdAt: z.string(),
  expiresAt: z.string(),
});

export const ApprovalListQuerySchema = z.strictObject({
  status: z.enum(['pending', 'approved', 'rejected']).optional(),
});

const Time = z.union([z.iso.datetime({ offset: true }), z.string().regex(/^\d+$/).transform(Number)]);

export const AuditQuerySchema = z.strictObject({
  effect: z.enum(['allow', 'deny', 'ask', 'modify']).optional(),
  outcome: z.enum(['executed', 'failed', 'blocked', 'rejected', 'expired']).optional(),
  tool: z.string().optional(),
  principal: z
    .string()
    .optional()
    .describe("Matches the principal's userId, agentId, tenantId or sessionId."),
  since: Time.optional().describe('ISO time or epoch ms: records at or after.'),
  until: Time.optional().describe('ISO time or epoch ms: records before.'),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});

export const PolicyVersionSchema = z.strictObject({
  version: z.string(),
  name: z.string().optional(),
  source: z.enum(['initial', 'file', 'api', 'rollback']),
  createdAt: z.string(),
  active: z.boolean(),
});

export const PolicyAnswerSchema = z.strictObject({
  version: z.string(),
  name: z.string().optional(),
  source: z.enum(['initial', 'file', 'api', 'rollback']),
  activatedAt: z.string(),
  path: z.string().optional(),
  policy: z.record(z.string(), z.unknown()).describe('The validated policy, defaults applied.'),
});

export const RollbackRequestSchema = z.strictObject({ version: z.string().min(1) });

export const ErrorSchema = z.strictObject({
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.looseObject({ path: z.string(), message: z.string() })).optional(),
  }),
});
