import micromatch from 'micromatch';
import { memoByKey } from '../util/memo-by-key.ts';

/** A compiled list of tool-name globs that says which glob matched. */
export type ToolMatcher = (tool: string) => string | undefined;

/** How a list of globs compares tool names; see {@link compileToolMatcher}. */
export interface ToolMatcherOptions {
  /**
   * Compare the whole name, case as written. For lists that grant (allow-lists, allow rules): a
   * name that only differs in case from an allowed one, or `server__name`, is not allowed by
   * them. Default false.
   */
  exact?: boolean;
}

/**
 * How decisions per tool name are remembered (`memoByKey` options): tool names come from the
 * model, so at most 10,000 are kept, and a name longer than any framework allows (MCP and OpenAI
 * stop at 64 characters) is judged again each time rather than kept.
 */
export const TOOL_MEMO = { size: 10_000, maxKeyLength: 256 } as const;

/**
 * Compiles globs once (at policy load); each name is then matched once and remembered, since an
 * agent calls the same few tools over and over. Unless `exact`, case is ignored and a name
 * `server__tool` (the MCP proxy's namespaced names) is matched by the tool's own name as well: a
 * list that decides which calls a guard judges, what they cost or what is denied must not miss
 * `Bash` or `db__delete_rows` because it says `*bash*` or `delete_*`, so such a tool is judged by
 * more guards, never by fewer. Lists that grant are compiled `exact`.
 *
 * @example
 * compileToolMatcher(['search_*'])('Search_Web') // 'search_*'
 * compileToolMatcher(['delete_*'])('db__delete_rows') // 'delete_*'
 * compileToolMatcher(['search_*'], { exact: true })('Search_Web') // undefined
 */
export function compileToolMatcher(
  globs: readonly string[] | undefined,
  options: ToolMatcherOptions = {},
): ToolMatcher {
  if (!globs || globs.length === 0) return () => undefined;
  const globOptions = { dot: true, nocase: options.exact !== true };
  const compiled = globs.map((glob) => [glob, micromatch.matcher(glob, globOptions)] as const);
  const match = (name: string) => {
    for (const [glob, test] of compiled) if (test(name)) return glob;
    return undefined;
  };
  if (options.exact === true) return memoByKey(match, TOOL_MEMO);
  // A tool behind the MCP proxy may be named `server__tool`: judging lists see the tool's own name too.
  return memoByKey((tool) => {
    const found = match(tool);
    if (found !== undefined) return found;
    const namespaced = tool.indexOf('__');
    return namespaced > 0 ? match(tool.slice(namespaced + 2)) : undefined;
  }, TOOL_MEMO);
}
