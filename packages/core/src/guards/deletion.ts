import micromatch from 'micromatch';
import type { CallContext } from '../context.ts';
import type { Decision, GuardDecision, Reservation } from '../decision.ts';
import type { Guard, GuardEnv } from '../guard.ts';
import type { DeletionGuardConfig } from '../policy/deletion-schema.ts';
import type { ReserveRequest } from '../state/state-store.ts';
import { foldName } from '../util/fold-name.ts';
import { MAX_ARGUMENT_DEPTH, walkStrings } from '../util/walk-strings.ts';
import { argValues } from './arg-reader.ts';
import { driveGuard, holdAll, withReservation } from './reservations.ts';
import { compileToolMatcher } from './tool-matcher.ts';
import { calendarWindow, principalKey, WINDOW_TTL_MS } from './windows.ts';

/** One resource a call deletes. */
interface Resource {
  /** What identifies it: the string itself, or an object's `name`, `id`, `path`… (none when unreadable). */
  names: string[];
  /** Every string it carries, each checked against `protect` and `deny`. */
  candidates: string[];
}

/** Object fields that name a resource; any other string field is still checked against `protect`. */
const NAME_KEYS = [
  'name',
  'id',
  'uuid',
  'path',
  'key',
  'slug',
  'title',
  'label',
  'file',
  'filename',
  'folder',
  'table',
  'resource',
  'bucket',
  'arn',
  'uri',
  'url',
  'ref',
];
/** How long a deletion judged but never settled blocks the next one: the default approval wait. */
const IN_FLIGHT_MS = 5 * 60_000;

/**
 * The deletion guard: names the resources a call deletes, refuses protected and denied ones,
 * caps how many go at once and per day, spaces deletions by a cooldown (all reserved atomically at
 * evaluation), and asks for anything not explicitly allowed when `askAlways` is on.
 *
 * Every element of a list counts, and a comma-separated string counts each of its names. An
 * object is named by its `name`, `id`, `path`, `key`… fields, and every string in it is checked
 * against `protect` and `deny`, which compare names loosely (case, spaces, repeated or trailing
 * separators, and the last part of `schema.table` or `a/b`). `allow` compares names exactly, and a
 * resource whose name cannot be read is never allowed by it.
 *
 * @example
 * deletionGuard({ tools: ['delete_*'], protect: ['inbox', 'sent'], allow: ['temp_*'], maxBulk: 5, maxPerDay: 20, ... })
 */
