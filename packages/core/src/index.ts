/**
 * @portcullis/core — judges every AI agent tool call before it runs.
 *
 * @example
 * import { createEngine, loadPolicy } from '@portcullis/core';
 * const engine = createEngine({ policy: await loadPolicy('./portcullis.yaml') });
 * const verdict = await engine.evaluate({ tool: 'refund', args: { amount: 1500 }, source: 'direct' });
 */

// Approvals
export type { ApprovalHandler, ApprovalRequest, ApprovalResponse } from './approvals/approval-handler.ts';
// Audit
export type { AuditDecision, AuditRecord, AuditSink } from './audit/audit-sink.ts';
export { type ChainedRecord, GENESIS_HASH, type JsonlSinkOptions, jsonlSink } from './audit/jsonl-sink.ts';
export { type AuditVerification, verifyAuditLog } from './audit/verify-audit-log.ts';
// Call context and decisions
export type { CallContext, CallSource, Principal, ToolHints } from './context.ts';
export type {
  Decision,
  DistributiveOmit,
  Effect,
  GuardDecision,
  Outcome,
  Reservation,
  SettleDetails,
  Verdict,
} from './decision.ts';
// Engine
export { createEngine } from './engine/create-engine.ts';
export type {
  EngineOptions,
  Explanation,
  GuardTrace,
  PolicyEngine,
  RunResult,
} from './engine/engine-types.ts';
// Errors
export { type PolicyIssue, PolicyValidationError } from './errors/policy-validation-error.ts';
export { PortcullisError, type PortcullisErrorOptions } from './errors/portcullis-error.ts';
export { StoreUnavailableError } from './errors/store-unavailable-error.ts';
export { ToolCallDeniedError } from './errors/tool-call-denied-error.ts';
// Guards
export {
  defineGuard,
  type ExplainStep,
  type Guard,
  type GuardEnv,
  type GuardExplanation,
  type Resolver,
} from './guard.ts';
export { type GuardedOptions, guarded } from './guarded.ts';
export { parseArgPath } from './guards/arg-path.ts';
export { type Condition, ConditionSchema } from './policy/condition-schema.ts';
// Policy
export { loadPolicy } from './policy/load-policy.ts';
export { definePolicy, type ParsePolicyOptions, parsePolicy } from './policy/parse-policy.ts';
export { policyJsonSchema } from './policy/policy-json-schema.ts';
export {
  AuditOptionsSchema,
  GuardsSchema,
  type Policy,
  PolicyDefaultsSchema,
  type PolicyInput,
  PolicySchema,
} from './policy/policy-schema.ts';
export { type Rule, RuleSchema, type TimeWindow, TimeWindowSchema } from './policy/rule-schema.ts';
export { type ScopeGuardConfig, ScopeGuardSchema } from './policy/scope-schema.ts';
// State
export { type MemoryStore, type MemoryStoreOptions, memoryStore } from './state/memory-store.ts';
export type { ReserveRequest, ReserveResult, StateStore } from './state/state-store.ts';
export { canonicalHash, canonicalJson } from './util/canonical-json.ts';
