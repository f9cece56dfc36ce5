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
symlinkSync(join(base, 'outside'), join(base, 'workspace/escape'));

const engineWith = (config = '{ roots: [./workspace] }') =>
  createEngine({ policy: parsePolicy(`version: 1\nguards:\n  filesystem: ${config}\n`), cwd: base });
const read = (args: Record<string, unknown>) => ({ tool: 'read_file', args, source: 'direct' as const });

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

  it('rejects malformed configuration', () => {
    expect(() => engineWith('{ roots: [] }')).toThrow('guards.filesystem.roots');
  });
});