export function deletionGuard(config: DeletionGuardConfig): Guard {
  const tools = compileToolMatcher(config.tools);
  const readers = config.resourceArgs.map(argValues);
  const protect = compileProtect(config.protect ?? []);
  const denyGlobs = (config.deny ?? []).map((glob) => micromatch.matcher(glob, { dot: true, nocase: true }));
  // An allow list grants: it compares names exactly, so it never allows more than it says.
  const allowGlobs = config.allow?.map((glob) => micromatch.matcher(glob, { dot: true }));
  const cooldownMs = config.cooldownSeconds === undefined ? undefined : config.cooldownSeconds * 1000;

  function* judge(ctx: CallContext, env: GuardEnv): Generator<unknown, GuardDecision, unknown> {
    const read = { resources: [] as Resource[], tooDeep: false };
    for (const reader of readers) for (const value of reader(ctx.args)) collect(value, read, 0);
    // What cannot be read in full cannot be shown not to be protected.
    if (read.tooDeep) {
      return deny('unreadable_resource', 'Deletion: a resource is nested too deep to be checked');
    }
    const { resources } = read;
    for (const resource of resources) {
      for (const name of resource.candidates) {
        const forms = nameForms(name);
        if (forms && protect(forms)) return deny('protected_resource', `Deletion: "${name}" is protected`);
        if (forms && denyGlobs.some((match) => match(forms.plain) || match(forms.full) || match(forms.last)))
          return deny('denied_resource', `Deletion: "${name}" may not be deleted`);
      }
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
    const lastKey = `deletion:${owner}:last`;
    const requests: ReserveRequest[] = [];
    let cooldown: ReserveRequest | undefined;
    if (cooldownMs !== undefined) {
      const last = (yield env.store.getValue(lastKey)) as number | undefined;
      if (typeof last === 'number' && now - last < cooldownMs) {
        const wait = Math.ceil((cooldownMs - (now - last)) / 1000);
        return deny(
          'cooldown',
          `Deletion: wait ${wait} s more (cooldown of ${config.cooldownSeconds} s between deletions)`,
        );
      }
      // The cooldown is held from evaluation, atomically: of concurrent deletions only one gets
      // it, and it blocks the next one until it is settled (given back if the deletion does not
      // run). A settle that never comes frees it after the longer of the cooldown and the default
      // approval wait, never sooner than the cooldown.
      cooldown = {
        key: `deletion:${owner}:cooldown`,
        amount: 1,
        limit: 1,
        ttlMs: cooldownMs,
        holdMs: Math.max(cooldownMs, IN_FLIGHT_MS),
        mode: 'hold',
      };
      requests.push(cooldown);
    }
    if (config.maxPerDay !== undefined) {
      requests.push({
        key: `deletion:${owner}:count:${calendarWindow(now, config.timezone, 'day')}`,
        amount: count,
        limit: config.maxPerDay,
        ttlMs: WINDOW_TTL_MS.day,
        mode: 'take',
      });
    }
    const held = yield* holdAll(env, requests);
    if (!held.ok) {
      return held.failed !== cooldown
        ? perDay(held.failed.limit)
        : deny(
            'cooldown',
            `Deletion: another deletion is still under way or ran less than ${config.cooldownSeconds} s ago (cooldown of ${config.cooldownSeconds} s between deletions)`,
          );
    }
    let reservation = held.reservation;
    if (cooldownMs !== undefined && !env.dryRun) {
      // A deletion that runs later than it was judged (after an approval) starts the cooldown
      // again when it runs.
      reservation = withCooldown(reservation, () => env.store.setValue(lastKey, env.now(), cooldownMs));
    }
    const named = describe(resources);
    const allowed =
      resources.length > 0 &&
      allowGlobs !== undefined &&
      resources.every(
        (r) => r.names.length > 0 && r.names.every((name) => allowGlobs.some((match) => match(name))),
      );
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

/**
 * Reads the resources in an argument value: a string (each name of a comma-separated list), a
 * number, a list (every element counts, even one without a readable name), or an object.
 */
function collect(value: unknown, out: { resources: Resource[]; tooDeep: boolean }, depth: number): void {
  if (typeof value === 'string') {
    const parts = value.includes(',')
      ? value
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== '')
      : [];
    if (parts.length > 1) {
      for (const part of parts) out.resources.push({ names: [part], candidates: [part, value] });
    } else {
      const names = value.trim() === '' ? [] : [value];
      out.resources.push({ names, candidates: names });
    }
    return;
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    out.resources.push({ names: [String(value)], candidates: [String(value)] });
    return;
  }
  if (Array.isArray(value)) {
    if (depth >= MAX_ARGUMENT_DEPTH) {
      out.tooDeep = true;
      return;
    }
    for (const item of value) {
      const before = out.resources.length;
      collect(item, out, depth + 1);
      if (out.resources.length === before) out.resources.push({ names: [], candidates: [] });
    }
    return;
  }
  if (value !== null && typeof value === 'object') {
    const names: string[] = [];
    for (const key of NAME_KEYS) {
      if (!Object.hasOwn(value, key)) continue;
      const field = (value as Record<string, unknown>)[key];
      if (typeof field === 'string' && field.trim() !== '') names.push(field);
      else if (typeof field === 'number' || typeof field === 'bigint') names.push(String(field));
    }
    const candidates = [...names];
    walkStrings(
      value,
      (text, _path, isKey) => {
        if (!isKey) candidates.push(text);
      },
      () => {
        out.tooDeep = true;
      },
    );
    out.resources.push({ names, candidates });
    return;
  }
  // null, a boolean: a resource the call names but whose name cannot be read.
  out.resources.push({ names: [], candidates: [] });
}

function describe(resources: readonly Resource[]): string {
  if (resources.every((r) => r.names.length === 0)) return 'an unnamed resource';
  return resources
    .map((r) => (r.names[0] === undefined ? 'an unnamed resource' : `"${r.names[0]}"`))
    .join(', ');
}

interface NameForms {
  /** Trimmed, lower-case, without trailing separators. */
  plain: string;
  /** The same with every run of separators made one `/`. */
  full: string;
  /** What follows the last separator. */
  last: string;
}

/**
 * A name as `protect` and `deny` compare it: folded (`foldName`: case, accents, invisible and
 * look-alike characters), trimmed, every run of separators (`/`, `\`, `.`, `:`) made one `/` and a trailing one dropped
 * (`Inbox/`, `users//admin`, `users\admin`), and its last part (`public.prod_db` → `prod_db`).
 * Undefined for a name that is only separators. Deny globs also see the name with its own
 * separators (`backup.*`).
 */
function nameForms(name: string): NameForms | undefined {
  const trimmed = foldName(name).trim();
  let end = trimmed.length;
  while (end > 0 && isSeparatorOrSpace(trimmed[end - 1] as string)) end -= 1;
  const plain = trimmed.slice(0, end);
  const full = collapseSeparators(plain);
  if (full === '') return undefined;
  return { plain, full, last: full.slice(full.lastIndexOf('/') + 1) };
}

const SEPARATORS = '/\\.:';
const SPACE = /\s/;

function isSeparatorOrSpace(c: string): boolean {
  return SEPARATORS.includes(c) || SPACE.test(c);
}

/**
 * Each run of separators and spaces that holds a separator made one `/` (spaces alone stay), in
 * one pass: a regular expression that starts a match at each space of a long run takes quadratic
 * time.
 */
function collapseSeparators(text: string): string {
  let out = '';
  let at = 0;
  for (let i = 0; i < text.length; ) {
    if (!isSeparatorOrSpace(text[i] as string)) {
      i += 1;
      continue;
    }
    let end = i;
    let separator = false;
    while (end < text.length && isSeparatorOrSpace(text[end] as string)) {
      separator ||= SEPARATORS.includes(text[end] as string);
      end += 1;
    }
    if (separator) {
      out += `${text.slice(at, i)}/`;
      at = end;
    }
    i = end;
  }
  return out + text.slice(at);
}

/**
 * Protected names match a name whose full form or last part is one of them, and an unqualified
 * name that is the last part of a protected qualified one (`users` when `db.users` is protected).
 */
function compileProtect(entries: readonly string[]): (forms: NameForms) => boolean {
  const full = new Set<string>();
  const last = new Set<string>();
  for (const entry of entries) {
    const forms = nameForms(entry);
    if (!forms) continue;
    full.add(forms.full);
    last.add(forms.last);
  }
  return (forms) => full.has(forms.full) || full.has(forms.last) || last.has(forms.full);
}

/** Commits the held limits, then starts the cooldown from when the deletion ran. */
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
