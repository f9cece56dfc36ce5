import type { ApprovalHandler } from '../approvals/approval-handler.ts';
import type { AuditSink } from '../audit/audit-sink.ts';
import type { CallContext } from '../context.ts';
import type { Decision, Effect, Outcome, SettleDetails, Verdict } from '../decision.ts';
import type { ExplainStep, Guard, Resolver } from '../guard.ts';
import type { Policy, PolicyInput } from '../policy/policy-schema.ts';
import type { StateStore } from '../state/state-store.ts';

/** Options of `createEngine`. */
export interface EngineOptions {
  /** The policy: validated (`parsePolicy`, `loadPolicy`, `definePolicy`) or raw (validated here). */
  policy: Policy | PolicyInput;
  /** Custom guards, run after the built-in ones. */
  guards?: readonly Guard[];
  /** Shared state (default: a fresh `memoryStore()`). */
  store?: StateStore;
  /** Who decides `ask` verdicts in `run()`. Without one, asks are denied (`approval_unavailable`). */
  approvals?: ApprovalHandler;
  /** Where settled calls are recorded. */
  audit?: AuditSink | readonly AuditSink[];
  /** Clock, epoch ms (default `Date.now`). */
  now?: () => number;
  /** DNS resolver for guards that resolve names. */
  resolve?: Resolver;
  /** Directory that relative filesystem roots resolve against (default `process.cwd()`). */
  cwd?: string;
  /** Called with failures that must not decide a call (an audit sink that failed). */
  onError?: (
    error: unknown,
    context: {
      /** The audit sink that failed. */
      sink?: string;
      /** The verdict whose record was being written. */
      verdictId?: string;
    },
  ) => void;
}

/** What `run()` returns when the call did not throw. `failed` is not here: the tool's error is rethrown. */
export type RunResult<T> =
  | {
      /** The call ran. */
      outcome: 'executed';
      /** The verdict it ran under (after any approval). */
      verdict: Verdict;
      /** What the tool returned. */
      result: T;
    }
  | {
      /** The call did not run: denied by policy, rejected by a person, or its approval expired. */
      outcome: 'blocked' | 'rejected' | 'expired';
      /** The verdict, with the reason it did not run. */
      verdict: Verdict;
    };

/** One guard's part in `explain()`. */
export interface GuardTrace {
  /** The guard's name. */
  guard: string;
  /** False when `appliesTo` excluded the call (no decision is recorded for it). */
  applied: boolean;
  /** What it decided, when it applied. */
  decision?: Decision;
  /** How it got there: each check it made, in order. */
  steps: ExplainStep[];
}

/** The rule chain of a call, without side effects. */
export interface Explanation {
  /** The tool explained. */
  tool: string;
  /** The effect the call would get, by precedence deny > ask > modify > allow. */
  effect: Effect;
  /** Why, as the verdict would say it. */
  reason: string;
  /** The arguments execution would receive (after every modify). */
  args: Record<string, unknown>;
  /** Every guard, in order, applied or not. */
  guards: GuardTrace[];
}

/**
 * The policy engine every adapter talks to. `createEngine` builds the in-process one.
 *
 * @example
 * const verdict = await engine.evaluate({ tool: 'refund', args: { amount: 1500 }, source: 'direct' });
 * if (verdict.effect === 'deny') return { error: verdict.reason };
 */
export interface PolicyEngine {
  /** The validated policy in force. */
  readonly policy: Policy;
  /**
   * Judges a call. Never throws: anything that goes wrong, a context it cannot read included, is a
   * deny. Settle the verdict afterwards.
   *
   * `ctx.args` must be plain data, as parsed from JSON: the engine does not copy them (a structured
   * copy would cost several times what the rest of a typical evaluation does), so an allowed
   * verdict's `args` are the very object that was judged. A getter, proxy or `toJSON` that answers
   * differently on a later read gives the tool something no guard saw.
   */
  evaluate(ctx: CallContext): Promise<Verdict>;
  /**
   * evaluate → approval → execute (with the verdict's args) → settle → audit, in one call. The
   * arguments must be plain data, as for `evaluate`.
   */
  run<T>(ctx: CallContext, execute: (args: Record<string, unknown>) => T | Promise<T>): Promise<RunResult<T>>;
  /**
   * Records how a call ended: commits or releases reservations and writes the audit. Pass the
   * verdict object `evaluate` returned (not a copy). Idempotent per verdict. Never throws: the
   * call is decided already, so arguments that cannot be serialised are audited with `argsError`,
   * and failures of the store or a sink go to `onError`.
   */
  settle(verdict: Verdict, outcome: Outcome, details?: SettleDetails): Promise<void>;
  /** Every guard and rule: applied or not, what it decided and why. No reservations, counters or audit. */
  explain(ctx: CallContext): Promise<Explanation>;
  /** Resolves when every audit record written so far is durable. */
  flush(): Promise<void>;
  /** Flushes and closes the audit sinks and the store. */
  close(): Promise<void>;
}

/** The engine `createEngine` builds: a `PolicyEngine` that also counts audit failures. */
export interface InProcessEngine extends PolicyEngine {
  /** Audit writes that failed so far (each was also reported to `onError`). */
  readonly auditErrors: number;
}
