import type { CallContext } from '../context.ts';
import type { Decision } from '../decision.ts';
import { type ClassifyPathOptions, classifyPath } from '../detectors/classify-path.ts';
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
  /^(\/|~|\.{1,2}[\\/]|\\\\|[A-Za-z]:[\\/])|(^|[\\/])\.\.([\\/]|$)|%2e%2e|%252e|\.\.%2f|\.\.%5c/i;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;
// PATH_VALUE's start alone: the rest of it needs `..` or `%`, which two substring searches rule
// out at a fraction of the cost of the whole pattern on a long string.
const PATH_START = /^(\/|~|\.{1,2}[\\/]|\\\\|[A-Za-z]:[\\/])/;
// Argument names repeat from call to call: each is judged once.
const isPathKey = memoByKey((key) => PATH_KEY.test(key.toLowerCase().replace(/[-_]/g, '')));
const looksLikePath = (value: string): boolean =>
  PATH_START.test(value) || ((value.includes('..') || value.includes('%')) && PATH_VALUE.test(value));

/**
 * The filesystem guard: finds path arguments (path-named keys, and strings that look like paths)
 * and requires each to stay inside the roots under every decoding a layer on the way might apply,
 * through symlinks, and outside `denyPatterns` such as `**\/.env`. Home-relative paths (`~/…`) are
 * denied: the shell or tool would expand them outside any root.
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

  const candidates = (ctx: CallContext): { value: string; path: string }[] => {
    const found: { value: string; path: string }[] = [];
    if (named) {
      for (const [path, read] of named) {
        for (const value of read(ctx.args)) if (typeof value === 'string') found.push({ value, path });
      }
      return found;
    }
    walkStrings(ctx.args, (value, path, isKey) => {
      if (isKey || value === '' || URL_LIKE.test(value)) return;
      const key = path.findLast((part) => typeof part === 'string');
      if ((typeof key === 'string' && isPathKey(key)) || looksLikePath(value))
        found.push({ value, path: leafPath(path) });
    });
    return found;
  };

  const guard: Guard = {
    name: 'filesystem',
    deadlineMs: config.deadlineMs,
    failMode: config.failMode,
    evaluate(ctx): Decision {
      const found = candidates(ctx);
      for (const candidate of found) {
        const where = candidate.path || 'the arguments';
        if (/^~/.test(candidate.value)) {
          return deny(
            'home_path',
            `Filesystem: the path in ${where} is relative to a home directory, outside the allowed roots`,
          );
        }
        const result = classifyPath(candidate.value, classify);
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

function deny(code: string, reason: string): Decision {
  return { effect: 'deny', guard: 'filesystem', code, reason };
}
