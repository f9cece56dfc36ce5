import {
  type ApprovalHandler,
  type AuditSink,
  autoDeny,
  createEngine,
  type InProcessEngine,
  jsonlSink,
  loadPolicy,
  memoryStore,
  type QueueApprover,
  queueApprover,
  type StateStore,
  sqliteSink,
  sqliteStore,
} from '@portcullis/core';
import { type ElicitationApprover, elicitationApprover } from './approvals/elicitation-approver.ts';
import type { GuardProxyConfig } from './config/config-schema.ts';

/** The engine a config describes, with the pieces the proxy and its CLI use. */
export interface BuiltEngine {
  engine: InProcessEngine;
  store: StateStore;
  /** The approval queue, when approvals fall back to it. */
  queue: QueueApprover | undefined;
  approver: ElicitationApprover;
}

/** The state store a config names (the SQLite file by default). */
export function storeOf(config: GuardProxyConfig): StateStore {
  return config.state.type === 'sqlite' ? sqliteStore({ path: config.state.path }) : memoryStore();
}

/** The approval queue over a store: pending requests answered by id (`portcullis-mcp approve`). */
export function queueOf(config: GuardProxyConfig, store: StateStore): QueueApprover {
  return queueApprover({
    store,
    // The client is not kept waiting: the call is refused naming the pending id, and runs when retried after approval.
    wait: false,
    ...(config.approvals.timeoutMs === undefined ? {} : { timeoutMs: config.approvals.timeoutMs }),
  });
}

/**
 * Builds the engine from a config: the policy (inline or a file), the state store, the audit
 * sinks, and approvals — the calling client through elicitation, else the queue or a refusal.
 */
export async function buildEngine(
  config: GuardProxyConfig,
  log: (message: string) => void,
): Promise<BuiltEngine> {
  const policy = typeof config.policy === 'string' ? await loadPolicy(config.policy) : config.policy;
  const store = storeOf(config);
  const audit: AuditSink[] = [];
  if (config.audit.jsonl) audit.push(jsonlSink({ path: config.audit.jsonl }));
  if (config.audit.sqlite) audit.push(sqliteSink({ path: config.audit.sqlite }));
  const queue = config.approvals.fallback === 'queue' ? queueOf(config, store) : undefined;
  const fallback: ApprovalHandler = queue ?? autoDeny('No approver: the client does not support elicitation');
  const approver = elicitationApprover({ fallback, timeoutMs: config.approvals.timeoutMs });
  const engine = createEngine({
    policy,
    store,
    audit,
    approvals: approver,
    // Relative filesystem roots in the policy mean the same folder as every other relative path of the config.
    ...(config.baseDir === undefined ? {} : { cwd: config.baseDir }),
    onError: (error, context) =>
      log(`audit error${context.sink ? ` (${context.sink})` : ''}: ${(error as Error).message}`),
  });
  return { engine, store, queue, approver };
}
