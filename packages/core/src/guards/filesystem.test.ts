import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import { parsePolicy } from '../policy/parse-policy.ts';

const base = mkdtempSync(join(tmpdir(), 'portcullis-fs-'));
mkdirSync(join(base, 'workspace/docs'), { recursive: true });
mkdirSync(join(base, 'outside'));
writeFileSync(join(base, 'outside/secret.txt'), 'x');
writeFileSync(join(base, 'outside/passwd'), 'x');
writeFileSync(join(base, 'workspace/.env'), 'SECRET=1');
symlinkSync(join(base, 'outside'), join(base, 'workspace/escape'));
symlinkSync('../outside', join(base, 'workspace/out'));
symlinkSync(join(base, 'outside/passwd'), join(base, 'workspace/pw'));
symlinkSync('.env', join(base, 'workspace/envlink'));

const engineWith = (config = '{ roots: [./workspace] }') =>
  createEngine({ policy: parsePolicy(`version: 1\nguards:\n  filesystem: ${config}\n`), cwd: base });
const read = (args: Record<string, unknown>) => ({ tool: 'read_file', args, source: 'direct' as const });
const codeOf = async (engine: ReturnType<typeof engineWith>, args: Record<string, unknown>) => {
  const [decision] = (await engine.evaluate(read(args))).decisions;
  return decision?.effect === 'deny' ? decision.code : decision?.effect;
};

