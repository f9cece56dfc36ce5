import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyPath } from './classify-path.ts';

let base: string;
let root: string;
let outside: string;

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'portcullis-path-')));
  root = join(base, 'ws');
  outside = join(base, 'outside');
  mkdirSync(join(root, 'docs'), { recursive: true });
  mkdirSync(join(outside, 'sub'), { recursive: true });
  writeFileSync(join(root, 'docs', 'a.txt'), 'a');
  writeFileSync(join(root, '.env'), 'SECRET=1');
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  symlinkSync(outside, join(root, 'out'));
  symlinkSync(join(outside, 'sub'), join(root, 'deep'));
  symlinkSync(join(root, 'docs'), join(root, 'docs-link'));
  symlinkSync(join(outside, 'created-later.txt'), join(root, 'dangling'));
  symlinkSync('.env', join(root, 'innocent'));
  symlinkSync(join(root, 'loop-b'), join(root, 'loop-a'));
  symlinkSync(join(root, 'loop-a'), join(root, 'loop-b'));
  symlinkSync(root, join(base, 'ws-link'));
  symlinkSync('../outside/sub', join(root, 'rel-up'));
  symlinkSync(join(outside, 'gone', 'deeper'), join(root, 'docs', 'gone-link'));
});

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

describe('classifyPath', () => {
  it.each([
    ['docs/a.txt', 'docs/a.txt'],
    ['new/file.txt', 'new/file.txt'],
    ['.', ''],
    ['x/..', ''],
    ['notes..txt', 'notes..txt'],
    ['..hidden/file', '..hidden/file'],
    ['a/b/../c.txt', 'a/c.txt'],
    ['a/%2e%2e/b.txt', 'a/%2e%2e/b.txt'],
    ['50%off.txt', '50%off.txt'],
    ['docs-link/a.txt', 'docs-link/a.txt'],
    ['docs\\a.txt', 'docs\\a.txt'],
  ])('allows %j inside the root', (path, inside) => {
    expect(classifyPath(path, { roots: [root] })).toEqual({ safe: true, resolved: join(root, inside) });
  });

  it.each([
    ['..', 'as written: ".."'],
    ['../x', 'as written: "../x"'],
    ['a/../..', 'as written: "a/../.."'],
    ['..\\x', 'as written: "..\\\\x"'],
    ['%2e%2e/x', 'percent-decoded: "../x"'],
    ['..%252fx', 'percent-decoded, then percent-decoded: "../x"'],
    ['%c0%ae%c0%ae/x', 'percent-decoded as IIS UTF-8: "../x"'],
    ['..%c1%9cx', 'percent-decoded as IIS UTF-8: "..\\\\x"'],
    ['%c0%2e%c0%2e/x', 'percent-decoded as IIS UTF-8: "../x"'],
    ['.%c0%ae./x', 'percent-decoded dropping invalid UTF-8: "../x"'],
    ['%uff0e%uff0e/x', 'percent-decoded, look-alikes folded: "../x"'],
    // A decoder that knows only %XX keeps `x%u002fy` one name, so two `..` climb out.
    ['x%u002fy/%2e%2e/%2e%2e', 'percent-decoded (%XX only): "x%u002fy/../.."'],
    ['x%2fy/%u002e%u002e/%u002e%u002e', 'percent-decoded (%uXXXX only): "x%2fy/../.."'],
    ['..\u2215x', 'as written, look-alikes folded: "../x"'],
    ['..%00/x', 'percent-decoded, cut at NUL: ".."'],
  ])('blocks %j, which leaves the root when read %s [filesystem.traversal]', (path, read) => {
    expect(classifyPath(path, { roots: [root] })).toEqual({
      safe: false,
      code: 'traversal',
      reason: `${JSON.stringify(path)} leaves its root when read ${read}`,
    });
  });

  it.each([
    '/etc/passwd',
    '\\etc\\passwd',
    'C:\\Windows\\win.ini',
    '\\\\?\\C:\\x',
    '//server/share/f',
    '%2fetc/passwd',
  ])('blocks %j, which is absolute under some reading', (path) => {
    expect(classifyPath(path, { roots: [root] })).toMatchObject({ safe: false, code: 'absolute_path' });
  });

  it('allows an absolute path below a root and judges the rest from that root', () => {
    expect(classifyPath(join(root, 'docs/a.txt'), { roots: [root] })).toEqual({
      safe: true,
      resolved: join(root, 'docs/a.txt'),
    });
    expect(classifyPath(root, { roots: [root] })).toEqual({ safe: true, resolved: root });
    expect(classifyPath(`${root}/../outside/secret.txt`, { roots: [root] })).toMatchObject({
      code: 'traversal',
    });
    expect(classifyPath(`${root}/%2e%2e/x`, { roots: [root] })).toMatchObject({ code: 'traversal' });
    expect(classifyPath(`${root}-sibling/x`, { roots: [root] })).toEqual({
      safe: false,
      code: 'absolute_path',
      reason: `${JSON.stringify(`${root}-sibling/x`)} is absolute and outside every root`,
    });
  });

  it('takes relative paths from the first root and accepts absolute paths in any root', () => {
    const roots = [join(root, 'docs'), outside];
    expect(classifyPath('a.txt', { roots })).toEqual({ safe: true, resolved: join(root, 'docs', 'a.txt') });
    expect(classifyPath(join(outside, 'secret.txt'), { roots })).toEqual({
      safe: true,
      resolved: join(outside, 'secret.txt'),
    });
  });

  it('resolves relative roots against cwd', () => {
    expect(classifyPath('docs/a.txt', { roots: ['ws'], cwd: base })).toEqual({
      safe: true,
      resolved: join(root, 'docs/a.txt'),
    });
  });

  it('resolves the roots again when the same list is changed or the working directory is another', () => {
    const roots = ['ws'];
    expect(classifyPath('a.txt', { roots, cwd: base })).toEqual({
      safe: true,
      resolved: join(root, 'a.txt'),
    });
    expect(classifyPath('a.txt', { roots, cwd: root })).toEqual({
      safe: true,
      resolved: join(root, 'ws', 'a.txt'),
    });
    roots[0] = 'outside';
    expect(classifyPath('a.txt', { roots, cwd: base })).toEqual({
      safe: true,
      resolved: join(outside, 'a.txt'),
    });
  });

  it('blocks an empty path, an over-long path and an empty root list', () => {
    expect(classifyPath('', { roots: [root] })).toMatchObject({ code: 'invalid_path' });
    expect(classifyPath('a/'.repeat(2049), { roots: [root] })).toMatchObject({ code: 'invalid_path' });
    expect(classifyPath('a.txt', { roots: [] })).toEqual({
      safe: false,
      code: 'invalid_path',
      reason: 'no sandbox roots are configured',
    });
  });

  it('blocks a path that leaves the root through a symbolic link, existing or not [filesystem.symlink]', () => {
    expect(classifyPath('out/secret.txt', { roots: [root] })).toEqual({
      safe: false,
      code: 'symlink_escape',
      resolved: join(root, 'out/secret.txt'),
      reason: `"out/secret.txt" leads outside every root to ${join(outside, 'secret.txt')}`,
    });
    expect(classifyPath('out/not-yet.txt', { roots: [root] })).toMatchObject({ code: 'symlink_escape' });
    expect(classifyPath('out', { roots: [root] })).toMatchObject({ code: 'symlink_escape' });
  });

  it('applies .. after the link before it, as the kernel does', () => {
    // Lexically deep/../secret.txt is secret.txt in the root; on disk it is outside/secret.txt.
    expect(classifyPath('deep/../secret.txt', { roots: [root] })).toMatchObject({
      code: 'symlink_escape',
      reason: `"deep/../secret.txt" leads outside every root to ${join(outside, 'secret.txt')}`,
    });
  });

  it('follows a dangling link to where a write would create its target [filesystem.symlink]', () => {
    expect(classifyPath('dangling', { roots: [root] })).toMatchObject({
      code: 'symlink_escape',
      reason: `"dangling" leads outside every root to ${join(outside, 'created-later.txt')}`,
    });
  });

  it('resolves paths whose directories do not exist yet, and links reached through .. from one', () => {
    expect(classifyPath('new/deeper/file.txt', { roots: [root] })).toEqual({
      safe: true,
      resolved: join(root, 'new/deeper/file.txt'),
    });
    // `missing/..` is the root again, and `out` in it is still the link that leaves.
    expect(classifyPath('missing/../out/new.txt', { roots: [root] })).toMatchObject({
      code: 'symlink_escape',
      reason: `"missing/../out/new.txt" leads outside every root to ${join(outside, 'new.txt')}`,
    });
    expect(classifyPath('docs/a.txt/under-a-file', { roots: [root] })).toMatchObject({ safe: true });
  });

  it('judges a path under a root that does not exist yet, and one reached through a link to it', () => {
    const missingRoot = join(base, 'not-yet', 'ws');
    expect(classifyPath('a/b.txt', { roots: [missingRoot] })).toEqual({
      safe: true,
      resolved: join(missingRoot, 'a/b.txt'),
    });
    // An absolute link target that does not exist is walked from the file system root.
    expect(classifyPath('docs/gone-link/new/file.txt', { roots: [root] })).toMatchObject({
      code: 'symlink_escape',
      reason: `"docs/gone-link/new/file.txt" leads outside every root to ${join(outside, 'gone', 'deeper', 'new', 'file.txt')}`,
    });
  });

  it('follows relative link targets from the link, and .. out of a missing link target', () => {
    expect(classifyPath('rel-up/x', { roots: [root] })).toMatchObject({
      code: 'symlink_escape',
      reason: `"rel-up/x" leads outside every root to ${join(outside, 'sub', 'x')}`,
    });
    // docs/gone-link points at outside/gone/deeper, which does not exist; two `..` climb to outside.
    expect(classifyPath('docs/gone-link/../../sub/y', { roots: [root] })).toMatchObject({
      code: 'symlink_escape',
      reason: `"docs/gone-link/../../sub/y" leads outside every root to ${join(outside, 'sub', 'y')}`,
    });
    // Climbing out of directories that do not exist lands back on ones that do.
    expect(classifyPath('docs/new/newer/../../gone-link/z', { roots: [root] })).toMatchObject({
      code: 'symlink_escape',
      reason: `"docs/new/newer/../../gone-link/z" leads outside every root to ${join(outside, 'gone', 'deeper', 'z')}`,
    });
  });

  it('resolves every reading on disk, so a link reached through a decoded or folded name is followed [filesystem.symlink]', () => {
    expect(classifyPath('o%75t/secret.txt', { roots: [root] })).toEqual({
      safe: false,
      code: 'symlink_escape',
      resolved: join(root, 'o%75t/secret.txt'),
      reason: `"o%75t/secret.txt" leads outside every root to ${join(outside, 'secret.txt')} when read percent-decoded: "out/secret.txt"`,
    });
    for (const path of ['%6fut', 'ｏｕｔ/new.txt', 'de%65p/../secret.txt', '%256fut', 'docs/..%2fout']) {
      expect(classifyPath(path, { roots: [root] }), path).toMatchObject({ code: 'symlink_escape' });
    }
    expect(classifyPath('out\\secret.txt', { roots: [root] })).toMatchObject({
      code: 'symlink_escape',
      reason: `"out\\\\secret.txt" leads outside every root to ${join(outside, 'secret.txt')} when read as written, \\ as a separator: "out/secret.txt"`,
    });
    expect(classifyPath('innoc%65nt', { roots: [root], denyPatterns: ['**/.env'] })).toMatchObject({
      code: 'denied_pattern',
      reason: '"innoc%65nt" (".env") matches denyPatterns',
    });
    expect(classifyPath('d%6fcs-link/a.txt', { roots: [root] })).toEqual({
      safe: true,
      resolved: join(root, 'd%6fcs-link/a.txt'),
    });
  });

  it('does not resolve a reading that holds a NUL, only the reading cut at it', () => {
    expect(classifyPath('docs/a.txt%00.png', { roots: [root] })).toEqual({
      safe: true,
      resolved: join(root, 'docs/a.txt%00.png'),
    });
    expect(classifyPath('out%00/x', { roots: [root] })).toMatchObject({
      code: 'symlink_escape',
      reason: `"out%00/x" leads outside every root to ${outside} when read percent-decoded, cut at NUL: "out"`,
    });
  });

  it('judges a path with white space around it as trimmed as well', () => {
    expect(classifyPath(' /etc/passwd', { roots: [root] })).toEqual({
      safe: false,
      code: 'absolute_path',
      reason: '" /etc/passwd" with its white space trimmed is absolute and outside every root',
    });
    expect(classifyPath('\n../x ', { roots: [root] })).toMatchObject({ code: 'traversal' });
    expect(classifyPath(' docs/a.txt\t', { roots: [root] })).toEqual({
      safe: true,
      resolved: join(root, ' docs/a.txt\t'),
    });
  });

  it('judges a file: URL as the path it names', () => {
    expect(classifyPath('file:///etc/passwd', { roots: [root] })).toEqual({
      safe: false,
      code: 'absolute_path',
      reason: '"file:///etc/passwd" read as a file URL is absolute and outside every root',
    });
    expect(classifyPath(`file://${root}/docs/my%20notes.txt`, { roots: [root] })).toEqual({
      safe: true,
      resolved: join(root, 'docs/my notes.txt'),
    });
    expect(classifyPath(`FILE://localhost${root}/docs/a.txt`, { roots: [root] })).toEqual({
      safe: true,
      resolved: join(root, 'docs/a.txt'),
    });
    expect(classifyPath(`file://${root}/o%2575t/x`, { roots: [root] })).toMatchObject({
      code: 'symlink_escape',
    });
    expect(classifyPath(`file://${root}/%2e%2e/outside`, { roots: [root] })).toMatchObject({
      code: 'absolute_path',
    });
    expect(classifyPath('file://server/share/x', { roots: [root] })).toMatchObject({ code: 'absolute_path' });
    expect(classifyPath(' file:/etc/passwd', { roots: [root] })).toMatchObject({ code: 'absolute_path' });
  });

  it('blocks a symbolic link loop as a file system error', () => {
    expect(classifyPath('loop-a/x', { roots: [root] })).toMatchObject({ safe: false, code: 'fs_error' });
  });

  it('accepts a root that is itself a symbolic link', () => {
    expect(classifyPath('docs/a.txt', { roots: [join(base, 'ws-link')] })).toEqual({
      safe: true,
      resolved: join(base, 'ws-link', 'docs/a.txt'),
    });
  });

  it('checks text only when followSymlinks is false', () => {
    expect(classifyPath('out/secret.txt', { roots: [root], followSymlinks: false })).toEqual({
      safe: true,
      resolved: join(root, 'out/secret.txt'),
    });
  });

  it('blocks denyPatterns under every reading, ignoring case, and through links [filesystem.deny-patterns]', () => {
    const options = { roots: [root], denyPatterns: ['**/.env', '**/.ssh/**'] };
    expect(classifyPath('.env', options)).toEqual({
      safe: false,
      code: 'denied_pattern',
      resolved: join(root, '.env'),
      reason: '".env" (".env") matches denyPatterns',
    });
    for (const path of [
      'app/.env',
      '%2eenv',
      'app\\.env',
      '.ENV',
      'innocent',
      '.ssh/id_rsa',
      'home/.ssh/config',
    ]) {
      expect(classifyPath(path, options)).toMatchObject({ safe: false, code: 'denied_pattern' });
    }
    expect(classifyPath('.env.example', options)).toMatchObject({ safe: true });
    expect(classifyPath('docs/a.txt', options)).toMatchObject({ safe: true });
  });
});
