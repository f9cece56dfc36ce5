import micromatch from 'micromatch';
import { memoByKey } from './memo-by-key.ts';
import { memoByList } from './memo-by-list.ts';

/** The micromatch options the detectors match with. */
export interface GlobListOptions {
  /** `*` and `**` match names that start with a dot. */
  dot?: boolean;
  /** Ignore case. */
  nocase?: boolean;
}

// A policy has a few lists, so a few compiled matchers are kept; the key is the list itself
// (JSON, so no glob text can make two lists look alike) and the options.
const compiled = memoByKey(
  (key) => {
    const { patterns, dot, nocase } = JSON.parse(key) as { patterns: string[] } & GlobListOptions;
    const each = patterns.map((pattern) => micromatch.matcher(pattern, { dot, nocase }));
    return (text: string) => each.some((match) => match(text));
  },
  { size: 100, maxKeyLength: Number.POSITIVE_INFINITY },
);

/**
 * Whether any glob of a list matches, as `micromatch.isMatch(text, patterns, options)` says, with
 * each distinct list compiled once instead of on every call.
 *
 * @example
 * matchesAnyGlob('api.example.com', ['*.example.com'], { nocase: true }) // true
 */
export function matchesAnyGlob(text: string, patterns: readonly string[], options: GlobListOptions): boolean {
  const dot = options.dot === true;
  const nocase = options.nocase === true;
  return byList(patterns, `${dot}:${nocase}`)(text);
}

// A guard passes the same list on every call: found by identity, checked by content.
const byList = memoByList((patterns, variant) => {
  const [dot, nocase] = variant.split(':').map((flag) => flag === 'true');
  return compiled(JSON.stringify({ patterns, dot, nocase }));
});
