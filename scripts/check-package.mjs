// Checks the package in the current directory as it will be published: packs it with pnpm (so
// `publishConfig` replaces the dev `exports`/`bin` and `workspace:`/`catalog:` ranges become real
// ones), then lints the tarball with publint (strict: warnings fail) and checks its types with
// Are the Types Wrong (ESM-only profile: the packages are ESM, Node >= 22, so CommonJS `require`
// and node10 resolution are out of scope). It then reads the unpacked files for what neither tool
// looks at: every package the code imports must be declared, test files must not ship, and no
// stale build output may ride along. Exits non-zero when any check finds a problem.
//
// Run it from a package directory after `build`: `node ../../scripts/check-package.mjs`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.bin');
const name = JSON.parse(readFileSync('package.json', 'utf8')).name;

/** Runs a command; its output is kept and shown only when it fails, so a clean run stays short. */
function run(label, command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status === 0) return result.stdout;
  console.error(`${name}: ${label} failed (exit ${result.status ?? result.signal ?? result.error})`);
  console.error(`$ ${command} ${args.join(' ')}\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  process.exitCode = 1;
  return undefined;
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
const packageOf = (specifier) => specifier.split('/', specifier.startsWith('@') ? 2 : 1).join('/');
const builtins = new Set(builtinModules);
const isBuiltin = (specifier) => specifier.startsWith('node:') || builtins.has(packageOf(specifier));

// Statements at the start of a line only, so `import … from '…'` inside a JSDoc @example is not
// taken for code. `[^;]*?` spans the lines of a multi-line import list.
const STATIC_IMPORT = /^(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]/gm;
const TYPE_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(text, pattern) {
  return [...text.matchAll(pattern)].map((match) => match[1] ?? match[2]).filter((s) => !s.startsWith('.'));
}

/**
 * What publint and attw do not look for. Code loaded with the package must import only
 * `dependencies` or required peers (an optional peer may only be reached by a dynamic `import()`,
 * or it crashes installs without it); declaration files may also use optional peers.
 */
function contentProblems(root) {
  const problems = [];
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, range] of Object.entries(pkg[field] ?? {})) {
      if (/^(workspace|catalog):/.test(range)) problems.push(`${field}.${dep} is still "${range}"`);
    }
  }
  for (const field of ['exports', 'bin']) {
    if (JSON.stringify(pkg[field] ?? {}).includes('/src/')) problems.push(`${field} still points at src/`);
  }
  const peers = Object.keys(pkg.peerDependencies ?? {});
  const optional = new Set(peers.filter((peer) => pkg.peerDependenciesMeta?.[peer]?.optional));
  const runtime = new Set([
    pkg.name,
    ...Object.keys(pkg.dependencies ?? {}),
    ...peers.filter((p) => !optional.has(p)),
  ]);
  const typesOnly = new Set([...runtime, ...optional]);

  for (const path of filesUnder(root)) {
    const file = relative(root, path);
    if (/\.test(-d)?\.(js|d\.ts|ts)$|(^|\/)test-helpers\.|\.vitest-report\.json$/.test(file)) {
      problems.push(`ships a test file: ${file}`);
    }
    // tsc never deletes output, so a module removed from src/ would otherwise ship on.
    const built = /^dist\/(.+)\.js$/.exec(file);
    if (built && !existsSync(`src/${built[1]}.ts`))
      problems.push(`ships ${file}, but src/${built[1]}.ts is gone`);

    const isTypes = file.endsWith('.d.ts');
    if (!isTypes && !file.endsWith('.js')) continue;
    const text = readFileSync(path, 'utf8');
    const declared = isTypes ? typesOnly : runtime;
    const specifiers = importsOf(text, STATIC_IMPORT).concat(isTypes ? importsOf(text, TYPE_IMPORT) : []);
    for (const specifier of new Set(specifiers)) {
      if (isBuiltin(specifier) || declared.has(packageOf(specifier))) continue;
      const why = optional.has(packageOf(specifier))
        ? 'an optional peer, loaded with the package'
        : 'not a dependency';
      problems.push(`${file} imports '${specifier}', ${why}`);
    }
  }
  return problems;
}

const dir = mkdtempSync(join(tmpdir(), 'check-package-'));
try {
  if (run('pnpm pack', 'pnpm', ['pack', '--pack-destination', dir]) !== undefined) {
    const tarball = join(
      dir,
      readdirSync(dir).find((file) => file.endsWith('.tgz')),
    );
    run('publint', join(bin, 'publint'), ['run', tarball, '--strict', '--level', 'suggestion']);
    run('attw', join(bin, 'attw'), [
      tarball,
      '--profile',
      'esm-only',
      '--format',
      'table-flipped',
      '--no-emoji',
    ]);
    const unpacked = join(dir, 'unpacked');
    mkdirSync(unpacked);
    if (run('unpacking the tarball', 'tar', ['-xzf', tarball, '-C', unpacked]) !== undefined) {
      const problems = contentProblems(join(unpacked, 'package'));
      if (problems.length > 0) {
        console.error(`${name}: the packed package has problems:\n  ${problems.join('\n  ')}`);
        process.exitCode = 1;
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (!process.exitCode)
  console.log(`${name}: the packed package passes publint (strict), attw (esm-only) and the import audit`);
