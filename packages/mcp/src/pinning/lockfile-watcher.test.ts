import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LockfileWatcher } from './lockfile-watcher.ts';

const dirs: string[] = [];
const watchers: LockfileWatcher[] = [];
afterEach(() => {
  for (const watcher of watchers.splice(0)) watcher.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-watch-'));
  dirs.push(dir);
  return dir;
}

function watcher(path: string, resyncMs = 3_600_000): LockfileWatcher {
  const created = new LockfileWatcher({ path, resyncMs });
  watchers.push(created);
  return created;
}

// The watcher's events arrive in the event loop's poll phase, which runs before the next
// setImmediate callback: by then a change made before is known.
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('LockfileWatcher', () => {
  it('says changed once at first, then only after the lockfile was written', async () => {
    const dir = folder();
    const lock = join(dir, 'portcullis.lock.json');
    writeFileSync(lock, '{}');
    const w = watcher(lock);
    expect(w.active).toBe(true);
    expect([w.changed(), w.changed()]).toEqual([true, false]);
    writeFileSync(join(dir, 'other.txt'), 'not the lockfile');
    await nextTurn();
    expect(w.changed()).toBe(false);
    writeFileSync(`${lock}.tmp`, '{"version":1}');
    await nextTurn();
    expect(w.changed()).toBe(false);
    rmSync(lock);
    await nextTurn();
    expect([w.changed(), w.changed()]).toEqual([true, false]);
    writeFileSync(lock, '{"version":1}');
    await expect.poll(() => w.changed()).toBe(true);
  });

  it('sees a lockfile replaced by a rename', async () => {
    const dir = folder();
    const lock = join(dir, 'portcullis.lock.json');
    writeFileSync(lock, '{}');
    const w = watcher(lock);
    w.changed();
    writeFileSync(`${lock}.tmp`, '{"version":1}');
    renameSync(`${lock}.tmp`, lock);
    await expect.poll(() => w.changed()).toBe(true);
  });

  it('says changed now and then even without an event (file systems that report none)', async () => {
    const w = watcher(join(folder(), 'portcullis.lock.json'), 20);
    w.changed();
    await expect.poll(() => w.changed()).toBe(true);
  });

  it('says changed on every call when the folder cannot be watched', () => {
    const w = watcher(join(folder(), 'missing', 'portcullis.lock.json'));
    expect(w.active).toBe(false);
    expect([w.changed(), w.changed()]).toEqual([true, true]);
  });

  it('does not watch a symlinked lockfile, whose target could change unseen', () => {
    const dir = folder();
    writeFileSync(join(dir, 'real.json'), '{}');
    symlinkSync(join(dir, 'real.json'), join(dir, 'portcullis.lock.json'));
    const w = watcher(join(dir, 'portcullis.lock.json'));
    expect(w.active).toBe(false);
    expect([w.changed(), w.changed()]).toEqual([true, true]);
  });

  it('stops watching, and says changed on every call, once its folder is removed', async () => {
    const dir = join(folder(), 'locks');
    mkdirSync(dir);
    const w = watcher(join(dir, 'portcullis.lock.json'));
    w.changed();
    rmSync(dir, { recursive: true });
    await expect.poll(() => w.active).toBe(false);
    expect([w.changed(), w.changed()]).toEqual([true, true]);
  });

  it('says changed on every call once closed', () => {
    const w = watcher(join(folder(), 'portcullis.lock.json'));
    w.close();
    expect(w.active).toBe(false);
    expect([w.changed(), w.changed()]).toEqual([true, true]);
  });
});
