import { posix, win32 } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyPath } from './classify-path.ts';

const pieces = [
  'a',
  'b.txt',
  '.',
  '..',
  '/',
  '\\',
  '%2e',
  '%2f',
  '%5c',
  '%25',
  '%c0%ae',
  '%c0%af',
  'C:',
  '\u2215',
  '\uFF0E',
];
const paths = fc
  .array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 10 })
  .map((parts) => parts.join(''));

const root = '/sandbox/root';
const options = { roots: [root], followSymlinks: false };

/** What Node's own path functions make of a reading: absolute, or outside the root. */
function nodeSaysOutside(reading: string): boolean {
  if (posix.isAbsolute(reading) || win32.isAbsolute(reading) || /^[A-Za-z]:/.test(reading)) return true;
  const posixRel = posix.relative(root, posix.resolve(root, reading));
  const win32Rel = win32.relative('C:\\r', win32.resolve('C:\\r', reading));
  return posixRel === '..' || posixRel.startsWith('../') || win32Rel === '..' || win32Rel.startsWith('..\\');
}

/** Up to three rounds of standard percent-decoding, stopping where decodeURIComponent gives up. */
function decodedReadings(path: string): string[] {
  const readings = [path];
  let current = path;
  for (let round = 0; round < 3; round++) {
    try {
      current = decodeURIComponent(current);
    } catch {
      break;
    }
    readings.push(current);
  }
  return readings;
}

describe('classifyPath properties', () => {
  it('blocks every path that Node resolves outside the root, as written or decoded [filesystem.traversal]', () => {
    fc.assert(
      fc.property(paths, (path) => {
        const outside = decodedReadings(path).some(nodeSaysOutside);
        if (outside) expect(classifyPath(path, options).safe).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('allows plain relative names that never climb', () => {
    const names = fc.array(fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9_. -]{0,11}$/), {
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(names, (segments) => {
        const path = segments.join('/');
        expect(classifyPath(path, options)).toEqual({ safe: true, resolved: posix.join(root, path) });
      }),
    );
  });
});
