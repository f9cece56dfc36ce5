import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { type Lockfile, readLockfile, type ServerPin, serverPin, writeLockfile } from './lockfile.ts';

/** Options of {@link PinRegistry}. */
export interface PinRegistryOptions {
  /** The lockfile path. */
  path: string;
  /** Reports what was pinned or blocked. */
  log: (message: string) => void;
}

/**
 * The rug-pull defence. The lockfile holds the hash of every tool's definition and of each
 * server's instructions; a tool that changed, appeared or was renamed since is blocked (not listed,
 * not callable) until someone reviews it and re-pins. A server the lockfile does not know yet is
 * pinned as first seen. The file is re-read when it changes, so `portcullis-mcp pin` takes effect
 * on a running proxy at its next check (the proxy looks when its `LockfileWatcher` saw a change).
 */
export class PinRegistry {
  readonly path: string;
  private readonly log: (message: string) => void;
  private lock: Lockfile | undefined;
  /** The {@link stamp} of the file as last read or written (undefined before the first read). */
  private loaded: string | undefined;

  constructor(options: PinRegistryOptions) {
    this.path = options.path;
    this.log = options.log;
    this.reload();
  }

  /** True when the lockfile on disk is not the one last read or written here: someone re-pinned. */
  stale(): boolean {
    return this.stamp() !== this.loaded;
  }

  /**
   * Which version of the file is on disk. The modification time alone can repeat for two writes
   * close together (file systems keep it at a coarse tick), so the inode (each write renames a
   * new file into place) and the size count too.
   */
  private stamp(): string {
    try {
      const stat = statSync(this.path);
      return `${stat.mtimeMs}:${stat.ino}:${stat.size}`;
    } catch {
      return 'none';
    }
  }

  /** Re-reads the lockfile if it changed on disk. A malformed file throws: no pins is not the answer. */
  private reload(): void {
    const stamp = this.stamp();
    if (stamp === this.loaded) return;
    this.lock = readLockfile(this.path);
    this.loaded = stamp;
  }

  /**
   * Compares a server's current definitions with its pins. Returns the blocked tools and why.
   * A server with no pins yet is pinned now.
   */
  check(server: string, instructions: string | undefined, tools: readonly Tool[]): Map<string, string> {
    this.reload();
    const current = serverPin(instructions, tools);
    const pinned =
      this.lock && Object.hasOwn(this.lock.servers, server) ? this.lock.servers[server] : undefined;
    if (pinned === undefined) {
      this.write({ ...(this.lock?.servers ?? {}), [server]: current });
      this.log(`pinned ${tools.length} tool(s) of "${server}" in ${basename(this.path)} (first seen)`);
      return new Map();
    }
    const blocked = new Map<string, string>();
    const file = basename(this.path);
    const repin = 'review it, then re-pin with `portcullis-mcp pin`';
    if (pinned.instructions !== current.instructions) {
      for (const tool of tools) {
        blocked.set(
          tool.name,
          `Server "${server}" changed its instructions since they were pinned in ${file}; its tools are blocked: ${repin}`,
        );
      }
      return blocked;
    }
    for (const tool of tools) {
      const hash = current.tools[tool.name];
      if (!Object.hasOwn(pinned.tools, tool.name)) {
        blocked.set(
          tool.name,
          `Tool "${tool.name}" of server "${server}" is not pinned in ${file} (new or renamed); it is blocked: ${repin}`,
        );
      } else if (pinned.tools[tool.name] !== hash) {
        blocked.set(
          tool.name,
          `Tool "${tool.name}" of server "${server}" changed since it was pinned in ${file}; it is blocked: ${repin}`,
        );
      }
    }
    return blocked;
  }

  /** Pins these servers as they are now (others keep their pins). */
  pin(servers: Record<string, { instructions: string | undefined; tools: readonly Tool[] }>): void {
    this.reload();
    const next: Record<string, ServerPin> = { ...(this.lock?.servers ?? {}) };
    for (const [name, snapshot] of Object.entries(servers))
      next[name] = serverPin(snapshot.instructions, snapshot.tools);
    this.write(next);
  }

  private write(servers: Record<string, ServerPin>): void {
    this.lock = { version: 1, servers };
    writeLockfile(this.path, this.lock);
    this.loaded = this.stamp();
  }
}
