import type { CallContext } from './context.ts';
import type { Decision, GuardDecision } from './decision.ts';
import type { StateStore } from './state/state-store.ts';
import type { Awaitable } from './util/maybe-promise.ts';

/** Resolves a host name to every A and AAAA address. */
export type Resolver = (hostname: string, options: { signal: AbortSignal }) => Promise<string[]>;

/** What a guard gets besides the call. */
export interface GuardEnv {
  /** Shared state (counters, reservations). */
  readonly store: StateStore;
  /** The engine's clock, epoch ms (fake it in tests with `createEngine({ now })`). */
  now(): number;
  /** Aborted when the guard's deadline passes: stop work and give up. */
  readonly signal: AbortSignal;
  /** DNS resolution (stubbable). */
  readonly resolve: Resolver;
  /** True inside `explain()`: decide, but take no reservation and count nothing. */
  readonly dryRun: boolean;
}

/** One step of a guard's reasoning, for `explain()`. */
export interface ExplainStep {
  /** What was checked: a rule name, a list, a path. */
  name: string;
  /** Whether it matched. */
  matched: boolean;
  /** A sentence with the values involved. */
  detail: string;
}

/** A guard's account of a call for `explain()`. */
export interface GuardExplanation {
  /** The decision it would make, or undefined when it would not apply. */
  decision: GuardDecision | undefined;
  /** Each check it made, in order. */
  steps: ExplainStep[];
}

/**
 * A guard judges calls. Built-in guards are configured from the policy; custom ones are passed to
 * `createEngine({ guards })`. A guard that throws, returns something that is not a decision, or
 * misses its deadline denies the call (unless it is configured `failMode: 'open'`).
 */
export interface Guard {
  /** Unique name, shown in decisions and the audit. */
  readonly name: string;
  /** Return false to skip calls the guard has nothing to say about (no decision is recorded). */
  appliesTo?(ctx: CallContext): boolean;
  /** Judge the call. Return synchronously when you can: only pending promises pay for a deadline timer. */
  evaluate(ctx: CallContext, env: GuardEnv): Awaitable<GuardDecision>;
  /** Detailed reasoning for `explain()`; without it, `evaluate` runs with `env.dryRun = true`. */
  explain?(ctx: CallContext, env: GuardEnv): Awaitable<GuardExplanation>;
  /** Deadline in ms (default: the policy's `defaults.deadlineMs`). */
  readonly deadlineMs?: number | undefined;
  /** `open` lets calls through when this guard fails; written to the audit. Default `closed`. */
  readonly failMode?: 'closed' | 'open' | undefined;
}

/**
 * Declares a custom guard with type checking; returns it unchanged.
 *
 * @example
 * const businessHours = defineGuard({
 *   name: 'business-hours',
 *   appliesTo: (ctx) => ctx.tool.startsWith('transfer_'),
 *   evaluate: (ctx, env) => {
 *     const hour = new Date(env.now()).getUTCHours();
 *     return hour >= 9 && hour < 17
 *       ? { effect: 'allow' }
 *       : { effect: 'deny', code: 'after_hours', reason: 'Transfers run 09:00–17:00 UTC only' };
 *   },
 * });
 */
export function defineGuard<G extends Guard>(guard: G): G {
  return guard;
}

/** Decisions shared by many calls are frozen so no caller can alter another's verdict. */
export function frozen<D extends Decision>(decision: D): D {
  return Object.freeze(decision);
}
