import { createHash, randomUUID } from 'node:crypto';
import { type ReserveResult, type StateStore, StoreUnavailableError } from '@portcullis/core';
import { Redis, type RedisOptions } from 'ioredis';
import { BATCH } from './lua-scripts.ts';

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

const batchScript: Script = { lua: BATCH, sha: createHash('sha1').update(BATCH).digest('hex') };

/** One counter operation waiting for the next batch: its code and arguments in the script's terms. */
interface Operation {
  key: string;
  args: (string | number)[];
  resolve: (reply: unknown) => void;
  reject: (error: unknown) => void;
}

const DEFAULT_HOLD_MS = 5 * 60_000;
const ID_LENGTH = 36;
/** Most operations in one script run, so one batch never holds Redis for long. */
const MAX_BATCH = 128;

/**
 * State in Redis for many processes and machines: every reserve, commit, release and counter
 * update runs in a Lua script, so it is atomic across all of them; operations issued in the same
 * tick share one script run. Keys are namespaced and expire on their own. While Redis is
 * unreachable every operation fails at once with `StoreUnavailableError` (the guards deny with
 * `store_unavailable`), and calls succeed again when it comes back, without a restart.
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
          // Other commands issued in the same tick share one round trip (counter operations are
          // batched into one script already).
          enableAutoPipelining: true,
          ...options.redis,
        });
  // An error event without a listener would crash the process; outages surface per operation.
  client.on('error', () => {});
  const evaluate = async (code: Script, keys: string[], args: (string | number)[]): Promise<unknown[]> => {
    try {
      return (await client.evalsha(code.sha, keys.length, ...keys, ...args)) as unknown[];
    } catch (error) {
      // A restarted (or flushed) server has forgotten the script: load it and run it again.
      if (!String(error).includes('NOSCRIPT')) throw error;
      await client.script('LOAD', code.lua);
      return (await client.evalsha(code.sha, keys.length, ...keys, ...args)) as unknown[];
    }
  };
  const prefix = options.prefix ?? 'portcullis';
  const now = options.now ?? Date.now;
  const name = `redis:${prefix}`;
  // One hash per counter. (The braces keep the key readable; the store does not support Redis
  // Cluster, whose slots would split the keys one script run updates.)
  const counterKey = (key: string) => `${prefix}:{${key}}`;
  const valueKey = (key: string) => `${prefix}:v:${key}`;
  // Operations queued in one tick (every guard of a call, the settles that arrive together) run
  // as one script: Redis pays its per-script cost once, and the client sends one command.
  let queue: Operation[] = [];
  const flush = () => {
    const batch = queue;
    if (batch.length === 0) return;
    queue = [];
    const keyList = batch.map((operation) => operation.key);
    const args = [now(), ...batch.flatMap((operation) => operation.args)];
    evaluate(batchScript, keyList, args).then(
      (replies) => {
        for (const [index, operation] of batch.entries()) {
          const reply = replies[index];
          if (reply instanceof Error) operation.reject(reply);
          else operation.resolve(reply);
        }
      },
      (error: unknown) => {
        for (const operation of batch) operation.reject(error);
      },
    );
  };
  // Rejects with StoreUnavailableError itself: counter operations are the hot path, so they skip
  // the extra promise of call().
  const submit = <T>(key: string, args: (string | number)[]): Promise<T> =>
    new Promise((resolve, reject) => {
      if (queue.length === 0) process.nextTick(flush);
      queue.push({
        key: counterKey(key),
        args,
        resolve: resolve as (reply: unknown) => void,
        reject: (error) => reject(new StoreUnavailableError(name, error)),
      });
      // A full batch goes at once; the scheduled flush then sends whatever follows it.
      if (queue.length >= MAX_BATCH) flush();
    });

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
    increment: (key, by, ttlMs) => submit<string>(key, ['i', by, ttlMs]).then(Number),
    get: (key) => submit<string>(key, ['g']).then(Number),
    reserve: (request) => {
      if (request.mode === 'take') {
        const args = ['t', request.amount, request.limit, request.ttlMs];
        return submit<[number, string, string?]>(request.key, args).then(
          ([ok, used, windowEnd]): ReserveResult =>
            ok === 1
              ? { ok: true, id: `t:${windowEnd}:${request.amount}:${request.key}`, used: Number(used) }
              : { ok: false, used: Number(used) },
        );
      }
      const at = now();
      const holdMs = request.holdMs ?? DEFAULT_HOLD_MS;
      // The id carries its key, so commit and release know where the hold lives.
      const hold = randomUUID();
      const id = `${hold}:${request.key}`;
      const args = ['r', request.amount, request.limit, at + holdMs, hold, request.ttlMs, holdMs];
      return submit<[number, string]>(request.key, args).then(
        ([ok, used]): ReserveResult =>
          ok === 1 ? { ok: true, id, used: Number(used) } : { ok: false, used: Number(used) },
      );
    },
    // A take (`t:<window end>:<amount>:<key>`) counted when it was made: committing it is free.
    commit: (id) =>
      id.startsWith('t:')
        ? undefined
        : submit(id.slice(ID_LENGTH + 1), ['c', id.slice(0, ID_LENGTH)]).then(() => undefined),
    release: (id) => {
      const take = parseTake(id);
      if (take) return submit(take.key, ['u', take.windowEnd, take.amount]).then(() => undefined);
      return submit(id.slice(ID_LENGTH + 1), ['x', id.slice(0, ID_LENGTH)]).then(() => undefined);
    },
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

/** The parts of a take's id; the window end stays the exact text the script wrote. */
function parseTake(id: string): { windowEnd: string; amount: string; key: string } | undefined {
  if (!id.startsWith('t:')) return undefined;
  const second = id.indexOf(':', 2);
  const third = second === -1 ? -1 : id.indexOf(':', second + 1);
  if (third === -1) return undefined;
  return { windowEnd: id.slice(2, second), amount: id.slice(second + 1, third), key: id.slice(third + 1) };
}

function unwrap<T>(raw: string | null, at: number): T | undefined {
  if (raw === null) return undefined;
  const { v, e } = JSON.parse(raw) as { v: T; e: number | null };
  return e !== null && e <= at ? undefined : v;
}
