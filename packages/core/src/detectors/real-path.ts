import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, sep } from 'node:path';

/** Linux's limit on symbolic links followed in one lookup; more is a loop. */
const maxLinks = 40;

const separators = sep === '\\' ? /[\\/]+$/ : /\/+$/;
const separatorRuns = sep === '\\' ? /[\\/]+/ : /\/+/;

/**
 * Where the operating system lands for an absolute path, even when the end of it does not
 * exist yet: the longest existing prefix is resolved with `realpath`, and the rest is walked by
 * hand. Unlike `path.resolve`, `..` is applied after the symbolic link before it, as the kernel
 * does (`link/../x` is next to the link's target, not next to the link), and a dangling link is
 * followed to where a write would create its target. Errors other than "nothing is there"
 * (`EACCES`, `ELOOP`) are thrown, for the caller to fail closed.
 *
 * @example
 * // /ws/out -> /etc, and /etc/new.txt does not exist yet
 * physicalPath('/ws/out/new.txt') // '/etc/new.txt'
 */
export function physicalPath(path: string): string {
  try {
    return realpathSync.native(path);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  return settle(path, { links: maxLinks, missing: false });
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
  return { path, plain: walk.plain === true };
}

function walkFrom(base: string, rest: string, walk: Walk): string {
  let current = base;
  // Components of `current` below `base`, while the walk is still plain.
  let depth = 0;
  // How many components of `current` lie under the deepest one known not to exist.
  let missingDepth = 0;
  const real = () => {
    // From here on `current` must be a real path: `..` and link targets are taken from it.
    if (walk.plain) current = missingDepth > 0 ? settle(current, walk) : physicalPath(current);
    walk.plain = false;
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
    const candidate = join(current, name);
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
    current = isAbsolute(target) ? settle(target, walk) : walkFrom(current, target, walk);
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
  /** Whether the path just settled is known not to exist, so nothing under it can either. */
  missing: boolean;
  /** See {@link PathUnder}; settling an absolute path is never plain. */
  plain?: boolean;
}

function settle(path: string, walk: Walk): string {
  // existsSync never throws: a missing path (the common case for a file about to be written)
  // costs one stat instead of an exception.
  if (existsSync(path)) {
    try {
      const real = realpathSync.native(path);
      walk.missing = false;
      return real;
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  const trimmed = path.replace(separators, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), sep === '\\' ? trimmed.lastIndexOf('\\') : -1);
  // A path that is all root and still missing (a drive that is not there) cannot be split.
  if (cut < 0 || trimmed === '') {
    walk.missing = false;
    return path;
  }
  const parentText = trimmed.slice(0, cut);
  // Keep a root's separator: 'C:' alone would mean the drive's current directory.
  const isRoot = parentText === '' || /^[A-Za-z]:$/.test(parentText);
  const parent = settle(isRoot ? trimmed.slice(0, cut + 1) : parentText, walk);
  const name = trimmed.slice(cut + 1);
  if (name === '' || name === '.') return parent;
  if (name === '..') {
    // The parent of a missing directory may well exist.
    walk.missing = false;
    return dirname(parent);
  }
  const candidate = join(parent, name);
  // Nothing lies under a directory that is not there: no system call needed to know.
  if (walk.missing) return candidate;
  const target = linkTarget(candidate);
  if (target === null) {
    walk.missing = true;
    return candidate;
  }
  if (target === undefined) return candidate;
  followed(walk, candidate);
  return settle(isAbsolute(target) ? target : `${parent}${sep}${target}`, walk);
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
