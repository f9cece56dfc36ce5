import { compileArgPath, parseArgPath } from './arg-path.ts';

/**
 * Compiles a policy-validated argument path into a reader of its first value (undefined when
 * absent). Paths are validated by the schema, so a parse failure here is a programming error.
 */
export function argReader(path: string): (args: Record<string, unknown>) => unknown {
  const parsed = parseArgPath(path);
  if (!parsed.ok) throw new Error(parsed.error);
  const read = compileArgPath(parsed.segments);
  return (args) => read(args)[0];
}

/** Like {@link argReader} but returns every value the path reaches. */
export function argValues(path: string): (args: Record<string, unknown>) => unknown[] {
  const parsed = parseArgPath(path);
  if (!parsed.ok) throw new Error(parsed.error);
  return compileArgPath(parsed.segments);
}
