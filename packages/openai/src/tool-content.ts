/**
 * The text a model reads for a tool's result: strings as they are, anything else as JSON (what the
 * OpenAI SDK's own tool runner sends), and `String()` for values JSON cannot hold.
 */
export function toolContent(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
