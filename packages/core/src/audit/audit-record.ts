import type { Principal } from '../context.ts';
import type { Outcome, PendingCall, SettleDetails } from '../decision.ts';
import { canonicalHash, canonicalJson, sha256 } from '../util/canonical-json.ts';
import { errorMessage } from '../util/maybe-promise.ts';
import type { AuditDecision, AuditRecord } from './audit-sink.ts';

/**
 * The `argsHash` of arguments that could not be serialised: the hash of `null`, which no
 * arguments object has.
 */
export const UNSERIALISABLE_ARGS_HASH = canonicalHash(null);

/**
 * Builds the audit record of a settled call. Never throws for the arguments: the call was already
 * decided, and arguments that cannot be serialised (a getter or `toJSON` that throws, nesting too
 * deep to walk) are recorded as such, with `argsError`, rather than lost.
 */
export function buildAuditRecord(
  pending: PendingCall,
  outcome: Outcome,
  details: SettleDetails | undefined,
  options: { includeArgs: boolean; settledAt: number },
): AuditRecord {
  const { ctx, verdict } = pending;
  let argsError: string | undefined;
  const hashOf = (args: unknown, what: string): string => {
    try {
      return canonicalHash(args);
    } catch (error) {
      argsError ??= `${what} could not be serialised: ${errorMessage(error)}`;
      return UNSERIALISABLE_ARGS_HASH;
    }
  };
  let argsHash: string;
  let args: Record<string, unknown> | undefined;
  try {
    const json = canonicalJson(ctx.args);
    argsHash = sha256(json);
    // The record keeps the arguments as they were hashed: plain JSON that every sink can write.
    if (options.includeArgs) args = JSON.parse(json) as Record<string, unknown>;
  } catch (error) {
    argsError = `The arguments could not be serialised: ${errorMessage(error)}`;
    argsHash = UNSERIALISABLE_ARGS_HASH;
  }
  const decisions: AuditDecision[] = verdict.decisions.map((decision) => {
    if (decision.effect !== 'modify') return decision;
    const { args: modified, ...rest } = decision;
    return { ...rest, argsHash: hashOf(modified, `The arguments of guard "${decision.guard}"`) };
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
  if (ctx.principal !== undefined) record.principal = plainPrincipal(ctx.principal);
  if (verdict.args !== ctx.args) {
    record.executedArgsHash = hashOf(verdict.args, 'The arguments execution received');
  }
  if (args !== undefined) record.args = args;
  if (argsError !== undefined) record.argsError = argsError;
  if (details?.approver !== undefined) record.approver = details.approver;
  if (details?.approvals?.length) record.approvals = details.approvals;
  if (details?.error !== undefined) record.error = errorMessage(details.error);
  return record;
}

/**
 * The principal's fields as plain strings, each read once: a principal object whose getters
 * throw, or that holds more than the fields of `Principal`, still makes a record every sink can
 * write. An unreadable field is left out.
 */
export function plainPrincipal(principal: unknown): Principal {
  const plain: Principal = {};
  if (principal === null || typeof principal !== 'object') return plain;
  const source = principal as Record<string, unknown>;
  for (const key of principalKeys) {
    let value: unknown;
    try {
      value = source[key];
    } catch {
      continue;
    }
    if (typeof value === 'string') plain[key] = value;
  }
  try {
    const roles = source['roles'];
    if (Array.isArray(roles)) plain.roles = roles.filter((role): role is string => typeof role === 'string');
  } catch {
    // Unreadable roles are left out.
  }
  return plain;
}

const principalKeys = ['agentId', 'userId', 'sessionId', 'tenantId'] as const;

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
