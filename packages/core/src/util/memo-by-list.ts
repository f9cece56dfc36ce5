/**
 * Remembers one answer per list (a policy's roots, its deny patterns), found by the list's
 * identity and checked against its content and a variant (the working directory, match options),
 * so a list changed in place is computed again. Lists are held weakly.
 *
 * @example
 * const resolvedRoots = memoByList((roots, cwd) => roots.map((root) => resolve(cwd, root)));
 * resolvedRoots(config.roots, process.cwd()); // computed once, then remembered
 */
export function memoByList<T>(
  compute: (list: readonly string[], variant: string) => T,
): (list: readonly string[], variant: string) => T {
  const known = new WeakMap<readonly string[], { copy: string[]; variant: string; answer: T }>();
  return (list, variant) => {
    const last = known.get(list);
    if (
      last !== undefined &&
      last.variant === variant &&
      last.copy.length === list.length &&
      last.copy.every((item, i) => item === list[i])
    )
      return last.answer;
    const answer = compute(list, variant);
    known.set(list, { copy: [...list], variant, answer });
    return answer;
  };
}
