import type { MiddlewareHandler } from 'hono';
import { type ApiKeyConfig, keyResolver, type Role } from './api-keys.ts';
import { apiError } from './http-errors.ts';
import { rateLimiter } from './rate-limit.ts';
import type { ServerEnv } from './server-deps.ts';

/** Resolves `Authorization: Bearer <key>` to a configured key (401 otherwise), then rate-limits it (429). */
export function authenticate(options: {
  keys: readonly ApiKeyConfig[];
  rateLimitPerMinute: number;
}): MiddlewareHandler<ServerEnv> {
  const resolve = keyResolver(options.keys);
  const limiter = rateLimiter();
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const key = match?.[1] === undefined ? undefined : resolve(match[1]);
    if (!key) {
      c.header('WWW-Authenticate', 'Bearer');
      return apiError(c, 401, 'unauthorized', 'A valid API key is required (Authorization: Bearer <key>)');
    }
    const taken = limiter.take(key.name, key.rateLimitPerMinute ?? options.rateLimitPerMinute);
    if (!taken.ok) {
      c.header('Retry-After', String(taken.retryAfterS));
      return apiError(
        c,
        429,
        'rate_limited',
        `Too many requests for key "${key.name}"; retry in ${taken.retryAfterS} s`,
      );
    }
    c.set('key', key);
    await next();
    return undefined;
  };
}

/** 403 unless the key holds one of `roles`. */
export function requireRole(...roles: Role[]): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const key = c.get('key');
    if (!roles.some((role) => key.roles.includes(role))) {
      return apiError(c, 403, 'forbidden', `This route needs the ${roles.join(' or ')} role`);
    }
    await next();
    return undefined;
  };
}
