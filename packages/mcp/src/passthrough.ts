import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import {
  ErrorCode,
  type GetPromptResult,
  McpError,
  type Prompt,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
} from '@modelcontextprotocol/sdk/types.js';
import type { Downstream } from './downstream/downstream.ts';
import { exposedNames, sourceKey } from './tool-names.ts';

// A list may wait this long for one server; a slow server is left out rather than holding up the rest.
const LIST_TIMEOUT_MS = 10_000;
const RESOURCE_NOT_FOUND = -32002;

type Capability = 'resources' | 'prompts';

/**
 * Resources and prompts pass through, not judged by the policy (only tool calls are). Prompt
 * names are namespaced like tools; resource URIs stay as the server wrote them (tool results link
 * to them) and are routed back to the server that listed them, or whose template matches.
 */
export class Passthrough {
  private readonly downstreams: () => readonly Downstream[];
  private readonly namespace: boolean;
  private resourceOwners = new Map<string, string>();
  private templates: { server: string; template: UriTemplate }[] = [];
  private prompts = new Map<string, { server: string; name: string }>();

  constructor(options: { downstreams: () => readonly Downstream[]; namespace: boolean }) {
    this.downstreams = options.downstreams;
    this.namespace = options.namespace;
  }

  /** The ready servers that offer a capability, with their clients. */
  private offering(capability: Capability): { server: Downstream; client: Client }[] {
    return this.downstreams().flatMap((server) => {
      if (server.state !== 'ready') return [];
      const client = server.connected();
      return client.getServerCapabilities()?.[capability] ? [{ server, client }] : [];
    });
  }

  private async gather<T>(
    capability: Capability,
    list: (client: Client, options: RequestOptions) => Promise<T[]>,
    signal: AbortSignal,
  ): Promise<{ server: string; items: T[] }[]> {
    const results = await Promise.allSettled(
      this.offering(capability).map(async ({ server, client }) => ({
        server: server.name,
        items: await list(client, { signal, timeout: Math.min(LIST_TIMEOUT_MS, server.timeoutMs) }),
      })),
    );
    return results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  }

  async listResources(signal: AbortSignal): Promise<Resource[]> {
    const lists = await this.gather(
      'resources',
      async (client, options) => (await client.listResources({}, options)).resources,
      signal,
    );
    const owners = new Map<string, string>();
    const out: Resource[] = [];
    for (const { server, items } of lists) {
      for (const resource of items) {
        // Two servers with the same URI: the first (by config order) keeps it; a read could not tell them apart.
        if (owners.has(resource.uri)) continue;
        owners.set(resource.uri, server);
        out.push({ ...resource, name: this.namespace ? `${server}__${resource.name}` : resource.name });
      }
    }
    this.resourceOwners = owners;
    return out;
  }

  async listResourceTemplates(signal: AbortSignal): Promise<ResourceTemplate[]> {
    const lists = await this.gather(
      'resources',
      async (client, options) => (await client.listResourceTemplates({}, options)).resourceTemplates,
      signal,
    );
    this.templates = lists.flatMap(({ server, items }) =>
      items.map((item) => ({ server, template: new UriTemplate(item.uriTemplate) })),
    );
    return lists.flatMap(({ server, items }) =>
      items.map((item) => ({ ...item, name: this.namespace ? `${server}__${item.name}` : item.name })),
    );
  }

  private ownerOf(uri: string): string | undefined {
    return (
      this.resourceOwners.get(uri) ??
      this.templates.find(({ template }) => template.match(uri) !== null)?.server
    );
  }

  async readResource(uri: string, options: RequestOptions): Promise<ReadResourceResult> {
    let owner = this.ownerOf(uri);
    if (owner === undefined) {
      // Not seen yet (the client may know the URI from a tool result): look again.
      const signal = options.signal ?? new AbortController().signal;
      await Promise.all([this.listResources(signal), this.listResourceTemplates(signal)]);
      owner = this.ownerOf(uri);
    }
    const server = this.downstreams().find((d) => d.name === owner);
    if (server === undefined) throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${uri}`);
    return server.connected().readResource({ uri }, { ...options, timeout: server.timeoutMs });
  }

  async listPrompts(signal: AbortSignal): Promise<Prompt[]> {
    const lists = await this.gather(
      'prompts',
      async (client, options) => (await client.listPrompts({}, options)).prompts,
      signal,
    );
    const sources = lists.flatMap(({ server, items }) =>
      items.map((item) => ({ server, name: item.name, item })),
    );
    const names = exposedNames(sources, this.namespace);
    const routes = new Map<string, { server: string; name: string }>();
    const out: Prompt[] = [];
    for (const source of sources) {
      const exposed = names.get(sourceKey(source)) as string;
      routes.set(exposed, { server: source.server, name: source.name });
      out.push({ ...source.item, name: exposed });
    }
    this.prompts = routes;
    return out;
  }

  async getPrompt(
    name: string,
    args: Record<string, string> | undefined,
    options: RequestOptions,
  ): Promise<GetPromptResult> {
    if (!this.prompts.has(name)) await this.listPrompts(options.signal ?? new AbortController().signal);
    const route = this.prompts.get(name);
    const server = this.downstreams().find((d) => d.name === route?.server);
    if (route === undefined || server === undefined)
      throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${name}`);
    return server
      .connected()
      .getPrompt(
        { name: route.name, ...(args === undefined ? {} : { arguments: args }) },
        { ...options, timeout: server.timeoutMs },
      );
  }
}
