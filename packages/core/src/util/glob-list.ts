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
    const { patterns, dot, nocase } = JSON.parse(key) as {
      patterns: string[];
      dot: boolean;
      nocase: boolean;
    };
    return compileList(patterns, { dot, nocase });
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

/**
 * One test for a whole list. A micromatch matcher answers true when the text is the glob itself
 * or its regex matches, so the list becomes a set of its globs and one regex of all of theirs
 * (each is anchored on its own): one pass instead of one matcher call per glob, which on a
 * filesystem guard's nine default deny patterns is a third of the cost. Where the regexes differ
 * in flags, or Windows paths would need micromatch's slash conversion, each glob keeps its matcher.
 */
function compileList(patterns: readonly string[], options: GlobListOptions): (text: string) => boolean {
  const regexes = patterns.map((pattern) => micromatch.makeRe(pattern, options));
  const flags = regexes[0]?.flags ?? '';
  if (process.platform === 'win32' || regexes.some((regex) => regex.flags !== flags)) {
    const each = patterns.map((pattern) => micromatch.matcher(pattern, options));
    return (text) => each.some((match) => match(text));
  }
  const globs = new Set(patterns);
  const any = new RegExp(regexes.map((regex) => `(?:${regex.source})`).join('|'), flags);
  return (text) => text !== '' && (globs.has(text) || any.test(text));
}
