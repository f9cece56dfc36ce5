import type {
  CallContext,
  Effect,
  Principal,
  QueueApprover,
  SqliteSink,
  StateStore,
  Verdict,
} from '@portcullis/core';
import type { ApiKeyConfig } from './api-keys.ts';
import type { EventBus } from './event-bus.ts';
import type { ServerMetrics } from './metrics.ts';
import type { PendingCalls } from './pending-calls.ts';
import type { PolicyManager } from './policy-manager.ts';

/** What the routes share. */
export interface ServerDeps {
  policies: PolicyManager;
  store: StateStore;
  audit: SqliteSink | undefined;
  queue: QueueApprover;
  events: EventBus;
  metrics: ServerMetrics;
  pending: PendingCalls;
  /** Server-wide default wait for an approval in `POST /v1/run` (else the policy's). */
  approvalTimeoutMs: number | undefined;
  stats: ServerStats;
  /** Records a fresh verdict: metrics, totals, the live feed, the principals budgets are shown for. */
  observe(ctx: CallContext, verdict: Verdict, policyVersion: string): void;
}

/** Totals since the server started. */
export interface ServerStats {
  since: string;
  verdicts: Record<Effect, number>;
  outcomes: Record<string, number>;
  /** The last distinct principals seen (for budget gauges of per-user, per-agent… limits). */
  principals: (Principal | undefined)[];
}

/** Hono variables set by the auth middleware. */
export interface ServerEnv {
  Variables: { key: ApiKeyConfig };
}

/** A verdict as the API sends it: plain fields plus the policy version that made it. */
export function verdictJson(verdict: Verdict, policyVersion: string) {
  return {
    id: verdict.id,
    traceId: verdict.traceId,
    effect: verdict.effect,
    args: verdict.args,
    decisions: verdict.decisions,
    reason: verdict.reason,
    durationMs: verdict.durationMs,
    policyVersion,
  };
}

/** The guard whose decision set the final effect (the first one with that effect). */
export function decidingGuard(verdict: Verdict): string {
  return verdict.decisions.find((d) => d.effect === verdict.effect)?.guard ?? 'defaults';
}
