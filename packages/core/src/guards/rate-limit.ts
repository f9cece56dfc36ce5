import type { CallContext } from '../context.ts';
import type { Decision, GuardDecision } from '../decision.ts';
import type { Guard, GuardEnv } from '../guard.ts';
import type { RateLimitGuardConfig } from '../policy/rate-limit-schema.ts';
import type { ReserveRequest } from '../state/state-store.ts';
import { canonicalDigest } from '../util/canonical-json.ts';
import { driveGuard, holdAll, withReservation } from './reservations.ts';
import { compileToolMatcher } from './tool-matcher.ts';
import { principalKey } from './windows.ts';

const MINUTE = 60_000;
const SESSION_TTL_MS = 86_400_000;

/**
 * The rate-limit guard: per-minute limits (all tools, and per tool), a per-session total, burst
 * detection with a cooldown, and loop detection — the same call (tool + canonical arguments)
 * repeated too often, or a short cycle of identical calls in a session (A-B-A-B, A-B-C-A-B-C).
 * Rate windows are taken at once and given back if the call does not run, so only calls that run
 * use them up, and a call whose end was never reported (a crashed process) still counts; loop
 * counters count attempts.
 *
 * @example
 * rateLimitGuard({ perMinute: 30, perToolPerMinute: 10, maxIdenticalCalls: 3, detectCycles: true, ... })
 */
