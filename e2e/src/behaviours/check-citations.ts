import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Behaviour } from './manifest.ts';
import { findTestTitles, type TestTitle } from './test-titles.ts';

/** Where tests live, relative to the repository root: each package's src and test, and e2e. */
function testRoots(root: string): string[] {
  const packages = readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => [join('packages', entry.name, 'src'), join('packages', entry.name, 'test')]);
  return [...packages, join('e2e', 'src')];
}

/** Every `*.test.ts` file below `dir` (relative to `root`), skipping node_modules. */
function testFilesUnder(root: string, dir: string): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return []; // a package without a test folder
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testFilesUnder(root, path);
    return entry.isFile() && entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * Every test file of the repository (`packages/* /src`, `packages/* /test`, `e2e/src`), as paths
 * relative to `root`, sorted.
 */
export function findTestFiles(root: string): string[] {
  return testRoots(root)
    .flatMap((dir) => testFilesUnder(root, dir))
    .map((path) => relative(root, join(root, path)))
    .toSorted();
}

/** The titles of every test file under `root`. */
export function readTestTitles(root: string): TestTitle[] {
  return findTestFiles(root).flatMap((file) => findTestTitles(file, readFileSync(join(root, file), 'utf8')));
}

/**
 * What is wrong between the manifest and the tests, one sentence per problem (empty when all is
 * well): a behaviour no running test cites, a cited id the manifest lacks, a citing test that is
 * skipped, todo, only or conditional.
 *
 * @example
 * checkCitations({ behaviours, titles: readTestTitles(root) }); // → []
 */
export function checkCitations(options: {
  /** The behaviours of the manifest. */
  behaviours: readonly Behaviour[];
  /** The tests found in the repository. */
  titles: readonly TestTitle[];
}): string[] {
  const known = new Set(options.behaviours.map((behaviour) => behaviour.id));
  const cited = new Set<string>();
  const problems: string[] = [];
  for (const test of options.titles) {
    const where = `${test.file}:${test.line} "${test.title}"`;
    for (const id of test.ids) {
      if (!known.has(id)) problems.push(`${where} cites [${id}], which is not in the manifest`);
    }
    if (test.ids.length === 0) continue;
    if (test.disabledBy) {
      problems.push(`${where} cites [${test.ids.join('] [')}] but does not always run (${test.disabledBy})`);
    } else {
      for (const id of test.ids) cited.add(id);
    }
  }
  for (const behaviour of options.behaviours) {
    if (!cited.has(behaviour.id))
      problems.push(`no running test cites [${behaviour.id}]: ${behaviour.promise}`);
  }
  return problems;
}
