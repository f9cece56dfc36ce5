import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { CallContext } from '../context.ts';
import type { Outcome, SettleDetails, Verdict } from '../decision.ts';
import type { Explanation, PolicyEngine, RunResult } from '../engine/engine-types.ts';
import { parsePolicy } from '../policy/parse-policy.ts';
import type { Policy } from '../policy/policy-schema.ts';
import { errorMessage } from '../util/maybe-promise.ts';
import { type RemoteAnswer, type RequestSettings, remoteRequest } from './remote-request.ts';
import {
  ExplanationWireSchema,
  PolicyAnswerWireSchema,
  RunAnswerWireSchema,
  SettleAnswerWireSchema,
  VerdictWireSchema,
} from './wire-schemas.ts';

/** Options of {@link createRemoteEngine}. */
export interface RemoteEngineOptions {
  /** Base URL of the guard server, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** An API key with the `agent` role, sent as `Authorization: Bearer`. */
  apiKey: string;
  /** How long one request may take before the call is denied, ms (default 2000). */
  timeoutMs?: number;
  /** Further tries after a refused connection, a timeout, a 5xx or a 429 (default 1). */
  retries?: number;
  /** How long `run()` waits for a human to answer an `ask`, ms (default: the server's policy). */
  approvalTimeoutMs?: number;
  /** Called with failures that must not decide a call (a settle the server did not take). */
  onError?: (error: unknown, context: { verdictId?: string }) => void;
}

/** A verdict from the guard server: it names the policy version that made it. */
export type RemoteVerdict = Verdict & {
  /** The content hash of the policy the server judged with; absent when decided locally (server down). */
  policyVersion?: string;
};

/** The guard server's engine, over HTTP. */
export interface RemoteEngine extends PolicyEngine {
  /** The policy version (content hash) the server last reported; undefined before any answer. */
  readonly policyVersion: string | undefined;
  /** Fetches the server's policy now; resolves false when the server could not be asked. */
  refresh(): Promise<boolean>;
  evaluate(ctx: CallContext): Promise<RemoteVerdict>;
}

/** Until the server has been asked, the engine's policy is the one that allows nothing. */
const placeholder = (): Policy =>
  parsePolicy({ version: 1, name: 'remote (not loaded yet)', defaults: { effect: 'deny' } });

/**
 * A `PolicyEngine` that asks a Portcullis guard server (`@portcullis/server`). It fails closed:
 * when the server is down, slow, answers 5xx or sends anything malformed, the call is denied
 * with code `remote_unavailable` — a client never runs a call the server did not allow.
 *
 * @example
 * const engine = createRemoteEngine({ url: 'http://127.0.0.1:8787', apiKey: process.env.PORTCULLIS_KEY! });
 * const result = await engine.run({ tool: 'refund', args: { amount: 50 }, source: 'http' }, refund);
 */
