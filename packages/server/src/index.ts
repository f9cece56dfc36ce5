/**
 * @portcullis/server — the Portcullis guard server: the policy engine over HTTP for agents in any
 * language, with an approvals API, a live feed, Prometheus metrics and a dashboard.
 *
 * @example
 * import { createGuardServer, hashApiKey } from '@portcullis/server';
 * const server = await createGuardServer({
 *   policyPath: './portcullis.yaml',
 *   keys: [{ name: 'ops', hash: hashApiKey(process.env.OPS_KEY!), roles: ['operator'] }],
 * });
 * await server.listen({ port: 8787 });
 *
 * @module @portcullis/server
 */

// API keys
export {
  type ApiKeyConfig,
  ApiKeyConfigSchema,
  generateApiKey,
  hashApiKey,
  type Role,
  RoleSchema,
} from './api-keys.ts';
// Budgets
export { type BudgetGauge, budgetUsage } from './budget-usage.ts';
// The server
export { createGuardServer, type GuardServer, type GuardServerOptions } from './create-guard-server.ts';
export type { EventBus, ServerEvent } from './event-bus.ts';
// OpenAPI
export { openApiDocument, ROUTES, type RouteDoc } from './openapi.ts';
// Policy lifecycle
export { type PolicySource, type PolicyVersionRecord, policyVersionOf } from './policy-manager.ts';
// Wire schemas
export {
  ApprovalAnswerRequestSchema,
  AuditAnswerSchema,
  AuditQuerySchema,
  AuditRecordSchema,
  BudgetAnswerSchema,
  CallContextSchema,
  ExplanationSchema,
  RunAnswerSchema,
  RunRequestSchema,
  SettleRequestSchema,
  StatsAnswerSchema,
  VerdictSchema,
} from './schemas.ts';
export type { VersionedAuditRecord } from './stamped-sink.ts';
export { SERVER_VERSION } from './version.ts';
