import micromatch from 'micromatch';
import { memoByKey } from '../util/memo-by-key.ts';

/** A compiled list of tool-name globs that says which glob matched. */
export type ToolMatcher = (tool: string) => string | undefined;

const globOptions = { dot: true } as const;

/**
 * How decisions per tool name are remembered (`memoByKey` options): tool names come from the
 * model, so at most 10,000 are kept, and a name longer than any framework allows (MCP and OpenAI
 * stop at 64 characters) is judged again each time rather than kept.
 */
export const TOOL_MEMO = { size: 10_000, maxKeyLength: 256 } as const;

/**
 * Compiles globs once (at policy load); each name is then matched once and remembered, since an
 * agent calls the same few tools over and over.
 *
 * @example
 * compileToolMatcher(['search_*'])('search_web') // 'search_*'
 */
export function compileToolMatcher(globs: readonly string[] | undefined): ToolMatcher {
  if (!globs || globs.length === 0) return () => undefined;
  const compiled = globs.map((glob) => [glob, micromatch.matcher(glob, globOptions)] as const);
  return memoByKey((tool) => {
    for (const [glob, test] of compiled) if (test(tool)) return glob;
    return undefined;
  }, TOOL_MEMO);
}
