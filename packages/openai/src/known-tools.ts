/**
 * A tool the app offers the model: its name, or its definition as sent to either API (Chat
 * `{ type: 'function', function: { name } }` / `{ type: 'custom', custom: { name } }`, Responses
 * `{ type: 'function', name }`, `{ type: 'custom', name }`, `{ type: 'namespace', name, tools }`,
 * `{ type: 'mcp', server_label, allowed_tools? }`). Typed loosely so definitions from any SDK
 * version fit.
 */
export type KnownTool =
  | string
  | {
      /** `function`, `custom`, `namespace` or `mcp` (other types are not callable tools). */
      type: string;
      /** The tool's name (Responses definitions). */
      name?: string | undefined;
      /** A Chat function tool's definition. */
      function?:
        | {
            /** The function's name. */
            name?: string | undefined;
          }
        | undefined;
      /** A Chat custom tool's definition. */
      custom?:
        | {
            /** The custom tool's name. */
            name?: string | undefined;
          }
        | undefined;
      /** An MCP tool's server label. */
      server_label?: string | undefined;
      /** An MCP tool's allowed tools (names, or a filter); absent: every tool of the server. */
      allowed_tools?: unknown;
      /** A namespace's tools. */
      tools?:
        | readonly {
            /** The tool's name within the namespace. */
            name?: string | undefined;
          }[]
        | undefined;
    };

/** Answers "does the app have this tool?" for a tool list. */
export interface ToolIndex {
  has(tool: string): boolean;
  hasMcp(server: string, name: string): boolean;
}

/** Builds the lookup once per evaluation; names are kept in a Map, so `__proto__` is just a name. */
export function indexTools(tools: readonly KnownTool[]): ToolIndex {
  const names = new Set<string>();
  // MCP servers by label: true for every tool of the server, or the allowed tool names.
  const servers = new Map<string, true | Set<string>>();
  for (const tool of tools) {
    if (typeof tool === 'string') {
      names.add(tool);
      continue;
    }
    if (tool === null || typeof tool !== 'object') continue;
    if (tool.type === 'mcp' && typeof tool.server_label === 'string') {
      const allowed = allowedMcpTools(tool.allowed_tools);
      const known = servers.get(tool.server_label);
      if (allowed === true || known === true) servers.set(tool.server_label, true);
      else servers.set(tool.server_label, new Set([...(known ?? []), ...allowed]));
      continue;
    }
    if (tool.type === 'namespace' && typeof tool.name === 'string') {
      for (const inner of tool.tools ?? []) {
        if (typeof inner?.name === 'string') names.add(`${tool.name}__${inner.name}`);
      }
      continue;
    }
    const name = tool.function?.name ?? tool.custom?.name ?? tool.name;
    if (typeof name === 'string') names.add(name);
  }
  return {
    has: (tool) => names.has(tool),
    hasMcp(server, name) {
      const known = servers.get(server);
      return known === true || (known?.has(name) ?? false) || names.has(`${server}__${name}`);
    },
  };
}

/** `allowed_tools` is a list of names or a filter `{ tool_names }`; anything else allows the whole server. */
function allowedMcpTools(allowed: unknown): true | string[] {
  const list = Array.isArray(allowed)
    ? allowed
    : allowed !== null && typeof allowed === 'object'
      ? (allowed as { tool_names?: unknown }).tool_names
      : undefined;
  if (!Array.isArray(list)) return true;
  return list.filter((name): name is string => typeof name === 'string');
}
