import { lookup } from 'node:dns/promises';
import { performance } from 'node:perf_hooks';
import { requestApproval } from '../approvals/request-approval.ts';
import { buildAuditRecord } from '../audit/audit-record.ts';
import type { AuditRecord, AuditSink } from '../audit/audit-sink.ts';
import type { CallContext } from '../context.ts';
import type { Decision, Outcome, Reservation, SettleDetails, Verdict } from '../decision.ts';
import type { Resolver } from '../guard.ts';
import { parsePolicy } from '../policy/parse-policy.ts';
import { memoryStore } from '../state/memory-store.ts';
import { errorMessage, isPlainObject, isPromiseLike } from '../util/maybe-promise.ts';
import { randomHex128, uuidOf } from '../util/random-id.ts';
import { buildGuards } from './build-guards.ts';
import { type Combined, combine } from './combine.ts';
import type { EngineOptions, Explanation, GuardTrace, InProcessEngine, RunResult } from './engine-types.ts';
import { explainGuards } from './explain.ts';
import { CallEnv, releaseQuietly, type SlotResult } from './guard-slot.ts';
import { type Rechecked, recheckFinalArgs } from './recheck.ts';
import { runGuards } from './run-guards.ts';
import { readOnce, safeContext } from './safe-context.ts';
import { TrackedVerdict } from './tracked-verdict.ts';

const defaultResolver: Resolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => answer.address);
};

/**
 * Builds the in-process policy engine.
 *
 * Guards run concurrently on the call and their decisions combine by precedence deny > ask >
 * modify > allow, modify decisions merged in guard order. When a custom guard rewrote the
 * arguments, the built-in guards that judge arguments and keep no state (sensitive data, network,
 * filesystem, shell, code, rules) judge the final arguments once more, so what the tool receives
 * is always what they accept: a redaction is applied again, a deny or ask stops the call. Without
 * a custom rewrite this costs nothing.
 *
 * `evaluate` never throws: a guard fault, an unreadable context or an engine fault is a deny.
 * `settle` never throws for the audit: arguments that cannot be serialised are recorded with
 * `argsError`, and a sink's failure goes to `onError`.
 *
 * @example
 * const engine = createEngine({ policy: await loadPolicy('./policy.yaml') });
 * const result = await engine.run({ tool: 'refund', args: { amount: 50 }, source: 'direct' }, refund);
 */
