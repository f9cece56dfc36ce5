import { z } from 'zod';

/**
 * The HTTP API's bodies and answers. Requests are validated by these schemas, and the OpenAPI
 * document is generated from them, so the two cannot disagree.
 */

const Id = z.string().min(1).max(200);

/** Who is acting, as `Principal` in `@portcullis/core`. */
export const PrincipalSchema = z.strictObject({
  /** The agent making the call (selects `byAgent` overrides in the scope guard). */
  agentId: z.string().optional(),
  /** The end user on whose behalf the agent acts. */
  userId: z.string().optional(),
  /** The conversation or run; session-scoped limits are keyed by it. */
  sessionId: z.string().optional(),
  /** The tenant in a multi-tenant deployment. */
  tenantId: z.string().optional(),
  /** Roles of the principal, for approval chains and role-based rules. */
  roles: z.array(z.string()).optional(),
});

/** A tool call, as `CallContext` in `@portcullis/core`. `source` defaults to `http`. */
export const CallContextSchema = z.strictObject({
  tool: z.string().min(1).max(500).describe('The tool name as the model sees it.'),
  args: z.record(z.string(), z.unknown()).describe('Parsed arguments (an object, never a JSON string).'),
  callId: z.string().optional().describe("The framework's tool-call id."),
  /** Which adapter the call comes through (default `http`). */
  source: z.enum(['langchain', 'ai-sdk', 'openai', 'mcp', 'http', 'direct']).default('http'),
  server: z.string().optional().describe('MCP downstream server name.'),
  principal: PrincipalSchema.optional().describe('Who is acting.'),
  intent: z.string().optional().describe("The user's request that led to this call."),
  /** Tool annotations as the tool declares them. */
  hints: z
    .strictObject({
      /** The tool only reads. */
      readOnly: z.boolean().optional(),
      /** The tool may destroy data. */
      destructive: z.boolean().optional(),
      /** Calling it again with the same arguments has no further effect. */
      idempotent: z.boolean().optional(),
      /** The tool reaches outside systems (the web, other services). */
      openWorld: z.boolean().optional(),
    })
    .optional(),
  /** Anything else the caller wants recorded (`traceId` sets the verdict's trace id). */
  metadata: z.record(z.string(), z.unknown()).optional(),
});

/** One guard's decision, as `Decision` in `@portcullis/core`. */
export const DecisionSchema = z.looseObject({
  /** What the guard decided. */
  effect: z.enum(['allow', 'deny', 'ask', 'modify']),
  /** The guard that decided. */
  guard: z.string(),
  /** Why. */
  reason: z.string().optional(),
  /** Machine-readable cause of a deny (e.g. `budget_exceeded`). */
  code: z.string().optional(),
  /** The rule that decided, for the rules guard. */
  rule: z.string().optional(),
  /** How risky the guard judged the call, 0–1. */
  risk: z.number().optional(),
  /** The rewritten arguments, for a modify. */
  args: z.record(z.string(), z.unknown()).optional(),
});

/** A verdict, with the version of the policy that made it. */
export const VerdictSchema = z.strictObject({
  /** Decision id: names this verdict in the audit, approvals and settle. */
  id: z.string(),
  /** Trace id (W3C format). */
  traceId: z.string(),
  /** Final effect, by precedence deny > ask > modify > allow. */
  effect: z.enum(['allow', 'deny', 'ask', 'modify']),
  args: z.record(z.string(), z.unknown()).describe('What execution receives (after any modify).'),
  /** One decision per guard that applied. */
  decisions: z.array(DecisionSchema),
  /** Why, as a sentence: the first deny or ask reason, a modify reason, or "allowed". */
  reason: z.string(),
  /** Time spent evaluating, ms. */
  durationMs: z.number(),
  policyVersion: z.string().describe('Content hash of the policy in force.'),
});

/** The body of `POST /v1/run`: evaluate a call and, when it asks, wait for a human. */
export const RunRequestSchema = z.strictObject({
  /** The call. */
  context: CallContextSchema,
  approvalTimeoutMs: z
    .number()
    .int()
    .positive()
    .max(3_600_000)
    .optional()
    .describe("How long to wait for a human when the call needs approval (default: the policy's)."),
});

/** The answer of `POST /v1/run`: whether the caller may run the call now. */
export const RunAnswerSchema = z.strictObject({
  status: z
    .enum(['execute', 'blocked', 'rejected', 'expired'])
    .describe(
      '`execute`: run the call with `verdict.args`, then POST /v1/settle. Otherwise it must not run.',
    ),
  /** The final verdict (after any approval). */
  verdict: VerdictSchema,
  /** Who approved or rejected, when someone did. */
  approver: z.string().optional(),
});

/** The body of `POST /v1/settle`: how a call the caller ran ended. */
export const SettleRequestSchema = z.strictObject({
  id: Id.describe('The verdict id.'),
  /** How the call ended. */
  outcome: z.enum(['executed', 'failed', 'blocked', 'rejected', 'expired']),
  /** Who approved or rejected, when someone did. */
  approver: z.string().optional(),
  error: z.string().max(2000).optional().describe('The error message, for outcome `failed`.'),
});

export const SettleAnswerSchema = z.strictObject({ settled: z.literal(true) });

/** The body of `POST /v1/approvals/{id}/approve` and `/reject`. */
export const ApprovalAnswerRequestSchema = z.strictObject({
  role: z.string().optional().describe('The chain role this approval is given as.'),
  reason: z.string().max(2000).optional().describe('Why (for a rejection).'),
});

