/** Parsed arguments, or why they could not be parsed. */
export type ParsedArguments = { ok: true; args: Record<string, unknown> } | { ok: false; reason: string };

/**
 * Parses a model's `arguments` JSON string. Models do send broken JSON (truncated streams, stray
 * text), and that must deny the call with a reason rather than throw out of the app's tool loop.
 * An empty string is `{}`: some models send it for tools without parameters.
 */
export function parseArguments(raw: unknown): ParsedArguments {
  if (typeof raw !== 'string') {
    return { ok: false, reason: `Tool arguments must be a JSON string, got ${describe(raw)}` };
  }
  if (raw.trim() === '') return { ok: true, args: {} };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return {
      ok: false,
      reason: `Tool arguments are not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: `Tool arguments must be a JSON object, got ${describe(value)}` };
  }
  return { ok: true, args: value as Record<string, unknown> };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
