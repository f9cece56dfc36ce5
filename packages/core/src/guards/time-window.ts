import type { TimeWindow } from '../policy/rule-schema.ts';

const dayIndex: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Why a time zone name is unusable, or undefined when it is a valid IANA zone. */
export function timeZoneError(timeZone: string): string | undefined {
  try {
    formatter(timeZone);
    return undefined;
  } catch {
    return `unknown time zone "${timeZone}" (expected an IANA name such as "Europe/Berlin")`;
  }
}

/** Local weekday and minute of the day of an instant in a time zone. */
export function localClock(
  epochMs: number,
  timeZone: string,
): { day: (typeof weekdays)[number]; minute: number } {
  let hour = 0;
  let minute = 0;
  let day = 0;
  for (const part of formatter(timeZone).formatToParts(epochMs)) {
    if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
    else if (part.type === 'weekday') day = dayIndex[part.value] ?? 0;
  }
  return { day: weekdays[day] ?? 'mon', minute: hour * 60 + minute };
}

function toMinutes(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/**
 * Compiles a window into a test of an instant. `[start, end)`; a window whose end is before its
 * start wraps midnight, and then `days` names the day the window starts on.
 */
export function compileTimeWindow(window: TimeWindow): (epochMs: number) => boolean {
  const start = toMinutes(window.between[0]);
  const end = toMinutes(window.between[1]);
  const days = window.days ? new Set(window.days) : undefined;
  const wraps = end <= start;
  return (epochMs) => {
    const { day, minute } = localClock(epochMs, window.timezone);
    if (!wraps) return minute >= start && minute < end && (!days || days.has(day));
    if (minute >= start) return !days || days.has(day);
    if (minute < end) {
      // The early-morning part belongs to the window that started the day before.
      const yesterday = weekdays[(weekdays.indexOf(day) + 6) % 7] ?? day;
      return !days || days.has(yesterday);
    }
    return false;
  };
}
