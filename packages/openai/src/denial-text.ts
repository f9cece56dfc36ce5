/** What the model reads when the tool itself threw: the call ran (or started) and failed. */
export function failureText(tool: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `The tool call "${tool}" failed: ${message}`;
}
