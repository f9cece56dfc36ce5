import { createHash, randomUUID } from 'node:crypto';
import { type ReserveResult, type StateStore, StoreUnavailableError } from '@portcullis/core';
import { Redis, type RedisOptions } from 'ioredis';
import { COMMIT, GET, INCREMENT, RELEASE, RESERVE } from './lua-scripts.ts';

/** Options of {@link redisStore}: a URL, or a client you configured. */
export type RedisStoreOptions = (
  | {
      /** `redis://[:password@]host:port/db` or `rediss://` for TLS. */
      url: string;
      /** Extra ioredis options. */
      redis?: RedisOptions;
    }
  | {
      /** An ioredis client. Create it with `enableOfflineQueue: false` so an outage fails fast. */
      client: Redis;
    }
) & {
  /** Key prefix for every key this store writes (default `portcullis`). */
  prefix?: string;
  /** Clock in epoch ms for hold expiry (default `Date.now`). */
  now?: () => number;
};

/** The Redis store, plus what a process needs to manage its connection. */
export interface RedisStore extends StateStore {
  /** Resolves once the client is connected. */
  ready(): Promise<void>;
  /** The underlying client. */
  readonly client: Redis;
}

/** A Lua script run by its SHA-1: the script text crosses the network once per server. */
interface Script {
  lua: string;
  sha: string;
}

const script = (lua: string): Script => ({ lua, sha: createHash('sha1').update(lua).digest('hex') });
const scripts = {
  reserve: script(RESERVE),
  commit: script(COMMIT),
  release: script(RELEASE),
  increment: script(INCREMENT),
  get: script(GET),
};

const DEFAULT_HOLD_MS = 5 * 60_000;
const ID_LENGTH = 36;

/**
 * State in Redis for many processes and machines: every reserve, commit, release and counter
 * update is one Lua script, so it is atomic across all of them; keys are namespaced and expire on
 * their own. While Redis is unreachable every operation fails at once with
 * `StoreUnavailableError` (the guards deny with `store_unavailable`), and calls succeed again when
 * it comes back, without a restart.
 *
 * @example
 * const store = redisStore({ url: process.env.REDIS_URL! });
 * const engine = createEngine({ policy, store });
 */
export function redisStore(options: RedisStoreOptions): RedisStore {
  const client =
    'client' in options
      ? options.client
      : new Redis(options.url, {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          // Scripts issued in the same tick by concurrent calls share one round trip.
          enableAutoPipelining: true,
          ...options.redis,
        });
  // An error event without a listener would crash the process; outages surface per operation.
  client.on('error', () => {});
  const evaluate = async <T>(code: Script, keys: string[], args: (string | number)[]): Promise<T> => {
    try {
      return (await client.evalsha(code.sha, keys.length, ...keys, ...args)) as T;
    } catch (error) {
      // A restarted (or flushed) server has forgotten the script: load it and run it again.
      if (!String(error).includes('NOSCRIPT')) throw error;
      await client.script('LOAD', code.lua);
      return (await client.evalsha(code.sha, keys.length, ...keys, ...args)) as T;
    }
  };
  const prefix = options.prefix ?? 'portcullis';
  const now = options.now ?? Date.now;
  const name = `redis:${prefix}`;
  const keys = (key: string) => {
    const tag = `${prefix}:{${key}}`;
    return [`${tag}:c`, `${tag}:z`, `${tag}:h`];
  };
  const valueKey = (key: string) => `${prefix}:v:${key}`;

  const call = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw new StoreUnavailableError(name, error);
    }
  };

  return {
    name,
    client,
    ready: () =>
      client.status === 'ready'
        ? Promise.resolve()
        : new Promise((resolve, reject) => {
            client.once('ready', () => resolve());
            client.once('end', () => reject(new StoreUnavailableError(name, new Error('connection ended'))));
          }),
    increment: (key, by, ttlMs) =>
      call(async () => Number(await evaluate<string>(scripts.increment, keys(key), [now(), by, ttlMs]))),
    get: (key) => call(async () => Number(await evaluate<string>(scripts.get, keys(key), [now()]))),
    reserve: (request) =>
      call(async (): Promise<ReserveResult> => {
        const at = now();
        const holdMs = request.holdMs ?? DEFAULT_HOLD_MS;
        // The id carries its key, so commit and release know where the hold lives.
        const id = `${randomUUID()}:${request.key}`;
        const [ok, used] = await evaluate<[number, string]>(scripts.reserve, keys(request.key), [
          at,
          request.amount,
          request.limit,
          at + holdMs,
          id,
          request.ttlMs,
          holdMs,
        ]);
        return ok === 1 ? { ok: true, id, used: Number(used) } : { ok: false, used: Number(used) };
      }),
    commit: (id) =>
      call(async () => {
        await evaluate(scripts.commit, keys(id.slice(ID_LENGTH + 1)), [now(), id]);
      }),
    release: (id) =>
      call(async () => {
        await evaluate(scripts.release, keys(id.slice(ID_LENGTH + 1)), [id]);
      }),
    getValue: <T>(key: string) => call(async () => unwrap<T>(await client.get(valueKey(key)), now())),
    setValue: (key, value, ttlMs) =>
      call(async () => {
        // The expiry is kept with the value (the caller's clock decides); Redis's own is a backstop.
        const expires = ttlMs === undefined ? null : now() + ttlMs;
        const raw = JSON.stringify({ v: value ?? null, e: expires });
        if (ttlMs === undefined) await client.set(valueKey(key), raw);
        else await client.set(valueKey(key), raw, 'PX', Math.max(1, Math.ceil(ttlMs)) + 60_000);
      }),
    deleteValue: (key) =>
      call(async () => {
        await client.del(valueKey(key));
      }),
    listValues: <T>(keyPrefix: string) =>
      call(async () => {
        const pattern = `${valueKey(keyPrefix).replace(/[*?[\]\\]/g, '\\$&')}*`;
        const found: string[] = [];
        let cursor = '0';
        do {
          const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
          cursor = next;
          found.push(...batch);
        } while (cursor !== '0');
        if (found.length === 0) return [];
        const values = await client.mget(...found);
        const strip = valueKey('').length;
        const at = now();
        return found.flatMap((key, i) => {
          const value = unwrap<T>(values[i] ?? null, at);
          return value === undefined ? [] : [{ key: key.slice(strip), value }];
        });
      }),
    close: async () => {
      if ('client' in options) return;
      await client.quit().catch(() => client.disconnect());
    },
  };
}

function unwrap<T>(raw: string | null, at: number): T | undefined {
  if (raw === null) return undefined;
  const { v, e } = JSON.parse(raw) as { v: T; e: number | null };
  return e !== null && e <= at ? undefined : v;
}
