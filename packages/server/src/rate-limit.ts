/**
 * A per-key fixed-window limiter: at most `limit` requests in each minute. In memory: one
 * server process enforces its own count, which is what protects it.
 */
export function rateLimiter(now: () => number = Date.now): {
  take(key: string, limit: number): { ok: true } | { ok: false; retryAfterS: number };
} {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(key, limit) {
      const at = now();
      const minute = Math.floor(at / 60_000) * 60_000;
      let window = windows.get(key);
      if (window?.start !== minute) {
        window = { start: minute, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      if (window.count <= limit) return { ok: true };
      return { ok: false, retryAfterS: Math.max(1, Math.ceil((minute + 60_000 - at) / 1000)) };
    },
  };
}
