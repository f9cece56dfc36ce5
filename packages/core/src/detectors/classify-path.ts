import { isAbsolute, relative, resolve, sep } from 'node:path';
import { type GlobListOptions, matchesAnyGlob } from '../util/glob-list.ts';
import { memoByList } from '../util/memo-by-list.ts';
import { type PathReading, pathReadings } from './path-readings.ts';
import { physicalPath, physicalPathUnder } from './real-path.ts';

/** Why a path was blocked. */
export type PathBlockCode =
  | 'invalid_path'
  | 'absolute_path'
  | 'traversal'
  | 'symlink_escape'
  | 'denied_pattern'
  | 'fs_error';

/** The verdict on a path. `resolved` is the absolute path a file operation would be given. */
export type PathClassification =
  | {
      /** The path stays inside the roots. */
      safe: true;
      /** The absolute path a file operation would be given. */
      resolved: string;
    }
  | {
      /** The path is blocked. */
      safe: false;
      /** Why, as a sentence. */
      reason: string;
      /** Why, as a code. */
      code: PathBlockCode;
      /** The absolute path it reached, when it got that far. */
      resolved?: string;
    };

/** Options for {@link classifyPath}. */
export interface ClassifyPathOptions {
  /** Directories the path must stay inside, absolute or relative to `cwd`; relative paths start at the first. */
  roots: readonly string[];
  /** micromatch globs on the path relative to its root (`'**\/.env'`), matched with `dot` and ignoring case. */
  denyPatterns?: readonly string[];
  /** Resolve symbolic links and block paths that leave the roots through one. Default true. */
  followSymlinks?: boolean;
  /** Directory that relative roots are resolved against. Default `process.cwd()`. */
  cwd?: string;
}

const denyGlobOptions: GlobListOptions = { dot: true, nocase: true };

/** Linux's PATH_MAX; it also bounds the work the decoded readings can cost. */
const maxLength = 4096;

const platformSeparator = sep === '\\' ? /[\\/]/ : /\//;

/**
 * Judges a path an agent wants a file tool to use, against sandbox roots. A relative path is
 * taken from the first root (not from the process's working directory, which the agent does not
 * control). An absolute path passes only if it starts, segment for segment as written, with one
 * of the roots; the rest of it is then judged like a relative path from that root.
 *
 * The path must stay inside its root under every reading a layer on the way might apply:
 * percent-decoding up to three times, IIS `%uXXXX`, lenient and overlong UTF-8, Unicode
 * look-alikes of `/`, `\` and `.`, and truncation at NUL (see `pathReadings`). `/` and `\` are
 * both separators; a reading that starts with either or with a drive letter is absolute, and a
 * reading whose `..` segments climb above the root leaves it. `..` inside a longer name
 * (`notes..txt`) is an ordinary name. Then, unless `followSymlinks` is false, every reading is
 * resolved on disk as the kernel would (see `physicalPath`) and must land inside the real path
 * of a root, so `o%75t` is caught like `out` when `out` is a link out of the root. Finally
 * `denyPatterns` are matched against every inside reading and the resolved and physical paths,
 * relative to the root. The path is also judged with white space around it trimmed, and a
 * `file:` URL as the path it names; the strictest verdict wins. This is a check at one moment:
 * a link created between the check and the use is not seen.
 *
 * @example
 * classifyPath('notes/a.txt', { roots: ['/srv/ws'] }) // { safe: true, resolved: '/srv/ws/notes/a.txt' }
 * classifyPath('..%252f..%252fetc/passwd', { roots: ['/srv/ws'] })
 * // { safe: false, code: 'traversal', reason: '"..%252f..%252fetc/passwd" leaves its root when read percent-decoded, then percent-decoded: "../../etc/passwd"' }
 */
export function classifyPath(path: string, options: ClassifyPathOptions): PathClassification {
  if (typeof path !== 'string' || path === '') return block('invalid_path', 'the path is empty');
  if (path.length > maxLength)
    return block('invalid_path', `the path is longer than ${maxLength} characters`);
  const roots = resolvedRoots(options.roots, options.cwd ?? process.cwd());
  const [first] = roots;
  if (first === undefined) return block('invalid_path', 'no sandbox roots are configured');
  // Most paths have one form: no white space around them, not a URL.
  const trimmed = path.trim();
  if (trimmed === path && !fileScheme.test(path))
    return classifyForm({ text: path, path, how: '' }, roots, first, options);
  let verdict: PathClassification | undefined;
  // Strictest wins: a tool may take the argument as any of its forms.
  for (const form of pathForms(path, trimmed)) {
    const judged = classifyForm(form, roots, first, options);
    if (!judged.safe) return judged;
    verdict ??= judged;
  }
  return verdict ?? block('invalid_path', 'the path is empty');
}