describe('filesystem guard', () => {
  it('allows paths inside the root and blocks traversal in its encodings [filesystem.traversal]', async () => {
    const engine = engineWith();
    expect((await engine.evaluate(read({ path: 'docs/readme.md' }))).effect).toBe('allow');
    expect((await engine.evaluate(read({ path: join(base, 'workspace/docs/a.md') }))).effect).toBe('allow');
    for (const path of [
      '../outside/secret.txt',
      '/etc/passwd',
      '..%2f..%2fetc%2fpasswd',
      '%252e%252e/x',
      '..%c0%af..%c0%afetc',
      'C:\\Windows\\win.ini',
    ]) {
      expect((await engine.evaluate(read({ path }))).effect, path).toBe('deny');
    }
  });

  it('catches a symlink out of the root, deny patterns and home-relative paths [filesystem.symlink] [filesystem.deny-patterns]', async () => {
    const engine = engineWith();
    expect((await engine.evaluate(read({ path: 'escape/secret.txt' }))).decisions[0]).toMatchObject({
      code: 'path_symlink_escape',
    });
    expect((await engine.evaluate(read({ path: 'docs/.env' }))).decisions[0]).toMatchObject({
      code: 'path_denied_pattern',
    });
    expect((await engine.evaluate(read({ file: '~/.ssh/id_rsa' }))).decisions[0]).toMatchObject({
      code: 'home_path',
    });
  });

  it('finds paths under path-like names and in values that look like paths', async () => {
    const engine = engineWith();
    expect((await engine.evaluate(read({ options: { outputDir: '../../tmp' } }))).effect).toBe('deny');
    expect((await engine.evaluate(read({ note: '../../etc/shadow' }))).effect).toBe('deny');
    expect(
      (await engine.evaluate(read({ title: 'Quarterly report', url: 'https://example.com/../x' }))).effect,
    ).toBe('allow');
  });

  it('checks only the named arguments when pathArgs is a list', async () => {
    const engine = engineWith('{ roots: [./workspace], pathArgs: [target] }');
    expect((await engine.evaluate(read({ target: '../x', path: '../y' }))).reason).toContain('target');
    expect((await engine.evaluate(read({ path: '../y' }))).effect).toBe('allow');
  });

  it('follows links reached through a decoded or folded reading of the path [filesystem.symlink]', async () => {
    const engine = engineWith();
    for (const path of [
      'o%75t/secret.txt',
      'p%77',
      'ｐｗ',
      'ｏｕｔ/secret.txt',
      '%2570w',
      'out\\secret.txt',
    ]) {
      expect(await codeOf(engine, { path }), path).toBe('path_symlink_escape');
    }
    expect((await engine.evaluate(read({ path: 'o%75t/secret.txt' }))).reason).toBe(
      `Filesystem: the path in path is blocked: "o%75t/secret.txt" leads outside every root to ${join(base, 'outside/secret.txt')} when read percent-decoded: "out/secret.txt"`,
    );
    expect(await codeOf(engine, { path: 'envl%69nk' })).toBe('path_denied_pattern');
    expect(await codeOf(engine, { path: 'd%6fcs/readme.md' })).toBe('allow');
  });

  it('finds paths in keys and in values that look like paths only once decoded or folded [filesystem.traversal]', async () => {
    const engine = engineWith();
    expect(await codeOf(engine, { files: { '../../etc/cron.d/evil': '* * * * * root sh' } })).toBe(
      'path_traversal',
    );
    expect(await codeOf(engine, { files: { '.env': 'SECRET=2' } })).toBe('path_denied_pattern');
    expect(await codeOf(engine, { options: { '/etc/passwd': true } })).toBe('path_absolute_path');
    for (const q of [
      '．．／etc',
      '‥/etc',
      '%u002e%u002e/etc',
      'x/.%2e/.%2e/etc',
      'x/%c0%ae%c0%ae/%c0%ae%c0%ae/etc',
      'x/..%255c..%255cetc',
      'x/%uff0e%uff0e/%uff0e%uff0e/etc',
      'x/..／..／etc',
      '／etc／passwd',
      ' /etc/passwd',
      '％2e％2e/etc',
    ]) {
      expect(await codeOf(engine, { q }), q).toMatch(/^path_(traversal|absolute_path)$/);
    }
    for (const q of [
      'Revenue grew 12% — a record… and/or more, about ½ of it abroad. Wait.. really?',
      '100%',
      'a%2Fb',
      'Ｑ３ report',
      'File: notes.txt',
    ]) {
      expect(await codeOf(engine, { q }), q).toBe('allow');
    }
    expect(await codeOf(engine, { headers: { 'Content-Type': 'text/plain', '50%': 'x' } })).toBe('allow');
    expect(await codeOf(engine, { files: { 'notes.txt': 'see /etc/hosts' } })).toBe('allow');
  });

  it('denies arguments nested deeper than it reads', async () => {
    let args: Record<string, unknown> = { path: '../../etc/passwd' };
    for (let i = 0; i < 70; i++) args = { a: args };
    const verdict = await engineWith().evaluate(read(args));
    expect(verdict.effect).toBe('deny');
    expect(verdict.decisions[0]).toMatchObject({ code: 'arguments_too_deep' });
    expect(verdict.reason).toMatch(/^Filesystem: the arguments nest too deeply to be checked, at a\.a\.a/);
  });

  it('judges a file: URL as the path it names, in both modes', async () => {
    for (const engine of [engineWith(), engineWith('{ roots: [./workspace], pathArgs: [path] }')]) {
      expect(await codeOf(engine, { path: 'file:///etc/passwd' })).toBe('path_absolute_path');
      expect(await codeOf(engine, { path: 'file://server/share/x' })).toBe('path_absolute_path');
      expect(await codeOf(engine, { path: `file://${join(base, 'workspace/docs/a.md')}` })).toBe('allow');
      expect(await codeOf(engine, { path: `file://${join(base, 'workspace/o%75t/secret.txt')}` })).toBe(
        'path_symlink_escape',
      );
    }
    expect(await codeOf(engineWith(), { q: 'file:///etc/passwd' })).toBe('path_absolute_path');
    expect(await codeOf(engineWith(), { link: 'https://example.com/../x' })).toBe('allow');
  });

  it('judges a path with white space around it as trimmed too', async () => {
    const engine = engineWith();
    expect(await codeOf(engine, { path: ' /etc/passwd' })).toBe('path_absolute_path');
    expect(await codeOf(engine, { path: '\t../x\n' })).toBe('path_traversal');
    expect(await codeOf(engine, { path: ' ~/.ssh/id_rsa' })).toBe('home_path');
    expect(await codeOf(engine, { path: ' docs/readme.md ' })).toBe('allow');
  });

  it('reads lists and objects under a named path argument, and denies other values', async () => {
    const engine = engineWith('{ roots: [./workspace], pathArgs: [target] }');
    expect((await engine.evaluate(read({ target: ['docs/a.md', '../x'] }))).reason).toContain('target[1]');
    expect((await engine.evaluate(read({ target: { from: 'docs/a.md', to: '../x' } }))).reason).toContain(
      'target.to',
    );
    expect(await codeOf(engine, { target: { '../x': 'docs/a.md' } })).toBe('path_traversal');
    expect(await codeOf(engine, { target: ['docs/a.md', { deeper: ['docs/b.md'] }] })).toBe('allow');
    // Below a key of its own, a string is a path only as in auto mode: file contents are not paths.
    const content = 'Quarterly notes, see the appendix. '.repeat(200);
    expect(await codeOf(engine, { target: [{ path: 'docs/a.md', content }] })).toBe('allow');
    expect(await codeOf(engine, { target: { 'docs/a.md': content } })).toBe('allow');
    expect(await codeOf(engine, { target: [{ path: '../x', content }] })).toBe('path_traversal');
    expect((await engine.evaluate(read({ target: { '../x': content } }))).reason).toContain(
      'a key of target',
    );
    for (const target of [5, true]) {
      expect(await codeOf(engine, { target }), String(target)).toBe('invalid_path');
    }
    expect((await engine.evaluate(read({ target: 5 }))).reason).toBe(
      'Filesystem: target holds a number, not a path',
    );
    expect(await codeOf(engine, { target: null })).toBe('allow');
    expect(await codeOf(engine, {})).toBe('allow');
  });

  it('rejects malformed configuration', () => {
    expect(() => engineWith('{ roots: [] }')).toThrow('guards.filesystem.roots');
  });
});
