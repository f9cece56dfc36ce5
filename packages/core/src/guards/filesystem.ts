import type { CallContext } from '../context.ts';
import type { Decision } from '../decision.ts';
import { type ClassifyPathOptions, classifyPath } from '../detectors/classify-path.ts';
import { pathReadings } from '../detectors/path-readings.ts';
import type { Guard } from '../guard.ts';
import type { FilesystemGuardConfig } from '../policy/filesystem-schema.ts';
import { memoByKey } from '../util/memo-by-key.ts';
import { leafPath, walkStrings } from '../util/walk-strings.ts';
import { argValues } from './arg-reader.ts';
import { compileToolMatcher } from './tool-matcher.ts';

/** Argument names that hold paths (compared without case, "-" or "_"). */
const PATH_KEY =
  /^(path|paths|file|files|filename|filenames|filepath|filepaths|dir|dirs|directory|directories|folder|src|source|dest|destination|target|cwd|workdir|workingdirectory|root|location|output|input|outfile|infile)$|(path|file|dir|directory|folder)$/;
/** Values that look like paths even under other names. */
const PATH_VALUE =
  /^\s*(\/|~|\.{1,2}[\\/]|\\\\|[A-Za-z]:[\\/]|file:\/)|(^|[\\/])\.\.([\\/]|$)|%2e%2e|%252e|\.\.%2f|\.\.%5c/i;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;
/** A `file:` URL, judged as the path it names. */
const FILE_URL = /^\s*file:\//i;
// PATH_VALUE's start alone: the rest of it needs `..` or `%`, which two substring searches rule
// out at a fraction of the cost of the whole pattern on a long string. White space before a path
// counts: many tools trim it. `file:/` starts a URL that names a path.
const PATH_START = /^\s*(\/|~|\.{1,2}[\\/]|\\\\|[A-Za-z]:[\\/]|file:\/)/i;
/** What makes a decoded or folded reading look like a path: PATH_VALUE without the escapes. */
const READING_PATH = /^\s*(\/|~|\.{1,2}[\\/]|\\\\|[A-Za-z]:[\\/])|(^|[\\/])\.\.([\\/]|$)/;
/**
 * A first character that reads as `.`, `/`, `\`, `~`, `:` or `%` once folded (NFKC, and the
 * slashes and dots `pathReadings` maps), or a fullwidth letter that reads as a drive letter.
 */
const LOOK_ALIKE_START =
  /^\s*[\u2024\u2025\u2044\u2215\u2216\u29F8\u29F9\uFE13\uFE30\uFE52\uFE55\uFE68\uFE6A\uFF05\uFF0E\uFF0F\uFF1A\uFF3C\uFF5E\uFF21-\uFF3A\uFF41-\uFF5A]/;
/**
 * Characters that fold to `.`, `..` or `%`: without one of them (or `..` or `%` as written), no
 * reading of a text holds `..`. The class holds no character below U+0100, so on text stored one
 * byte per character (most prose) the test fails without reading the text.
 */
const LOOK_ALIKE_DOT = /[\u2024\u2025\uFE30\uFE52\uFE6A\uFF05\uFF0E]/;
/** LOOK_ALIKE_DOT and the characters that fold to `/` or `\`, for text that holds `..` already. */
const LOOK_ALIKE =
  /[\u2024\u2025\uFE30\uFE52\uFE6A\uFF05\uFF0E\u2044\u2215\u2216\u29F8\u29F9\uFE68\uFF0F\uFF3C]/;
/** Longer text is refused as a path anyway (see `classifyPath`); its readings are not worked out. */
const maxReadLength = 4096;

// Argument names repeat from call to call: each is judged once, as a name and as a path.
const isPathKey = memoByKey((key) => PATH_KEY.test(key.toLowerCase().replace(/[-_]/g, '')));
const isPathLikeKey = memoByKey((key) => isPathLike(key));

/** Whether a string is a path whatever its name: a `file:` URL, or not a URL and {@link looksLikePath}. */
function isPathLike(value: string): boolean {
  // Other URLs are the network guard's.
  return URL_LIKE.test(value) ? FILE_URL.test(value) : looksLikePath(value);
}

/**
 * Whether a string under a name that does not hold paths is one anyway, as written or under one
 * of the readings `classifyPath` judges (percent-decoded, look-alikes folded, trimmed). Prose
 * without `..`, `%` or a look-alike costs two anchored tests, two substring searches and a class
 * test that fails at once on text stored one byte per character; only text that may read as a
 * path has its readings worked out.
 */
function looksLikePath(value: string): boolean {
  if (PATH_START.test(value)) return true;
  const dots = value.includes('..');
  const escapes = value.includes('%');
  if ((dots || escapes) && PATH_VALUE.test(value)) return true;
  const rereadable =
    escapes || LOOK_ALIKE_START.test(value) || (dots ? LOOK_ALIKE : LOOK_ALIKE_DOT).test(value);
  if (!rereadable || value.length > maxReadLength) return false;
  for (const reading of pathReadings(value)) if (READING_PATH.test(reading.text)) return true;
  return false;
}

/** A home-relative path (`~/…`), as written, trimmed or under a reading: a shell or tool expands it. */
function isHomeRelative(value: string): boolean {
  if (/^\s*~/.test(value)) return true;
  // Only an escape or a look-alike of `~` or `%` reads as a `~` that is not written.
  if (!value.includes('%') && !/[\uFE6A\uFF05\uFF5E]/.test(value)) return false;
  for (const reading of pathReadings(value.trim())) if (reading.text.startsWith('~')) return true;
  return false;
}

