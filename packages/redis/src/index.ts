/**
 * @portcullis/redis — a Redis state store for Portcullis.
 *
 * @example
 * import { redisStore } from '@portcullis/redis';
 * const engine = createEngine({ policy, store: redisStore({ url: 'redis://127.0.0.1:6379' }) });
 *
 * @module @portcullis/redis
 */

// Store
export { type RedisStore, type RedisStoreOptions, redisStore } from './redis-store.ts';
