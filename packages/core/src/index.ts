/**
 * @portcullis/core — judges every AI agent tool call before it runs.
 *
 * @example
 * import { createEngine, loadPolicy } from '@portcullis/core';
 * const engine = createEngine({ policy: await loadPolicy('./portcullis.yaml') });
 * const verdict = await engine.evaluate({ tool: 'refund', args: { amount: 1500 }, source: 'direct' });
 *
 * @module @portcullis/core
 */

// Approvals
export type {
  ApprovalHandler,
  ApprovalLevel,
  ApprovalRequest,
  ApprovalResponse,
} from './approvals/approval-handler.ts';
export { autoDeny } from './approvals/auto-deny.ts';
export {
  type ApproverOptions,
  type CallbackAnswer,
  callbackApprover,
} from './approvals/callback-approver.ts';
export { type ConsoleApproverOptions, consoleApprover } from './approvals/console-approver.ts';
export {
  type QueueApprover,
  type QueueApproverOptions,
  type QueuedApproval,
  queueApprover,
} from './approvals/queue-approver.ts';
export {
  type ApprovalResult,
  approvalHash,
  approvalRequest,
  requestApproval,
} from './approvals/request-approval.ts';
export {
  WebhookAnswerSchema,
  type WebhookApprover,
  type WebhookApproverOptions,
  webhookApprover,
} from './approvals/webhook-approver.ts';
export { SIGNATURE_HEADER, signPayload, verifySignature } from './approvals/webhook-signature.ts';
// Audit
export type { AuditDecision, AuditRecord, AuditSink } from './audit/audit-sink.ts';
export { type ConsoleSinkOptions, consoleSink, type StructuredLogger } from './audit/console-sink.ts';
export { type ChainedRecord, GENESIS_HASH, type JsonlSinkOptions, jsonlSink } from './audit/jsonl-sink.ts';
export { type OtelSinkOptions, otelSink } from './audit/otel-sink.ts';
export {
  type AuditQuery,
  type SqliteSink,
  type SqliteSinkOptions,
  type StoredAuditRecord,
  sqliteSink,
} from './audit/sqlite-sink.ts';
export { type AuditVerification, isSqliteFile, verifyAuditLog } from './audit/verify-audit-log.ts';
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
export { denialText } from './denial-text.ts';
export type { AddressBlockCode } from './detectors/classify-address.ts';
// Detectors
export { type CodeLanguage, classifyCode } from './detectors/classify-code.ts';
export {
  type CommandClass,
  type CommandClassification,
  type CommandFinding,
  classifyCommand,
} from './detectors/classify-command.ts';
export {
  type ClassifyPathOptions,
  classifyPath,
  type PathBlockCode,
  type PathClassification,
} from './detectors/classify-path.ts';
export {
  type CheckUrlOptions,
  type ClassifyUrlOptions,
  checkUrl,
  classifyUrl,
  type ResolveHost,
  type UrlBlockCode,
  type UrlClassification,
} from './detectors/classify-url.ts';
export type { CodeClass, CodeClassification, CodeFinding } from './detectors/code-findings.ts';
export { type DetectPiiOptions, detectPii, PII_TYPES, type PiiType } from './detectors/detect-pii.ts';
export { type DetectSecretsOptions, detectSecrets } from './detectors/detect-secrets.ts';
export type { Finding } from './detectors/finding.ts';
export { type RedactionFinding, type RedactionResult, redact } from './detectors/redact.ts';
export { createScanner, type Scanner } from './detectors/scanner.ts';
export { SECRET_TYPES, type SecretType } from './detectors/secret-types.ts';
// Engine
export { createEngine } from './engine/create-engine.ts';
export type {
  EngineOptions,
  Explanation,
  GuardTrace,
  InProcessEngine,
  PolicyEngine,
  RunResult,
} from './engine/engine-types.ts';
export { isNeverAllowed } from './engine/never-allowed.ts';
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
export { type ParsedPath, type PathSegment, parseArgPath } from './guards/arg-path.ts';
export { type Condition, ConditionSchema } from './policy/condition-schema.ts';
// Policy
export { type SourceLocator, schemaIssues } from './policy/format-issues.ts';
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
export type { ScanOptions } from './policy/sensitive-data-schema.ts';
export { readYamlSource, type YamlSource } from './policy/yaml-source.ts';
export { principalFrom } from './principal-from.ts';

// Remote engine (guard server client)
export {
  createRemoteEngine,
  type RemoteEngine,
  type RemoteEngineOptions,
  type RemoteVerdict,
} from './remote/remote-engine.ts';
// State
export {
  type MemoryStore,
  type MemoryStoreOptions,
  type MemoryStoreSize,
  memoryStore,
} from './state/memory-store.ts';
export { type SqliteStore, type SqliteStoreOptions, sqliteStore } from './state/sqlite-store.ts';
export type { ReserveRequest, ReserveResult, StateStore, SyncStateStore } from './state/state-store.ts';
export { canonicalHash, canonicalJson } from './util/canonical-json.ts';
export type { Awaitable } from './util/maybe-promise.ts';