export function createEngine(options: EngineOptions): InProcessEngine {
  const policy = parsePolicy(options.policy);
  const slots = buildGuards(policy, options.guards ?? [], options.cwd ? { cwd: options.cwd } : {});
  const store = options.store ?? memoryStore(options.now ? { now: options.now } : {});
  const now = options.now ?? Date.now;
  const resolve = options.resolve ?? defaultResolver;
  const sinks: readonly AuditSink[] =
    options.audit === undefined ? [] : ([] as AuditSink[]).concat(options.audit);
  const onError = options.onError ?? (() => {});
  // Sinks whose last write failed; they count again once a write succeeds or healthy() says so.
  const failing = new Set<AuditSink>();
  let auditErrors = 0;
  const sinkFailed = (sink: AuditSink, error: unknown, verdictId: string) => {
    auditErrors += 1;
    failing.add(sink);
    onError(error, { sink: sink.name, verdictId });
  };
  const auditAvailable = () => {
    for (const sink of sinks) {
      if (!failing.has(sink)) return true;
      try {
        if (sink.healthy?.() === true) {
          failing.delete(sink);
          return true;
        }
      } catch {
        // Still failing.
      }
    }
    return false;
  };
  const makeEnv = () => new CallEnv(store, now, resolve, false);

  const verdictOf = (
    ctx: CallContext,
    results: readonly (SlotResult | undefined)[],
    started: number,
    at: number,
  ): TrackedVerdict | Promise<TrackedVerdict> => {
    const decisions: Decision[] = [];
    const reservations: Reservation[] = [];
    for (const result of results) {
      if (result === undefined) continue;
      decisions.push(result.decision);
      if (result.reservation) reservations.push(result.reservation);
    }
    const combined = combine(decisions, ctx.args);
    // What the tool receives is what the argument-judging guards accept (see recheckFinalArgs).
    const final = recheckFinalArgs(slots, ctx, results, combined, makeEnv);
    if (final === undefined) return build(ctx, decisions, reservations, combined, started, at);
    const withFinal = (f: Rechecked) =>
      build(ctx, decisions.concat(f.decisions), reservations, f, started, at);
    return isPromiseLike(final) ? Promise.resolve(final).then(withFinal) : withFinal(final);
  };

  const build = (
    ctx: CallContext,
    decisions: Decision[],
    reservations: Reservation[],
    { effect, reason, args }: Combined,
    started: number,
    at: number,
  ): TrackedVerdict => {
    const hex = randomHex128();
    // A denied call will not run: its holds go back at once rather than at settle.
    if (effect === 'deny') for (const reservation of reservations.splice(0)) releaseQuietly(reservation);
    return new TrackedVerdict(
      {
        id: uuidOf(hex),
        traceId: traceIdOf(ctx, hex),
        effect,
        args,
        decisions,
        reason,
        durationMs: performance.now() - started,
      },
      { ctx, startedAt: at, reservations },
    );
  };

  // Reached when the context itself may be what failed: it is read once, field by field, into a
  // context that cannot throw (see safeContext), so the deny is always made.
  const refuse = (ctx: unknown, code: string, reason: string, started: number): Verdict => {
    const decision: Decision = { effect: 'deny', guard: 'engine', code, reason };
    const safe = safeContext(ctx);
    let at: number;
    try {
      at = now();
    } catch {
      at = Date.now();
    }
    return build(safe, [decision], [], { effect: 'deny', reason, args: safe.args }, started, at);
  };

  // What the guards of an ask took from their limits waits for someone else's approval flow (an
  // SDK interruption, a guard server client). If the verdict is not settled by the time its
  // approval would have expired, that is given back; a later settle is still audited. Emptying
  // the list is what keeps a later settle from giving anything back twice.
  const expireUnanswered = (verdict: Verdict) =>
    TrackedVerdict.expireAfter(verdict, policy.defaults.approvalTimeoutMs, (reservations) => {
      for (const reservation of reservations.splice(0)) releaseQuietly(reservation);
    });

  const evaluate = async (ctx: CallContext): Promise<Verdict> => {
    const verdict = await judge(ctx);
    if (verdict.effect === 'ask') expireUnanswered(verdict);
    return verdict;
  };

  const judge = async (ctx: CallContext): Promise<Verdict> => {
    const started = performance.now();
    try {
      if (!isValidContext(ctx)) return refuse(ctx, 'invalid_context', describeInvalid(ctx), started);
      if (policy.audit.required && !auditAvailable()) {
        const why = sinks.length === 0 ? 'no audit sink is configured' : 'no audit sink can record it';
        return refuse(
          ctx,
          'audit_unavailable',
          `The policy requires an audit of every call and ${why}`,
          started,
        );
      }
      const at = now();
      const results = runGuards(slots, ctx, makeEnv);
      const verdict = verdictOf(ctx, Array.isArray(results) ? results : await results, started, at);
      return isPromiseLike(verdict) ? await verdict : verdict;
    } catch (error) {
      // Fail closed: an engine fault is a deny, never an exception that a caller might treat as "go".
      return refuse(ctx, 'engine_error', `Policy engine error: ${describeError(error)}`, started);
    }
  };

  const settle = async (verdict: Verdict, outcome: Outcome, details?: SettleDetails): Promise<void> => {
    const call = TrackedVerdict.take(verdict);
    if (!call) return;
    const finish = outcome === 'executed' ? 'commit' : 'release';
    // Settles that answer synchronously (memory, SQLite, a take) cost no promise.
    const pending: Promise<void>[] = [];
    for (const reservation of call.reservations) {
      try {
        const done = reservation[finish]();
        if (isPromiseLike(done))
          pending.push(
            Promise.resolve(done).catch((error: unknown) => onError(error, { verdictId: verdict.id })),
          );
      } catch (error) {
        onError(error, { verdictId: verdict.id });
      }
    }
    if (pending.length > 0) await Promise.all(pending);
    if (sinks.length === 0) return;
    let record: AuditRecord;
    try {
      record = buildAuditRecord({ ...call, verdict }, outcome, details, {
        includeArgs: policy.audit.includeArgs,
        settledAt: now(),
      });
    } catch (error) {
      // The call was decided already; a context that cannot be read again is reported, not thrown.
      onError(error, { verdictId: verdict.id });
      return;
    }
    for (const sink of sinks) {
      // The audit records; it never decides and never blocks the call.
      try {
        const written = sink.write(record);
        if (isPromiseLike(written)) {
          written.then(
            () => failing.delete(sink),
            (error: unknown) => sinkFailed(sink, error, verdict.id),
          );
        } else failing.delete(sink);
      } catch (error) {
        sinkFailed(sink, error, verdict.id);
      }
    }
  };

  const run = async <T>(
    ctx: CallContext,
    execute: (args: Record<string, unknown>) => T | Promise<T>,
  ): Promise<RunResult<T>> => {
    // The approval below is awaited here, however many levels it takes: nothing expires it early.
    let verdict = await judge(ctx);
    let approver: string | undefined;
    let approvals: SettleDetails['approvals'];
    if (verdict.effect === 'ask') {
      const answer = await requestApproval({
        ctx,
        verdict,
        handler: options.approvals,
        defaultTimeoutMs: policy.defaults.approvalTimeoutMs,
      });
      verdict = TrackedVerdict.successor(verdict, answer.verdict);
      approver = answer.approver;
      approvals = answer.levels;
      if (answer.outcome !== undefined) {
        await settle(verdict, answer.outcome, { approver });
        return { outcome: answer.outcome, verdict };
      }
    }
    if (verdict.effect === 'deny') {
      await settle(verdict, 'blocked');
      return { outcome: 'blocked', verdict };
    }
    let result: T;
    try {
      result = await execute(verdict.args);
    } catch (error) {
      await settle(verdict, 'failed', { error, approver, approvals });
      throw error;
    }
    await settle(verdict, 'executed', { approver, approvals });
    return { outcome: 'executed', verdict, result };
  };

  const explain = async (ctx: CallContext): Promise<Explanation> => {
    if (!isValidContext(ctx)) {
      return {
        tool: toolNameOf(ctx),
        effect: 'deny',
        reason: describeInvalid(ctx),
        args: {},
        guards: [],
      };
    }
    const dryEnv = () => new CallEnv(store, now, resolve, true);
    const traces: GuardTrace[] = await explainGuards(slots, ctx, dryEnv);
    const decisions = traces.flatMap((trace) => (trace.decision ? [trace.decision] : []));
    const combined = combine(decisions, ctx.args);
    // The same second look at the final arguments as evaluate, shown after the guards' first answers.
    const results = traces.map((trace) => (trace.decision ? { decision: trace.decision } : undefined));
    const final = await recheckFinalArgs(slots, ctx, results, combined, dryEnv);
    if (final === undefined) return { tool: ctx.tool, ...combined, guards: traces };
    const again = final.decisions.map((decision) => ({
      guard: decision.guard,
      applied: true,
      decision,
      steps: [],
    }));
    const { effect, reason, args } = final;
    return { tool: ctx.tool, effect, reason, args, guards: traces.concat(again) };
  };

  return {
    policy,
    get auditErrors() {
      return auditErrors;
    },
    evaluate,
    run,
    settle,
    explain,
    async flush() {
      await Promise.all(sinks.map((sink) => sink.flush?.()));
    },
    async close() {
      await Promise.all(sinks.map((sink) => sink.flush?.()));
      await Promise.all(sinks.map((sink) => sink.close?.()));
      await store.close?.();
    },
  };
}

