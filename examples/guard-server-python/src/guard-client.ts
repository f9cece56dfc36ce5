import { type Json, sentPaths, tracked } from './tracked.ts';

/** One HTTP exchange with the guard server, as the drift check and the assertions see it. */
export interface Exchange {
  method: string;
  /** The route as the client writes it, query included: `/v1/approvals/{id}/approve`, `/v1/audit?limit=50`. */
  route: string;
  /** Paths of the fields sent (`context.args.amount`). */
  sent: string[];
  /** Paths of the fields the client read from the answer (`verdict.args`, `error.code`). */
  reads: Set<string>;
  /** HTTP status, or 0 when no answer came. */
  status: number;
  /** The body sent, and the answer as parsed (untracked). */
  request: unknown;
  response: unknown;
}

/** The guard server gave no usable answer. Callers treat it as a denial. */
export class GuardUnavailable extends Error {
  override name = 'GuardUnavailable';
}

export const REQUEST_TIMEOUT_MS = 10_000;

/**
 * JSON over HTTP to the guard server with one API key — the twin of `GuardClient` in `agent.py`,
 * on Node's global `fetch`. Every failure throws {@link GuardUnavailable}. Each exchange is
 * written to `log`.
 *
 * @example
 * const agent = new GuardClient({ url, key: agentKey, log });
 * const answer = await agent.request({ method: 'POST', route: '/v1/run', body: { context } });
 */
export class GuardClient {
  readonly #url: string;
  readonly #key: string;
  readonly #log: Exchange[];

  constructor(options: {
    /** Base URL of the guard server. */
    url: string;
    /** An API key (agent or operator role). */
    key: string;
    /** Where every exchange is recorded. */
    log: Exchange[];
  }) {
    this.#url = options.url.replace(/\/+$/, '');
    this.#key = options.key;
    this.#log = options.log;
  }

  async request(options: {
    /** HTTP method. */
    method: 'GET' | 'POST';
    /** Route with `{name}` placeholders, filled from `params`. */
    route: string;
    /** Values of the placeholders. */
    params?: Record<string, string>;
    /** JSON body. */
    body?: Record<string, unknown>;
    /** Give up after this long (the answer of /v1/run may wait for a person). */
    timeoutMs?: number;
  }): Promise<Record<string, Json>> {
    const { method, route, body } = options;
    const path = route.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(options.params?.[name] ?? ''),
    );
    const exchange: Exchange = {
      method,
      route,
      sent: sentPaths(body),
      reads: new Set(),
      status: 0,
      request: body,
      response: undefined,
    };
    this.#log.push(exchange);
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.#url + path, {
        method,
        headers: {
          authorization: `Bearer ${this.#key}`,
          // One connection per request, as Python's urllib does: no pooled socket can outlive
          // the server and turn "no server" into a different error.
          connection: 'close',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS),
      });
      exchange.status = response.status;
      text = await response.text();
    } catch (error) {
      throw new GuardUnavailable(describeFetchError(error), { cause: error });
    }
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch (error) {
      // A proxy's HTML error page is still an HTTP error; a 200 that is not JSON is no answer.
      if (response.ok) {
        throw new GuardUnavailable(`${(error as Error).name}: ${(error as Error).message}`, { cause: error });
      }
    }
    exchange.response = answer;
    const view = tracked(answer, exchange.reads);
    if (!response.ok) {
      // A non-2xx answer (400 bad request, 401 bad key, 403 wrong role, 429, 5xx): the server
      // said no, or could not judge. Either way nothing may run.
      throw new GuardUnavailable(`HTTP ${response.status} ${describeErrorBody(view, response.statusText)}`);
    }
    if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) {
      throw new GuardUnavailable('the answer is not a JSON object');
    }
    return view as Record<string, Json>;
  }
}

/** The API's error as "code: message" (its bodies are `{ "error": { "code", "message" } }`). */
function describeErrorBody(view: unknown, statusText: string): string {
  const error = (view as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = error?.code;
  const message = error?.message;
  return code === undefined || message === undefined ? statusText : `${String(code)}: ${String(message)}`;
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `TimeoutError: ${error.message}`;
  // fetch says only "fetch failed"; the socket's error is its cause.
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return `no connection: ${cause?.code ?? cause?.message ?? String(error)}`;
}