export function rateLimitGuard(config: RateLimitGuardConfig): Guard {
  const tools = config.tools ? compileToolMatcher(config.tools) : undefined;
  const needsSignature = config.maxIdenticalCalls !== undefined || config.detectCycles;

  function* judge(ctx: CallContext, env: GuardEnv): Generator<unknown, GuardDecision, unknown> {
    const owner = principalKey(ctx, config.per);
    const session = principalKey(ctx, 'session');
    const now = env.now();
    const cooldownKey = config.burst ? `rate:${owner}:cooldown` : '';
    if (config.burst) {
      const until = (yield env.store.getValue(cooldownKey)) as number | undefined;
      if (typeof until === 'number' && until > now) {
        return deny(
          'burst_cooldown',
          `Rate limit: cooling down after a burst for ${Math.ceil((until - now) / 1000)} s more`,
        );
      }
    }
    const signature = needsSignature ? `${ctx.tool}#${canonicalDigest(ctx.args)}` : '';
    if (config.maxIdenticalCalls !== undefined) {
      const windowMs = config.identicalWindowSeconds * 1000;
      const key = `rate:${owner}:same:${signature}:${Math.floor(now / windowMs)}`;
      const count = (yield env.dryRun ? env.store.get(key) : env.store.increment(key, 1, windowMs)) as number;
      if (count > config.maxIdenticalCalls) {
        return loop(
          'identical_calls',
          `Rate limit: the same ${ctx.tool} call was made ${count} times in ${config.identicalWindowSeconds} s (limit ${config.maxIdenticalCalls}); it looks like a loop`,
        );
      }
    }
    if (config.detectCycles) {
      const key = `rate:${session}:sequence`;
      const keep = config.maxCycleLength * config.cycleRepeats;
      const previous = ((yield env.store.getValue(key)) as string[] | undefined) ?? [];
      const sequence = [...previous, signature].slice(-keep);
      if (!env.dryRun) yield env.store.setValue(key, sequence, SESSION_TTL_MS);
      const period = cyclePeriod(sequence, config.maxCycleLength, config.cycleRepeats);
      if (period !== undefined) {
        const tools = sequence
          .slice(-period)
          .map((s) => s.slice(0, s.lastIndexOf('#')))
          .join(' → ');
        return loop(
          'call_cycle',
          `Rate limit: the calls ${tools} repeat ${config.cycleRepeats} times with the same arguments; it looks like a loop`,
        );
      }
    }
    const minute = Math.floor(now / MINUTE);
    const windows: [ReserveRequest, Window][] = [];
    if (config.perMinute !== undefined) {
      windows.push([
        {
          key: `rate:${owner}:min:${minute}`,
          amount: 1,
          limit: config.perMinute,
          ttlMs: 2 * MINUTE,
          mode: 'take',
        },
        'minute',
      ]);
    }
    if (config.perToolPerMinute !== undefined) {
      windows.push([
        {
          key: `rate:${owner}:tool:${ctx.tool}:${minute}`,
          amount: 1,
          limit: config.perToolPerMinute,
          ttlMs: 2 * MINUTE,
          mode: 'take',
        },
        'tool',
      ]);
    }
    if (config.perSession !== undefined) {
      windows.push([
        {
          key: `rate:${session}:total`,
          amount: 1,
          limit: config.perSession,
          ttlMs: SESSION_TTL_MS,
          mode: 'take',
        },
        'session',
      ]);
    }
    if (config.burst) {
      const windowMs = config.burst.windowSeconds * 1000;
      windows.push([
        {
          key: `rate:${owner}:burst:${Math.floor(now / windowMs)}`,
          amount: 1,
          limit: config.burst.max,
          ttlMs: 2 * windowMs,
          mode: 'take',
        },
        'burst',
      ]);
    }
    if (windows.length === 0)
      return { effect: 'allow', guard: 'rateLimit', reason: 'Rate limit: no loop detected' };
    const requests = windows.map(([request]) => request);
    const held = yield* holdAll(env, requests);
    if (!held.ok) {
      const window = windows.find(([request]) => request === held.failed)?.[1];
      if (window === 'burst' && config.burst && !env.dryRun) {
        yield env.store.setValue(
          cooldownKey,
          now + config.burst.cooldownSeconds * 1000,
          config.burst.cooldownSeconds * 1000,
        );
        return deny(
          'burst',
          `Rate limit: more than ${config.burst.max} calls in ${config.burst.windowSeconds} s; cooling down for ${config.burst.cooldownSeconds} s`,
        );
      }
      return limited(describeWindow(window, config, ctx.tool));
    }
    return withReservation(
      { effect: 'allow', guard: 'rateLimit', reason: 'Rate limit: within limits' },
      held.reservation,
    );
  }

  const loop = (code: string, reason: string): Decision =>
    config.loopEffect === 'ask' ? { effect: 'ask', guard: 'rateLimit', reason } : deny(code, reason);

  const guard: Guard = {
    name: 'rateLimit',
    deadlineMs: config.deadlineMs,
    failMode: config.failMode,
    evaluate: (ctx, env) => driveGuard('rateLimit', judge(ctx, env)),
  };
  if (tools) guard.appliesTo = (ctx) => tools(ctx.tool) !== undefined;
  return guard;
}

/** The shortest period (≥ 2 distinct calls) with which the tail of the sequence repeats `repeats` times. */
export function cyclePeriod(
  sequence: readonly string[],
  maxLength: number,
  repeats: number,
): number | undefined {
  for (let period = 2; period <= maxLength; period++) {
    const span = period * repeats;
    if (sequence.length < span) break;
    const tail = sequence.slice(-span);
    if (new Set(tail.slice(0, period)).size < 2) continue;
    if (tail.every((item, i) => i < period || item === tail[i - period])) return period;
  }
  return undefined;
}

/** The limits a call can run into, named only when one is hit. */
type Window = 'minute' | 'tool' | 'session' | 'burst';

function describeWindow(window: Window | undefined, config: RateLimitGuardConfig, tool: string): string {
  switch (window) {
    case 'minute':
      return `${config.perMinute} calls per minute`;
    case 'tool':
      return `${config.perToolPerMinute} calls per minute to ${tool}`;
    case 'session':
      return `${config.perSession} calls per session`;
    case 'burst':
      return 'burst';
    default:
      return 'limit';
  }
}

function deny(code: string, reason: string): Decision {
  return { effect: 'deny', guard: 'rateLimit', code, reason };
}

function limited(label: string): Decision {
  return deny('rate_limited', `Rate limit: more than ${label}`);
}