/** One text a tool may take a path argument to be. */
interface PathForm {
  /** The text judged. */
  text: string;
  /** The argument as given, for block reasons. */
  path: string;
  /** How the text was taken from it, for block reasons: `''`, `' with its white space trimmed'`. */
  how: string;
}

const fileScheme = /^\s*file:/i;

/**
 * The texts a tool may take a path argument to be: as written; with white space around it
 * trimmed, as many tools do; and for a `file:` URL, the path it names, which comes first so that
 * `resolved` is where the URL leads.
 */
function pathForms(path: string, trimmed: string): PathForm[] {
  const forms: PathForm[] = [{ text: path, path, how: '' }];
  if (trimmed !== path && trimmed !== '')
    forms.push({ text: trimmed, path, how: ' with its white space trimmed' });
  for (const form of forms.slice()) {
    if (!fileScheme.test(form.text)) continue;
    const located = fileUrlPath(form.text);
    if (located !== undefined) forms.unshift({ text: located, path, how: `${form.how} read as a file URL` });
  }
  return forms;
}

/**
 * The path a `file:` URL names, percent-decoded once as `fileURLToPath` does (the readings decode
 * further), or undefined when it does not parse. A host other than this machine is kept, as a
 * UNC path, for the checks to refuse.
 */
function fileUrlPath(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // Malformed escapes stay as written; the readings decode what they can.
  }
  return url.hostname === '' || url.hostname === 'localhost' ? path : `//${url.hostname}${path}`;
}

/** {@link classifyPath} for one form of the argument. */
function classifyForm(
  form: PathForm,
  roots: string[],
  first: string,
  options: ClassifyPathOptions,
): PathClassification {
  const { text: path } = form;
  const located = locate(path, roots, first);
  if (!located) return block('absolute_path', `${named(form)} is absolute and outside every root`);
  const { root, rest } = located;

  const patterns = options.denyPatterns ?? [];
  const readings = pathReadings(rest);
  // The readings walked, in order; deny-pattern candidates from the resolved paths follow them.
  const candidates: string[] = [];
  for (const reading of readings) {
    const walked = walk(reading.text);
    if (typeof walked === 'symbol') {
      const read = `when read ${reading.how}: ${quote(reading.text)}`;
      if (walked === absolute) return block('absolute_path', `${named(form)} is absolute ${read}`);
      return block('traversal', `${named(form)} leaves its root ${read}`);
    }
    candidates.push(walked);
  }

  // Where a POSIX system takes the path as written: the as-written reading walked, unless it
  // holds a `\`, which is a separator to the walk and part of a name to the system.
  const written = candidates[0] as string;
  const plain = sep === '/' && !rest.includes('\\');
  const resolved = plain
    ? written === ''
      ? root
      : `${root.endsWith(sep) ? root : root + sep}${written}`
    : resolve(root, rest);
  if (!plain && patterns.length > 0) candidates.push(toSlashes(relative(root, resolved)));
  if (options.followSymlinks !== false) {
    const leaves = physicalReadings({
      root,
      roots,
      readings,
      walked: candidates,
      form,
      found: patterns.length > 0 ? candidates : undefined,
    });
    if (leaves) return { ...leaves, resolved };
  }

  if (patterns.length > 0) {
    const matched = candidates.find(
      (candidate) => candidate !== '' && matchesAnyGlob(candidate, patterns, denyGlobOptions),
    );
    if (matched !== undefined) {
      return block('denied_pattern', `${named(form)} (${quote(matched)}) matches denyPatterns`, resolved);
    }
  }
  return { safe: true, resolved };
}

/**
 * Resolves every reading of the part below the root on disk, as the system would if some layer
 * handed it that reading: a link reached only through a decoded or folded name (`o%75t`, `ｏｕｔ`)
 * leads where the link does. A reading holding `\` is also resolved with it as a separator, as
 * tools that accept both do. Adds to `found` the physical paths below their roots that the walked
 * readings do not already give, and answers why a reading cannot stay, if one cannot. A plain
 * ASCII path has one reading: one walk, one `lstat` per existing component.
 */
