import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, win32 } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
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

/** Ways a layer on the way may spell one character of a path. */
const spellings = (char: string): string[] => {
  const code = char.charCodeAt(0);
  const hex = code.toString(16).padStart(2, '0');
  const spelled = [char, `%${hex}`, `%25${hex}`, `%u00${hex}`];
  // Fullwidth forms fold back to ASCII under NFKC.
  if (code > 0x20 && code < 0x7f) spelled.push(String.fromCharCode(code + 0xfee0));
  return spelled;
};

const linked = realpathSync(mkdtempSync(join(tmpdir(), 'portcullis-path-property-')));
mkdirSync(join(linked, 'ws'));
mkdirSync(join(linked, 'outside'));
symlinkSync(join(linked, 'outside'), join(linked, 'ws', 'out'));

afterAll(() => {
  rmSync(linked, { recursive: true, force: true });
});

describe('classifyPath properties', () => {
  it('follows a link out of the root however its name is spelled [filesystem.symlink]', () => {
    const spelledPath = fc.tuple(...[...'out/secret.txt'].map((char) => fc.constantFrom(...spellings(char))));
    fc.assert(
      fc.property(spelledPath, (parts) => {
        const path = parts.join('');
        expect(classifyPath(path, { roots: [join(linked, 'ws')] }), path).toMatchObject({
          code: 'symlink_escape',
        });
      }),
      { numRuns: 500 },
    );
  });

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
