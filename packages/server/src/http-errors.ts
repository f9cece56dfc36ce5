import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

/** One problem in a request, at a path such as `context.args` or `approvalTimeoutMs`. */
export interface RequestIssue {
  path: string;
  message: string;
}

/** Every error answer has one shape: `{ error: { code, message, issues? } }`. */
export function apiError(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): Response {
  return c.json({ error: { code, message, ...extra } }, status);
}

/** `['context', 'args']` → `context.args`; indexes as `[0]`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path)
    out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
  return out;
}

/** zod issues as `{ path, message }`, one per problem (one per unknown key). */
export function requestIssues(error: z.ZodError): RequestIssue[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'unknown key' }))
      : [{ path: formatPath(issue.path), message: issue.message }],
  );
}

/** Validates `value` with `schema`; the failure is a 400 naming every bad path. */
export function validate<S extends z.ZodType>(
  c: Context,
  schema: S,
  value: unknown,
): { ok: true; data: z.infer<S> } | { ok: false; response: Response } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  const issues = requestIssues(result.error);
  const first = issues[0];
  const message = first ? `${first.path || '(body)'}: ${first.message}` : 'invalid request';
  return { ok: false, response: apiError(c, 400, 'invalid_request', message, { issues }) };
}

/** Reads a JSON body and validates it; bad JSON is a 400 too, with the position of the error. */
export async function jsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
): Promise<{ ok: true; data: z.infer<S> } | { ok: false; response: Response }> {
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      response: apiError(c, 400, 'invalid_json', `The body is not valid JSON: ${(error as Error).message}`, {
        issues: [{ path: '', message: 'not valid JSON' }],
      }),
    };
  }
  return validate(c, schema, value);
}