function isValidContext(ctx: unknown): ctx is CallContext {
  if (ctx === null || typeof ctx !== 'object') return false;
  const { tool, args } = ctx as Partial<CallContext>;
  return typeof tool === 'string' && tool !== '' && isPlainObject(args);
}

function toolNameOf(ctx: unknown): string {
  const tool = readOnce(ctx, 'tool');
  return typeof tool === 'string' ? tool : '';
}

function describeInvalid(ctx: unknown): string {
  if (ctx === null || typeof ctx !== 'object') return 'Invalid call context: expected an object';
  const { tool, args } = ctx as Partial<CallContext>;
  if (typeof tool !== 'string' || tool === '') return 'Invalid call context: tool must be a non-empty string';
  if (!isPlainObject(args)) {
    return `Invalid call context: args must be a plain object (got ${Array.isArray(args) ? 'array' : typeof args})`;
  }
  return 'Invalid call context';
}

/** The message of anything thrown, even an error whose `message` getter throws. */
function describeError(error: unknown): string {
  try {
    return errorMessage(error);
  } catch {
    return 'unknown error';
  }
}

/** The caller's W3C trace id when given; otherwise the fresh verdict id's hex digits. */
function traceIdOf(ctx: CallContext, hex: string): string {
  const given = ctx.metadata?.['traceId'];
  if (typeof given === 'string' && /^[0-9a-f]{32}$/.test(given)) return given;
  return hex;
}
