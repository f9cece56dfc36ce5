import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { isNeverAllowed, type PolicyEngine, type Principal, type ToolHints } from '@portcullis/core';
import type { Downstream } from './downstream/downstream.ts';
import type { PinRegistry } from './pinning/pin-registry.ts';
import { type ScanFinding, scanTool } from './scan/scan-tool.ts';
import { exposedNames, sourceKey } from './tool-names.ts';

/** A downstream tool as the proxy offers it. */
export interface CatalogEntry {
  /** The name the client sees (`server__tool`). */
  exposed: string;
  /** The downstream server it comes from, by its config name. */
  server: string;
  /** The downstream definition, unchanged. */
  tool: Tool;
  /** The tool's MCP annotations as engine hints (readOnly, destructive, …); undefined when it has none. */
  hints: ToolHints | undefined;
  /** Why the tool may not be listed or called (pinning, description scan); undefined when it may. */
  blocked: string | undefined;
  /** What the description scan found in the tool's definition (empty when clean or scanning is off). */
  findings: ScanFinding[];
}

/** Options of {@link Catalog}. */
export interface CatalogOptions {
  namespace: boolean;
  pins: PinRegistry | undefined;
  scan: 'warn' | 'block' | 'off';
  engine: PolicyEngine;
  principal: Principal | undefined;
  log: (message: string) => void;
}

/** MCP annotations → the engine's tool hints. */
export function hintsOf(tool: Tool): ToolHints | undefined {
  const a = tool.annotations;
  if (a === undefined) return undefined;
  const hints: ToolHints = {};
  if (typeof a.readOnlyHint === 'boolean') hints.readOnly = a.readOnlyHint;
  if (typeof a.destructiveHint === 'boolean') hints.destructive = a.destructiveHint;
  if (typeof a.idempotentHint === 'boolean') hints.idempotent = a.idempotentHint;
  if (typeof a.openWorldHint === 'boolean') hints.openWorld = a.openWorldHint;
  return hints;
}

/**
 * Every downstream tool under the name the client sees, with what blocks it. Rebuilt when a
 * server changes; what the principal may see is worked out by the policy itself (the same engine
 * that judges the calls) and kept until the next rebuild.
 */
export class Catalog {
  private entries = new Map<string, CatalogEntry>();
  private visible: Promise<Tool[]> | undefined;
  private readonly options: CatalogOptions;
  private readonly warned = new Set<string>();

  constructor(options: CatalogOptions) {
    this.options = options;
  }

  /** Rebuilds from the servers as they are now. */
  rebuild(downstreams: readonly Downstream[]): void {
    const { options } = this;
    const sources = downstreams.flatMap((d) =>
      d.tools.map((tool) => ({ server: d.name, name: tool.name, tool })),
    );
    const names = exposedNames(sources, options.namespace);
    const blockedByPin = new Map<string, Map<string, string>>();
    for (const downstream of downstreams) {
      // A server that never connected has nothing to compare; pinning it now would pin "nothing".
      if (options.pins && downstream.tools.length + (downstream.instructions ? 1 : 0) > 0) {
        let blocked: Map<string, string>;
        try {
          blocked = options.pins.check(downstream.name, downstream.instructions, downstream.tools);
        } catch (error) {
          // An unreadable lockfile pins nothing: every tool of the server stays blocked until it is fixed.
          const why = `Tools of server "${downstream.name}" are blocked: ${(error as Error).message}`;
          blocked = new Map(downstream.tools.map((tool) => [tool.name, why]));
        }
        blockedByPin.set(downstream.name, blocked);
      }
    }
    const entries = new Map<string, CatalogEntry>();
    for (const { server, tool } of sources) {
      const exposed = names.get(sourceKey({ server, name: tool.name })) as string;
      const foreignTools = sources
        .filter((other) => other.server !== server)
        .flatMap((other) => [other.name, names.get(sourceKey(other)) as string]);
      const findings = options.scan === 'off' ? [] : scanTool(tool, { foreignTools });
      let blocked = blockedByPin.get(server)?.get(tool.name);
      if (findings.length > 0) {
        const summary = findings.map((f) => `${f.kind} in ${f.where}: ${f.detail}`).join('; ');
        const key = `${exposed}\0${summary}`;
        if (!this.warned.has(key)) {
          this.warned.add(key);
          options.log(
            `description scan: tool "${exposed}" ${options.scan === 'block' ? 'blocked' : 'flagged'}: ${summary}`,
          );
        }
        if (options.scan === 'block') {
          blocked ??= `Tool "${tool.name}" of server "${server}" is blocked: its definition looks poisoned (${summary})`;
        }
      }
      if (blocked !== undefined && !this.warned.has(blocked)) {
        this.warned.add(blocked);
        options.log(blocked);
      }
      entries.set(exposed, { exposed, server, tool, hints: hintsOf(tool), blocked, findings });
    }
    this.entries = entries;
    this.visible = undefined;
  }

  /** The entry a client's tool name refers to (own properties only: no prototype names). */
  get(exposed: string): CatalogEntry | undefined {
    return this.entries.get(exposed);
  }

  all(): CatalogEntry[] {
    return [...this.entries.values()];
  }

  /** The tools to list: not blocked, and callable by the principal at least with some arguments. */
  listed(): Promise<Tool[]> {
    this.visible ??= this.computeVisible();
    return this.visible;
  }

  private async computeVisible(): Promise<Tool[]> {
    const { engine, principal } = this.options;
    const tools: Tool[] = [];
    for (const entry of this.entries.values()) {
      if (entry.blocked !== undefined) continue;
      let never = true;
      try {
        never = await isNeverAllowed(engine, {
          tool: entry.exposed,
          source: 'mcp',
          server: entry.server,
          principal,
          hints: entry.hints,
        });
      } catch (error) {
        // Unknown is not "allowed": the tool stays unlisted (a call would still be judged).
        this.options.log(
          `could not check "${entry.exposed}" against the policy: ${(error as Error).message}`,
        );
      }
      if (!never) tools.push({ ...entry.tool, name: entry.exposed });
    }
    return tools;
  }
}
