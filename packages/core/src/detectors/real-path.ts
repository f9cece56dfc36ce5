import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, sep } from 'node:path';

/** Linux's limit on symbolic links followed in one lookup; more is a loop. */
const maxLinks = 40;

const separators = sep === '\\' ? /[\\/]+$/ : /\/+$/;

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
  return settle(path, { links: maxLinks });
}

function settle(path: string, budget: { links: number }): string {
  // existsSync never throws: a missing path (the common case for a file about to be written)
  // costs one stat instead of an exception.
  if (existsSync(path)) {
    try {
      return realpathSync.native(path);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  const trimmed = path.replace(separators, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), sep === '\\' ? trimmed.lastIndexOf('\\') : -1);
  // A path that is all root and still missing (a drive that is not there) cannot be split.
  if (cut < 0 || trimmed === '') return path;
  const parentText = trimmed.slice(0, cut);
  // Keep a root's separator: 'C:' alone would mean the drive's current directory.
  const isRoot = parentText === '' || /^[A-Za-z]:$/.test(parentText);
  const parent = settle(isRoot ? trimmed.slice(0, cut + 1) : parentText, budget);
  const name = trimmed.slice(cut + 1);
  if (name === '' || name === '.') return parent;
  if (name === '..') return dirname(parent);
  const candidate = join(parent, name);
  const target = linkTarget(candidate);
  if (target === undefined) return candidate;
  budget.links -= 1;
  if (budget.links < 0)
    throw Object.assign(new Error(`too many symbolic links at ${candidate}`), { code: 'ELOOP' });
  return settle(isAbsolute(target) ? target : `${parent}${sep}${target}`, budget);
}

function linkTarget(path: string): string | undefined {
  try {
    const stats = lstatSync(path, { throwIfNoEntry: false });
    return stats?.isSymbolicLink() ? readlinkSync(path) : undefined;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Nothing is there: not found, a file used as a directory, or a name too long to exist. */
function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG';
}
