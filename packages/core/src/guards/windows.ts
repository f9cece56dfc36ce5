import type { CallContext } from '../context.ts';

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dateFormats.get(timeZone);
  if (!format) {
    // en-CA formats dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormats.set(timeZone, format);
  }
  return format;
}

const lastDate = new Map<string, { minute: number; date: string }>();

/**
 * Calendar window ids in a time zone: `2026-11-21` (day) and `2026-11` (month). Every time zone's
 * midnight falls on a whole minute, so the date is formatted once per minute and zone.
 */
export function calendarWindow(epochMs: number, timeZone: string, unit: 'day' | 'month'): string {
  const minute = Math.floor(epochMs / 60_000);
  let cached = lastDate.get(timeZone);
  if (cached?.minute !== minute) {
    cached = { minute, date: dateFormat(timeZone).format(epochMs) };
    lastDate.set(timeZone, cached);
  }
  return unit === 'day' ? cached.date : cached.date.slice(0, 7);
}

/** How long a calendar-window counter must live: long enough to outlast its window anywhere. */
export const WINDOW_TTL_MS = { day: 26 * 3_600_000, month: 32 * 86_400_000 } as const;

/** Whose limit a call counts against. */
export type LimitScope = 'global' | 'tenant' | 'user' | 'agent' | 'session';

/**
 * The key part naming whose counter this is. A missing identity counts as `anonymous` under
 * its scope, so calls without identity share one (strict) limit rather than escaping it.
 */
export function principalKey(ctx: CallContext, scope: LimitScope): string {
  if (scope === 'global') return 'global';
  const p = ctx.principal;
  const id =
    scope === 'tenant'
      ? p?.tenantId
      : scope === 'user'
        ? p?.userId
        : scope === 'agent'
          ? p?.agentId
          : p?.sessionId;
  return `${scope}:${id === undefined ? 'anonymous' : encodeURIComponent(id)}`;
}
