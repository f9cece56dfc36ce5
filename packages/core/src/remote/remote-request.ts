import { setTimeout as delay } from 'node:timers/promises';
import type { z } from 'zod';
import { errorMessage } from '../util/maybe-promise.ts';

/** How one request to the guard server went: the parsed answer, or why there is none. */
export type RemoteAnswer<T> =
  | { ok: true; value: T }
  | { ok: false; why: string; status?: number; code?: string };

/** What every request needs: where, who, how long, how often. */
export interface RequestSettings {
  url: string;
  apiKey: string;
  timeoutMs: number;
  retries: number;
}

/** Socket error codes in words. */
const READABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  UND_ERR_SOCKET: 'connection closed',
  ENOTFOUND: 'host not found',
  EHOSTUNREACH: 'host unreachable',
};

/** Worth another try: the server may be back (connection refused, timeout, 5xx, 429). */
const retryable = (answer: { status?: number }) =>
  answer.status === undefined || answer.status >= 500 || answer.status === 429;

/**
 * Sends one JSON request and checks the answer against `schema`. Never throws: a network
 * error, a timeout, an error status or an answer that does not match the schema is returned as
 * `{ ok: false, why }`, so the caller can deny the call.
 */
export async function remoteRequest<S extends z.ZodType>(
  settings: RequestSettings,
  input: {
    method: 'GET' | 'POST';
    path: string;
    body?: unknown;
    schema: S;
    /** Overrides `settings.timeoutMs` (an approval wait takes longer). */
    timeoutMs?: number;
    /** Overrides `settings.retries`. */
    retries?: number;
    /** Only these failures are retried (default: any refused connection, timeout, 5xx or 429). */
    retryIf?: (answer: { why: string; status?: number; code?: string }) => boolean;
  },
): Promise<RemoteAnswer<z.infer<S>>> {
  const attempts = 1 + Math.max(0, input.retries ?? settings.retries);
  let last: RemoteAnswer<z.infer<S>> = { ok: false, why: 'no attempt made' };
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await delay(Math.min(1000, 50 * 2 ** attempt));
    last = await once(settings, input);
    if (last.ok || !retryable(last) || (input.retryIf && !input.retryIf(last))) return last;
  }
  return last;
}

async function once<S extends z.ZodType>(
  settings: RequestSettings,
  input: { method: 'GET' | 'POST'; path: string; body?: unknown; schema: S; timeoutMs?: number },
): Promise<RemoteAnswer<z.infer<S>>> {
  const timeoutMs = input.timeoutMs ?? settings.timeoutMs;
  let response: Response;
  let text: string;
  try {
    const signal = AbortSignal.timeout(timeoutMs);
    response = await fetch(new URL(input.path, settings.url), {
      method: input.method,
      headers: {
        authorization: `Bearer ${settings.apiKey}`,
        accept: 'application/json',
        ...(input.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(input.body === undefined ? {} : { body: JSON.stringify(input.body) }),
      signal,
    });
    text = await response.text();
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError')
      return { ok: false, why: `no answer within ${timeoutMs} ms` };
    const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
    if (typeof code !== 'string') return { ok: false, why: errorMessage(error) };
    return { ok: false, code, why: Object.hasOwn(READABLE, code) ? `${READABLE[code]}, ${code}` : code };
  }
  if (!response.ok) {
    return { ok: false, status: response.status, why: `HTTP ${response.status}${errorText(text)}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, status: response.status, why: 'the answer is not JSON' };
  }
  const parsed = input.schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
    return { ok: false, status: response.status, why: `malformed answer${where}` };
  }
  return { ok: true, value: parsed.data };
}

/** The server's `{ error: { message } }`, when it sent one. */
function errorText(text: string): string {
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
    return typeof message === 'string' ? `: ${message.slice(0, 200)}` : '';
  } catch {
    return '';
  }
}
