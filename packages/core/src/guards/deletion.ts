import type { CallContext } from '../context.ts';
import type { Decision, GuardDecision, Reservation } from '../decision.ts';
import type { Guard, GuardEnv } from '../guard.ts';
import type { DeletionGuardConfig } from '../policy/deletion-schema.ts';
import { argValues } from './arg-reader.ts';
import { driveGuard, holdAll, withReservation } from './reservations.ts';
import { compileToolMatcher } from './tool-matcher.ts';
import { calendarWindow, principalKey, WINDOW_TTL_MS } from './windows.ts';

/**
 * The deletion guard: names the resources a call deletes, refuses protected and denied ones,
 * caps how many go at once and per day (reserved atomically), spaces deletions by a cooldown, and
 * asks for anything not explicitly allowed when `askAlways` is on. A deletion whose target
 * cannot be read is treated as unnamed: it still counts against the limits.
 *
 * @example
 * deletionGuard({ tools: ['delete_*'], protect: ['inbox', 'sent'], allow: ['temp_*'], maxBulk: 5, maxPerDay: 20, ... })
 */
export function deletionGuard(config: DeletionGuardConfig): Guard {
  const tools = compileToolMatcher(config.tools);
  const readers = config.resourceArgs.map(argValues);
  const protect = new Set(config.protect ?? []);
  const denyGlobs = config.deny ? compileToolMatcher(config.deny) : undefined;
  const allowGlobs = config.allow ? compileToolMatcher(config.allow) : undefined;

  const resourcesOf = (ctx: CallContext): string[] => {
    const names: string[] = [];
    for (const read of readers) {
      for (const value of read(ctx.args)) collectNames(value, names);
    }
    return names;
  };

  function* judge(ctx: CallContext, env: GuardEnv): Generator<unknown, GuardDecision, unknown> {
    const resources = resourcesOf(ctx);
    for (const name of resources) {
      if (protect.has(name)) return deny('protected_resource', `Deletion: "${name}" is protected`);
      if (denyGlobs?.(name) !== undefined)
        return deny('denied_resource', `Deletion: "${name}" may not be deleted`);
    }
    const count = Math.max(1, resources.length);
    if (config.maxBulk !== undefined && count > config.maxBulk) {
      return deny(
        'bulk_limit',
        `Deletion: ${count} resources in one call, more than the ${config.maxBulk} allowed`,
      );
    }
    const owner = principalKey(ctx, config.per);
    const now = env.now();
    const cooldownKey = `deletion:${owner}:last`;
    if (config.cooldownSeconds !== undefined) {
      const last = (yield env.store.getValue(cooldownKey)) as number | undefined;
      if (typeof last === 'number' && now - last < config.cooldownSeconds * 1000) {
        const wait = Math.ceil((config.cooldownSeconds * 1000 - (now - last)) / 1000);
        return deny(
          'cooldown',
          `Deletion: wait ${wait} s more (cooldown of ${config.cooldownSeconds} s between deletions)`,
        );
      }
    }
    let reservation: Reservation | undefined;
    if (config.maxPerDay !== undefined) {
      const request = {
        key: `deletion:${owner}:count:${calendarWindow(now, config.timezone, 'day')}`,
        amount: count,
        limit: config.maxPerDay,
        ttlMs: WINDOW_TTL_MS.day,
        mode: 'take' as const,
      };
      const held = yield* holdAll(env, [request]);
      if (!held.ok) return perDay(config.maxPerDay);
      reservation = held.reservation;
    }
    if (config.cooldownSeconds !== undefined && !env.dryRun) {
      reservation = withCooldown(reservation, () =>
        env.store.setValue(cooldownKey, env.now(), (config.cooldownSeconds as number) * 1000),
      );
    }
    const named = resources.length ? resources.map((r) => `"${r}"`).join(', ') : 'an unnamed resource';
    const allowed =
      resources.length > 0 && allowGlobs !== undefined && resources.every((r) => allowGlobs(r) !== undefined);
    if (config.askAlways && !allowed) {
      return withReservation(
        { effect: 'ask', guard: 'deletion', reason: `Deletion of ${named} needs approval` },
        reservation,
      );
    }
    return withReservation(
      { effect: 'allow', guard: 'deletion', reason: `Deletion of ${named} within limits` },
      reservation,
    );
  }

  return {
    name: 'deletion',
    deadlineMs: config.deadlineMs,
    failMode: config.failMode,
    appliesTo: (ctx) =>
      tools(ctx.tool) !== undefined || (config.destructiveHints && ctx.hints?.destructive === true),
    evaluate: (ctx, env) => driveGuard('deletion', judge(ctx, env)),
  };
}

/** Strings, arrays of strings, and objects carrying a `name` / `id` / `path`. */
function collectNames(value: unknown, out: string[]): void {
  if (typeof value === 'string' || typeof value === 'number') out.push(String(value));
  else if (Array.isArray(value)) for (const item of value) collectNames(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const key of ['name', 'id', 'path']) {
      if (Object.hasOwn(value, key)) {
        collectNames((value as Record<string, unknown>)[key], out);
        return;
      }
    }
  }
}

/** The cooldown starts when a deletion actually runs. */
function withCooldown(reservation: Reservation | undefined, start: () => unknown): Reservation {
  return {
    commit: async () => {
      await reservation?.commit();
      await start();
    },
    release: async () => {
      await reservation?.release();
    },
  };
}

function deny(code: string, reason: string): Decision {
  return { effect: 'deny', guard: 'deletion', code, reason };
}

function perDay(max: number): Decision {
  return deny('daily_limit', `Deletion: the limit of ${max} deletions per day would be exceeded`);
}