/** The name of the object a key belongs to: the last name before the key itself. */
function containerName(path: readonly (string | number)[]): string | undefined {
  for (let i = path.length - 2; i >= 0; i--) {
    const part = path[i];
    if (typeof part === 'string') return part;
  }
  return undefined;
}

/**
 * Whether a string in the arguments is a path: a key when its object is named for paths
 * (`files: { 'notes.txt': … }`), a value when its own name is; either when it looks like one.
 */
function isPathString(value: string, path: readonly (string | number)[], isKey: boolean): boolean {
  const name = isKey ? containerName(path) : path.findLast((part) => typeof part === 'string');
  if (typeof name === 'string' && isPathKey(name) && !URL_LIKE.test(value)) return true;
  return isKey ? isPathLikeKey(value) : isPathLike(value);
}

/** A path found in the arguments, and where, for the reason. */
interface Candidate {
  /** The string judged as a path. */
  value: string;
  /** Where it sits, as a reason names it: `options.outputDir`, `a key of files`. */
  where: string;
}

/**
 * The filesystem guard: finds path arguments (path-named keys, keys of path-named objects, and
 * strings that look like paths as written or under a decoding) and requires each to stay inside
 * the roots under every decoding a layer on the way might apply, through symlinks, and outside
 * `denyPatterns` such as `**\/.env`. Home-relative paths (`~/…`) are denied: the shell or tool
 * would expand them outside any root. Arguments nested too deeply to be read are denied, as is a
 * named path argument that holds a number or a boolean.
 *
 * @example
 * filesystemGuard({ pathArgs: 'auto', roots: ['./workspace'], denyPatterns: ['**\/.env'], followSymlinks: true, ... })
 */
export function filesystemGuard(config: FilesystemGuardConfig, options: { cwd?: string } = {}): Guard {
  const tools = config.tools ? compileToolMatcher(config.tools) : undefined;
  const named =
    config.pathArgs === 'auto' ? undefined : config.pathArgs.map((path) => [path, argValues(path)] as const);
  const classify: ClassifyPathOptions = {
    roots: config.roots,
    denyPatterns: config.denyPatterns,
    followSymlinks: config.followSymlinks,
    ...(options.cwd ? { cwd: options.cwd } : {}),
  };

  /** The paths in the arguments, or the deny when some cannot be read. */
  const candidates = (ctx: CallContext): Candidate[] | Decision => {
    const found: Candidate[] = [];
    // Deeper than the walk goes, a path cannot be shown to stay inside: fail closed.
    let tooDeep: string | undefined;
    const onTooDeep = (path: readonly (string | number)[]) => {
      tooDeep ??= leafPath(path);
    };
    if (named) {
      for (const [name, read] of named) {
        for (const value of read(ctx.args)) {
          if (typeof value === 'string') found.push({ value, where: name });
          else if (value === null || value === undefined) {
            // An optional argument left out: no path to judge.
          } else if (typeof value === 'object') {
            // A list of paths, or an object keyed by paths (`files: { 'a.txt': '<content>' }`):
            // its items and keys are paths; below a key of its own (`[{ path, content }]`), a
            // string is judged as in `auto` mode, so file contents are not taken for paths.
            walkStrings(
              value,
              (text, path, isKey) => {
                const own = isKey ? containerName(path) : path.findLast((part) => typeof part === 'string');
                if (text === '' || (own !== undefined && !isPathString(text, path, isKey))) return;
                const where = isKey
                  ? `a key of ${name}${subPath(path.slice(0, -1))}`
                  : `${name}${subPath(path)}`;
                found.push({ value: text, where });
              },
              (path) => onTooDeep([name, ...path]),
            );
          } else {
            return deny('invalid_path', `Filesystem: ${name} holds a ${typeof value}, not a path`);
          }
        }
      }
    } else {
      walkStrings(
        ctx.args,
        (value, path, isKey) => {
          if (value === '' || !isPathString(value, path, isKey)) return;
          const where = isKey
            ? `a key of ${leafPath(path.slice(0, -1)) || 'the arguments'}`
            : leafPath(path) || 'the arguments';
          found.push({ value, where });
        },
        onTooDeep,
      );
    }
    if (tooDeep !== undefined) {
      return deny(
        'arguments_too_deep',
        `Filesystem: the arguments nest too deeply to be checked, at ${tooDeep || 'the arguments'}`,
      );
    }
    return found;
  };

  const guard: Guard = {
    name: 'filesystem',
    deadlineMs: config.deadlineMs,
    failMode: config.failMode,
    evaluate(ctx): Decision {
      const found = candidates(ctx);
      if (!Array.isArray(found)) return found;
      for (const { value, where } of found) {
        if (isHomeRelative(value)) {
          return deny(
            'home_path',
            `Filesystem: the path in ${where} is relative to a home directory, outside the allowed roots`,
          );
        }
        const result = classifyPath(value, classify);
        if (!result.safe)
          return deny(`path_${result.code}`, `Filesystem: the path in ${where} is blocked: ${result.reason}`);
      }
      return {
        effect: 'allow',
        guard: 'filesystem',
        reason: `Filesystem: ${found.length} path(s) inside the roots`,
      };
    },
  };
  if (tools) guard.appliesTo = (ctx) => tools(ctx.tool) !== undefined;
  return guard;
}

/** `[0]` or `.name` for a path below a named argument. */
function subPath(path: readonly (string | number)[]): string {
  const leaf = leafPath(path);
  return leaf === '' || leaf.startsWith('[') ? leaf : `.${leaf}`;
}

function deny(code: string, reason: string): Decision {
  return { effect: 'deny', guard: 'filesystem', code, reason };
}
