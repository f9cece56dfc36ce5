import micromatch from 'micromatch';

/** A compiled list of tool-name globs that says which glob matched. */
export type ToolMatcher = (tool: string) => string | undefined;

const globOptions = { dot: true } as const;

/**
 * Compiles globs once (at policy load); matching is then a few regex tests.
 *
 * @example
 * compileToolMatcher(['search_*'])('search_web') // 'search_*'
 */
export function compileToolMatcher(globs: readonly string[] | undefined): ToolMatcher {
  if (!globs || globs.length === 0) return () => undefined;
  const compiled = globs.map((glob) => [glob, micromatch.matcher(glob, globOptions)] as const);
  return (tool) => {
    for (const [glob, test] of compiled) if (test(tool)) return glob;
    return undefined;
  };
}

/**
 * A bounded memo per tool name. Tool names come from the model, so the map is cleared when it
 * grows past `max` rather than growing without limit.
 */
export class ToolCache<T> {
  readonly #map = new Map<string, T>();
  readonly #max: number;

  constructor(max = 10_000) {
    this.#max = max;
  }

  get(key: string, compute: (key: string) => T): T {
    const hit = this.#map.get(key);
    if (hit !== undefined) return hit;
    const value = compute(key);
    if (this.#map.size >= this.#max) this.#map.clear();
    this.#map.set(key, value);
    return value;
  }
}
