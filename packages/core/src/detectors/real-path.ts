import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, parse, sep } from 'node:path';

/** Linux's limit on symbolic links followed in one lookup; more is a loop. */
const maxLinks = 40;

const separatorRuns = sep === '\\' ? /[\\/]+/ : /\/+/;

/**
 * Where the operating system lands for an absolute path, even when the end of it does not
 * exist yet: `realpath` when all of it exists, otherwise its components are walked from its root
 * (see {@link physicalPathUnder}). Unlike `path.resolve`, `..` is applied after the symbolic link before it, as the kernel
 * does (`link/../x` is next to the link's target, not next to the link), and a dangling link is
 * followed to where a write would create its target. Errors other than "nothing is there"
 * (`EACCES`, `ELOOP`) are thrown, for the caller to fail closed.
 *
 * @example
 * // /ws/out -> /etc, and /etc/new.txt does not exist yet
 * physicalPath('/ws/out/new.txt') // '/etc/new.txt'
 */
export function physicalPath(path: string): string {
  return absolute(path, { links: maxLinks, missing: false, plain: false });
}

/** `realpath` when the whole path exists (one call); else its components walked from its root. */
function absolute(path: string, walk: Walk): string {
  try {
    const real = realpathSync.native(path);
    walk.missing = false;
    return real;
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  const { root } = parse(path);
  return walkFrom(root, path.slice(root.length), walk);
}

/** Where a relative path lands from a directory; see {@link physicalPathUnder}. */
export interface PathUnder {
  /** The path the operating system would use. */
  path: string;
  /**
   * No link was followed and no `..` climbed above the base: `path` is the base's text plus the
   * walked components, inside the base whatever the base's own real path is.
   */
  plain: boolean;
}

/**
 * `physicalPath` of `rest` taken from `base`. The components of `rest` are walked from `base` with
 * one `lstat` each until the first one that does not exist; everything under that cannot exist
 * either and costs nothing. `base` itself is only resolved (`realpath`) when a link or a `..`
 * leaves what can be judged as text, so a path inside a root costs one system call per existing
 * component and one for the first missing one.
 *
 * @example
 * // /ws/out -> /etc
 * physicalPathUnder('/ws', 'out/new/file.txt') // { path: '/etc/new/file.txt', plain: false }
 * physicalPathUnder('/ws', 'docs/new.txt') // { path: '/ws/docs/new.txt', plain: true }
 */
export function physicalPathUnder(base: string, rest: string): PathUnder {
  const walk: Walk = { links: maxLinks, missing: false, plain: true };
  const path = walkFrom(base, rest, walk);
  return { path, plain: walk.plain };
}

function walkFrom(base: string, rest: string, walk: Walk): string {
  let current = base;
  // Components of `current` below `base`, while the walk is still plain.
  let depth = 0;
  // How many components of `current` lie under the deepest one known not to exist.
  let missingDepth = 0;
  const real = () => {
    // From here on `current` must be a real path: `..` and link targets are taken from it.
    if (!walk.plain) return;
    walk.plain = false;
    current = absolute(current, walk);
  };
  for (const name of rest.split(separatorRuns)) {
    if (name === '' || name === '.') continue;
    if (name === '..') {
      if (depth === 0) real();
      // `current` holds no links below the base, so its parent is its text's parent.
      current = dirname(current);
      if (depth > 0) depth--;
      if (missingDepth > 0) missingDepth--;
      continue;
    }
    // `current` is normalised and `name` one plain component: no need for `join`'s normalising.
    const candidate = current.endsWith(sep) ? current + name : current + sep + name;
    depth++;
    if (missingDepth > 0) {
      current = candidate;
      missingDepth++;
      continue;
    }
    const target = linkTarget(candidate);
    if (target === null) missingDepth = 1;
    if (typeof target !== 'string') {
      current = candidate;
      continue;
    }
    followed(walk, candidate);
    real();
    current = isAbsolute(target) ? absolute(target, walk) : walkFrom(current, target, walk);
    missingDepth = walk.missing ? 1 : 0;
  }
  walk.missing = missingDepth > 0;
  return current;
}

function followed(walk: Walk, link: string): void {
  walk.links -= 1;
  if (walk.links < 0) throw Object.assign(new Error(`too many symbolic links at ${link}`), { code: 'ELOOP' });
}

interface Walk {
  /** Symbolic links that may still be followed. */
  links: number;
  /** Whether the path just reached is known not to exist, so nothing under it can either. */
  missing: boolean;
  /** See {@link PathUnder}; a walk from an absolute path's root is never plain. */
  plain: boolean;
}

/** A link's target, `undefined` for something that is not a link, `null` for nothing at all. */
function linkTarget(path: string): string | undefined | null {
  try {
    const stats = lstatSync(path, { throwIfNoEntry: false });
    if (stats === undefined) return null;
    return stats.isSymbolicLink() ? readlinkSync(path) : undefined;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** Nothing is there: not found, a file used as a directory, or a name too long to exist. */
function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG';
}
