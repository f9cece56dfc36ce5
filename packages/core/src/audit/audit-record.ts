import type { Outcome, PendingCall, SettleDetails } from '../decision.ts';
import { canonicalHash } from '../util/canonical-json.ts';
import { errorMessage } from '../util/maybe-promise.ts';
import type { AuditDecision, AuditRecord } from './audit-sink.ts';

/** Builds the audit record of a settled call. */
export function buildAuditRecord(
  pending: PendingCall,
  outcome: Outcome,
  details: SettleDetails | undefined,
  options: { includeArgs: boolean; settledAt: number },
): AuditRecord {
  const { ctx, verdict } = pending;
  const argsHash = canonicalHash(ctx.args);
  const decisions: AuditDecision[] = verdict.decisions.map((decision) => {
    if (decision.effect !== 'modify') return decision;
    const { args, ...rest } = decision;
    return { ...rest, argsHash: canonicalHash(args) };
  });
  const record: AuditRecord = {
    v: 1,
    id: verdict.id,
    traceId: verdict.traceId,
    time: new Date(pending.startedAt).toISOString(),
    tool: ctx.tool,
    source: ctx.source,
    argsHash,
    effect: verdict.effect,
    outcome,
    reason: verdict.reason,
    decisions,
    durationMs: round(verdict.durationMs),
    elapsedMs: round(Math.max(0, options.settledAt - pending.startedAt)),
  };
  if (ctx.server !== undefined) record.server = ctx.server;
  if (ctx.callId !== undefined) record.callId = ctx.callId;
  if (ctx.principal !== undefined) record.principal = ctx.principal;
  if (verdict.args !== ctx.args) record.executedArgsHash = canonicalHash(verdict.args);
  if (options.includeArgs) record.args = ctx.args;
  if (details?.approver !== undefined) record.approver = details.approver;
  if (details?.approvals?.length) record.approvals = details.approvals;
  if (details?.error !== undefined) record.error = errorMessage(details.error);
  return record;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