export const ApprovalSchema = z.looseObject({
  id: z.string(),
  /** The framework's id of the tool call, as in its audit record; null when the adapter gave none. */
  callId: z.string().nullable().optional(),
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

/** The query of `GET /v1/audit`: filters that combine with AND. */
export const AuditQuerySchema = z.strictObject({
  /** Only records with this final effect. */
  effect: z.enum(['allow', 'deny', 'ask', 'modify']).optional(),
  /** Only records with this outcome. */
  outcome: z.enum(['executed', 'failed', 'blocked', 'rejected', 'expired']).optional(),
  /** Only calls of this tool (exact name). */
  tool: z.string().optional(),
  principal: z
    .string()
    .optional()
    .describe("Matches the principal's userId, agentId, tenantId or sessionId."),
  since: Time.optional().describe('ISO time or epoch ms: records at or after.'),
  until: Time.optional().describe('ISO time or epoch ms: records before.'),
  /** Most records returned, newest first (default 100). */
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

const Effect = z.enum(['allow', 'deny', 'ask', 'modify']);
const Outcome = z.enum(['executed', 'failed', 'blocked', 'rejected', 'expired']);

/** The answer of `POST /v1/explain`, as `Explanation` in `@portcullis/core`. */
export const ExplanationSchema = z.strictObject({
  /** The tool explained. */
  tool: z.string(),
  /** The effect the call would get. */
  effect: Effect,
  /** Why, as the verdict would say it. */
  reason: z.string(),
  args: z.record(z.string(), z.unknown()).describe('The arguments execution would receive.'),
  /** Every guard, in order, applied or not. */
  guards: z.array(
    z.strictObject({
      /** The guard's name. */
      guard: z.string(),
      /** False when the guard does not apply to the call. */
      applied: z.boolean(),
      /** What it would decide, when it applies. */
      decision: DecisionSchema.optional(),
      /** Each check it made, in order. */
      steps: z.array(
        z.strictObject({
          /** What was checked: a rule name, a list, a path. */
          name: z.string(),
          /** Whether it matched. */
          matched: z.boolean(),
          /** A sentence with the values involved. */
          detail: z.string(),
        }),
      ),
    }),
  ),
});

/** One audit record, as `AuditRecord` in `@portcullis/core` with the version of the policy that judged it. */
export const AuditRecordSchema = z.looseObject({
  /** Record format version. */
  v: z.literal(1),
  /** The verdict id. */
  id: z.string(),
  /** Trace id of the run. */
  traceId: z.string(),
  /** When the call was evaluated (ISO 8601). */
  time: z.string(),
  /** The tool called. */
  tool: z.string(),
  /** The adapter the call came through. */
  source: z.string(),
  /** The MCP downstream server. */
  server: z.string().optional(),
  /** The framework's tool-call id. */
  callId: z.string().optional(),
  /** Who was acting. */
  principal: PrincipalSchema.optional(),
  /** SHA-256 of the canonical JSON of the arguments the model sent. */
  argsHash: z.string(),
  /** SHA-256 of the arguments execution received, when a guard modified them. */
  executedArgsHash: z.string().optional(),
  /** Raw arguments (only with `audit.includeArgs`). */
  args: z.record(z.string(), z.unknown()).optional(),
  /** The final effect. */
  effect: Effect,
  /** How the call ended. */
  outcome: Outcome,
  /** The verdict's reason. */
  reason: z.string(),
  /** One per guard that applied (a modify keeps the hash of its arguments). */
  decisions: z.array(
    z.looseObject({
      /** What the guard decided. */
      effect: Effect,
      /** The guard that decided. */
      guard: z.string(),
    }),
  ),
  /** Who approved or rejected the call. */
  approver: z.string().optional(),
  /** Each approval level granted. */
  approvals: z
    .array(
      z.looseObject({
        /** Who granted this level. */
        approver: z.string(),
      }),
    )
    .optional(),
  /** The tool's error message, for outcome `failed`. */
  error: z.string().optional(),
  /** Evaluation time, ms. */
  durationMs: z.number(),
  /** From evaluation to settlement, ms. */
  elapsedMs: z.number(),
  /** Content hash of the policy that judged the call. */
  policyVersion: z.string().optional(),
});

/** The answer of `GET /v1/audit`, newest first. */
export const AuditAnswerSchema = z.strictObject({
  /** The matching records, newest first. */
  records: z.array(AuditRecordSchema),
});

/** The answer of `GET /v1/stats`: totals since the server started. */
export const StatsAnswerSchema = z.strictObject({
  /** When the server started (ISO 8601). */
  since: z.string(),
  /** Verdicts by effect. */
  verdicts: z.record(Effect, z.number()),
  /** Settled calls by outcome. */
  outcomes: z.record(z.string(), z.number()),
  /** Approval requests waiting for a person. */
  pendingApprovals: z.number(),
  /** Verdicts given and not settled yet. */
  awaitingSettle: z.number(),
  /** The policy in force. */
  policy: z.strictObject({
    /** Content hash of the policy. */
    version: z.string(),
    /** The policy's name, or null when it has none. */
    name: z.string().nullable(),
  }),
});

/** The answer of `GET /v1/budget`: each budget limit and how much of it is used. */
export const BudgetAnswerSchema = z.strictObject({
  /** One entry per budget limit and owner. */
  budgets: z.array(
    z.strictObject({
      /** `daily` or `monthly`. */
      limit: z.enum(['daily', 'monthly']),
      /** Whose spend: `global`, or `user:u-42` and the like. */
      owner: z.string(),
      /** The calendar window, e.g. `2026-11-21`. */
      window: z.string(),
      /** Spent so far in the window. */
      used: z.number(),
      /** The limit. */
      max: z.number(),
    }),
  ),
});

export const ErrorSchema = z.strictObject({
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.looseObject({ path: z.string(), message: z.string() })).optional(),
  }),
});