export function createRemoteEngine(options: RemoteEngineOptions): RemoteEngine {
  const settings: RequestSettings = {
    url: options.url.endsWith('/') ? options.url : `${options.url}/`,
    apiKey: options.apiKey,
    timeoutMs: options.timeoutMs ?? 2000,
    retries: options.retries ?? 1,
  };
  const onError = options.onError ?? (() => {});
  let policy = placeholder();
  let policyVersion: string | undefined;
  // Verdicts made here (the server was unavailable): the server knows nothing to settle.
  const local = new WeakSet<Verdict>();
  // Ids already settled, oldest first, so a second settle is a no-op (bounded).
  const settled = new Set<string>();
  const inFlight = new Set<Promise<void>>();

  const refresh = async (): Promise<boolean> => {
    const answer = await remoteRequest(settings, {
      method: 'GET',
      path: 'v1/policy',
      schema: PolicyAnswerWireSchema,
    });
    if (!answer.ok) return false;
    try {
      policy = parsePolicy(answer.value.policy);
      policyVersion = answer.value.version;
      return true;
    } catch {
      return false;
    }
  };

  const noticeVersion = (version: string | undefined) => {
    if (version === undefined || version === policyVersion) return;
    policyVersion = version;
    // The verdict already decided the call; the policy copy is for `engine.policy` readers only.
    void refresh();
  };

  const unavailable = (ctx: CallContext, why: string, started: number): RemoteVerdict => {
    const reason = `Guard server unavailable (${why}); the call is denied`;
    const id = randomUUID();
    const verdict: RemoteVerdict = {
      id,
      traceId: id.replaceAll('-', ''),
      effect: 'deny',
      args: isRecord(ctx?.args) ? ctx.args : {},
      decisions: [{ effect: 'deny', guard: 'remote', code: 'remote_unavailable', reason }],
      reason,
      durationMs: performance.now() - started,
    };
    local.add(verdict);
    return verdict;
  };

  const evaluate = async (ctx: CallContext): Promise<RemoteVerdict> => {
    const started = performance.now();
    const answer = await remoteRequest(settings, {
      method: 'POST',
      path: 'v1/evaluate',
      body: ctx,
      schema: VerdictWireSchema,
    }).catch((error: unknown): RemoteAnswer<never> => ({ ok: false, why: errorMessage(error) }));
    if (!answer.ok) return unavailable(ctx, answer.why, started);
    noticeVersion(answer.value.policyVersion);
    return answer.value as RemoteVerdict;
  };

  const sendSettle = async (verdict: Verdict, outcome: Outcome, details?: SettleDetails) => {
    const body = {
      id: verdict.id,
      outcome,
      ...(details?.approver === undefined ? {} : { approver: details.approver }),
      ...(details?.error === undefined ? {} : { error: errorMessage(details.error) }),
    };
    const answer = await remoteRequest(settings, {
      method: 'POST',
      path: 'v1/settle',
      body,
      schema: SettleAnswerWireSchema,
    });
    if (!answer.ok) {
      onError(new Error(`Guard server did not take the settle of ${verdict.id}: ${answer.why}`), {
        verdictId: verdict.id,
      });
    }
  };

  const settle = async (verdict: Verdict, outcome: Outcome, details?: SettleDetails): Promise<void> => {
    if (local.has(verdict) || settled.has(verdict.id)) return;
    settled.add(verdict.id);
    if (settled.size > 10_000) settled.delete(settled.values().next().value as string);
    // Settling records; it never decides and never throws at the caller.
    const sending = sendSettle(verdict, outcome, details).catch((error: unknown) =>
      onError(error, { verdictId: verdict.id }),
    );
    inFlight.add(sending);
    await sending;
    inFlight.delete(sending);
  };

  const run = async <T>(
    ctx: CallContext,
    execute: (args: Record<string, unknown>) => T | Promise<T>,
  ): Promise<RunResult<T>> => {
    const started = performance.now();
    const waitMs = options.approvalTimeoutMs ?? policy.defaults.approvalTimeoutMs;
    const answer = await remoteRequest(settings, {
      method: 'POST',
      path: 'v1/run',
      body: {
        context: ctx,
        ...(options.approvalTimeoutMs === undefined ? {} : { approvalTimeoutMs: waitMs }),
      },
      schema: RunAnswerWireSchema,
      // The server may hold the request while a human decides.
      timeoutMs: settings.timeoutMs + waitMs,
      // A run the server may have received is not sent twice (it could ask a human twice);
      // a refused connection never reached it.
      retryIf: (failure) => failure.code === 'ECONNREFUSED',
    }).catch((error: unknown): RemoteAnswer<never> => ({ ok: false, why: errorMessage(error) }));
    if (!answer.ok) return { outcome: 'blocked', verdict: unavailable(ctx, answer.why, started) };
    const verdict = answer.value.verdict as RemoteVerdict;
    noticeVersion(verdict.policyVersion);
    if (answer.value.status !== 'execute' || verdict.effect === 'deny' || verdict.effect === 'ask') {
      // The server settled the call itself: it did not run.
      settled.add(verdict.id);
      const outcome = answer.value.status === 'execute' ? 'blocked' : answer.value.status;
      return { outcome, verdict };
    }
    const approver = answer.value.approver;
    let result: T;
    try {
      result = await execute(verdict.args);
    } catch (error) {
      await settle(verdict, 'failed', { error, approver });
      throw error;
    }
    await settle(verdict, 'executed', { approver });
    return { outcome: 'executed', verdict, result };
  };

  const explain = async (ctx: CallContext): Promise<Explanation> => {
    const answer = await remoteRequest(settings, {
      method: 'POST',
      path: 'v1/explain',
      body: ctx,
      schema: ExplanationWireSchema,
    }).catch((error: unknown): RemoteAnswer<never> => ({ ok: false, why: errorMessage(error) }));
    if (answer.ok) return answer.value as Explanation;
    return {
      tool: typeof ctx?.tool === 'string' ? ctx.tool : '',
      effect: 'deny',
      reason: `Guard server unavailable (${answer.why}); the call is denied`,
      args: isRecord(ctx?.args) ? ctx.args : {},
      guards: [],
    };
  };

  return {
    get policy() {
      return policy;
    },
    get policyVersion() {
      return policyVersion;
    },
    refresh,
    evaluate,
    run,
    settle,
    explain,
    async flush() {
      await Promise.all(inFlight);
    },
    async close() {
      await Promise.all(inFlight);
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