function physicalReadings(input: {
  /** The root the readings start from. */
  root: string;
  /** Every root, for a path a link takes into another. */
  roots: string[];
  /** The readings of the part below the root. */
  readings: PathReading[];
  /** Each reading walked as text, by index. */
  walked: readonly string[];
  /** The form of the argument judged, for block reasons. */
  form: PathForm;
  /** Where to add physical paths for deny patterns; undefined when there are none to match. */
  found: string[] | undefined;
}): { safe: false; code: PathBlockCode; reason: string } | undefined {
  const { root, roots, readings, walked, form, found } = input;
  const rootPrefix = root.endsWith(sep) ? root : root + sep;
  let realRoots: string[] | undefined;
  const resolveOne = (text: string, index: number, read: string) => {
    let physical: string;
    let home: string | undefined;
    try {
      // Walked from the root, not resolved as text: `..` must apply after any link before it.
      const under = physicalPathUnder(root, text);
      physical = under.path;
      if (under.plain) {
        // No link was followed: the path is the root's text plus the components, and differs
        // from the walked reading only where a `\` is part of a name.
        if (found === undefined) return undefined;
        const below = physical.length > rootPrefix.length ? physical.slice(rootPrefix.length) : '';
        if (below !== walked[index]) found.push(toSlashes(below));
        return undefined;
      }
      // A link was followed: compare real paths. With several roots, deny patterns are matched
      // from the first that holds the result.
      realRoots ??= roots.length === 1 ? [physicalPath(root)] : roots.map((r) => physicalPath(r));
      home = realRoots.find((real) => contains(real, physical));
    } catch (error) {
      // A path that cannot be resolved (permissions, link loops) cannot be shown to be inside.
      const message = error instanceof Error ? error.message : String(error);
      return {
        safe: false as const,
        code: 'fs_error' as const,
        reason: `cannot resolve ${named(form)}${read}: ${message}`,
      };
    }
    if (home === undefined) {
      const reason = `${named(form)} leads outside every root to ${physical}${read}`;
      return { safe: false as const, code: 'symlink_escape' as const, reason };
    }
    found?.push(toSlashes(relative(home, physical)));
    return undefined;
  };

  let separated: Set<string> | undefined;
  for (let index = 0; index < readings.length; index++) {
    const { text, how } = readings[index] as PathReading;
    // No system call takes a NUL: the reading cut at it is the one a system would see.
    if (index > 0 && text.includes('\0')) continue;
    const blocked = resolveOne(text, index, index === 0 ? '' : ` when read ${how}: ${quote(text)}`);
    if (blocked) return blocked;
    if (sep !== '/' || !text.includes('\\')) continue;
    const slashed = text.replaceAll('\\', '/');
    separated ??= new Set(readings.map((reading) => reading.text));
    if (separated.has(slashed)) continue;
    separated.add(slashed);
    const read = ` when read ${how}, \\ as a separator: ${quote(slashed)}`;
    const slashedEscape = resolveOne(slashed, index, read);
    if (slashedEscape) return slashedEscape;
  }
  return undefined;
}

/** The roots as absolute paths, resolved once per list (and its content) and working directory. */
const resolvedRoots = memoByList((roots, cwd) => roots.map((root) => resolve(cwd, root)));

/** The root a path starts from and the part of it below that root. */
function locate(path: string, roots: string[], first: string): { root: string; rest: string } | undefined {
  if (!isAbsolute(path)) return { root: first, rest: path };
  for (const root of roots) {
    const rest = belowRoot(path, root);
    if (rest !== undefined) return { root, rest };
  }
  return undefined;
}

/**
 * What follows `root` in an absolute path, comparing segments as written. Nothing is decoded or
 * normalised in the prefix, so `/ws/../etc` and `/ws%2f..` are not below `/ws`: they are
 * judged as absolute paths outside the roots.
 */
function belowRoot(path: string, root: string): string | undefined {
  let index = 0;
  for (const segment of root.split(platformSeparator)) {
    if (segment === '') continue;
    while (index < path.length && platformSeparator.test(path.charAt(index))) index++;
    let end = index;
    while (end < path.length && !platformSeparator.test(path.charAt(end))) end++;
    if (path.slice(index, end) !== segment) return undefined;
    index = end;
  }
  const rest = path.slice(index);
  if (rest !== '' && !platformSeparator.test(rest.charAt(0))) return undefined;
  return rest.replace(/^[\\/]+/, '');
}

const absolute = Symbol('absolute');
const escapes = Symbol('escapes');

/** Walks one reading from the root: the slash-joined path it reaches, or why it does not stay. */
function walk(text: string): string | typeof absolute | typeof escapes {
  if (/^[\\/]/.test(text) || /^[A-Za-z]:/.test(text)) return absolute;
  const kept: string[] = [];
  for (const segment of text.split(/[\\/]/)) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') kept.push(segment);
    else if (kept.length === 0) return escapes;
    else kept.pop();
  }
  return kept.join('/');
}

function contains(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function toSlashes(path: string): string {
  return sep === '\\' ? path.replaceAll('\\', '/') : path;
}

function block(code: PathBlockCode, reason: string, resolved?: string): PathClassification {
  return resolved === undefined ? { safe: false, code, reason } : { safe: false, code, reason, resolved };
}

/** The argument as a block reason names it: quoted, and how the judged text was taken from it. */
function named(form: PathForm): string {
  return `${quote(form.path)}${form.how}`;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
}
