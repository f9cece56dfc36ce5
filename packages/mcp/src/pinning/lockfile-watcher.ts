import { type FSWatcher, lstatSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/** Options of {@link LockfileWatcher}. */
export interface LockfileWatcherOptions {
  /** The lockfile path. */
  path: string;
  /** Longest time a change may go unnoticed if the file system reports none (network file systems), ms (default 1000). */
  resyncMs?: number;
}

/**
 * Tells the proxy when the lockfile may have changed, so it need not look at the file (a system
 * call) on every tool call. It watches the lockfile's folder, not the file: the file is replaced
 * by a rename on every write (see `writeLockfile`), and a watch on the file itself would stay
 * on the replaced one. The operating system reports a change before any later message from
 * another process can be read, so a call that follows a `portcullis-mcp pin` sees the new pins.
 *
 * Where watching is not possible (no watcher could be set up, the watcher failed, the folder was
 * removed, the lockfile is a symlink whose target would change unseen), every call may have
 * changed it, as before. A periodic resync also covers file systems that report nothing.
 *
 * @example
 * const watcher = new LockfileWatcher({ path: 'portcullis.lock.json' });
 * if (watcher.changed() && pins.stale()) catalog.rebuild(downstreams);
 */
export class LockfileWatcher {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  // Dirty from the start: whatever happened before the watch began is looked at once.
  private dirty = true;
  private watching = false;

  constructor(options: LockfileWatcherOptions) {
    const file = basename(options.path);
    const folder = dirname(options.path);
    if (isSymlink(options.path)) return;
    try {
      this.watcher = watch(folder, { persistent: false }, (event, name) => {
        if (name === null || name === file) this.dirty = true;
        // The folder itself went away: the watch is dead, and the lockfile may come back elsewhere.
        else if (event === 'rename' && name === basename(folder)) this.stop();
      });
      this.watcher.on('error', () => this.stop());
      this.watching = true;
    } catch {
      // No watcher (no such folder yet, the system's watch limit reached): look every time.
      return;
    }
    this.timer = setInterval(() => {
      this.dirty = true;
    }, options.resyncMs ?? 1000);
    this.timer.unref();
  }

  /** True when the lockfile may have changed since the last call (always, when it cannot be watched). */
  changed(): boolean {
    if (!this.watching) return true;
    if (!this.dirty) return false;
    this.dirty = false;
    return true;
  }

  /** Whether changes are watched (false: every call is told the file may have changed). */
  get active(): boolean {
    return this.watching;
  }

  /** Stops watching; from now on every call may have changed the file. */
  close(): void {
    this.stop();
  }

  private stop(): void {
    this.watching = false;
    clearInterval(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
