import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { canonicalHash, PortcullisError } from '@portcullis/core';
import { z } from 'zod';

const HashSchema = z.string().regex(/^[0-9a-f]{64}$/);

/** What a server looked like when it was pinned: hashes of its instructions and of each tool. */
export const ServerPinSchema = z.strictObject({
  /** SHA-256 (hex) of the server's instructions; null when it gave none. */
  instructions: HashSchema.nullable(),
  /** Tool name (as the server names it) → SHA-256 (hex) of its definition, see {@link toolHash}. */
  tools: z.record(z.string(), HashSchema),
});

/** `portcullis.lock.json`: the pinned definitions of every downstream server. */
export const LockfileSchema = z.strictObject({
  /** Format version of the lockfile; always 1. */
  version: z.literal(1),
  /** Downstream server name (as in the config) → its pin. */
  servers: z.record(z.string(), ServerPinSchema),
});

/** The pin of one downstream server, as stored in the lockfile. */
export type ServerPin = z.infer<typeof ServerPinSchema>;
/** The parsed content of `portcullis.lock.json`. */
export type Lockfile = z.infer<typeof LockfileSchema>;

/**
 * SHA-256 of a tool's canonical definition: what the model reads and what decides how it is
 * called (name, title, description, input schema, annotations). Key order does not matter.
 *
 * @example
 * const changed = toolHash(tool) !== lock.servers['fs']?.tools[tool.name];
 */
export function toolHash(tool: Tool): string {
  return canonicalHash({
    name: tool.name,
    title: tool.title ?? null,
    description: tool.description ?? null,
    inputSchema: tool.inputSchema,
    annotations: tool.annotations ?? null,
  });
}

/**
 * SHA-256 of a server's instructions (null when it gives none).
 *
 * @example
 * instructionsHash(client.getInstructions()); // '3f2a…' (64 hex characters) or null
 */
export function instructionsHash(instructions: string | undefined): string | null {
  return instructions === undefined ? null : canonicalHash(instructions);
}

/** The pin of a server as it is now. */
export function serverPin(instructions: string | undefined, tools: readonly Tool[]): ServerPin {
  const pins: Record<string, string> = {};
  for (const tool of [...tools].sort((a, b) => (a.name < b.name ? -1 : 1))) pins[tool.name] = toolHash(tool);
  return { instructions: instructionsHash(instructions), tools: pins };
}

/**
 * Reads a lockfile; undefined when there is none. A malformed one is an error, never "no pins".
 *
 * @example
 * const lock = readLockfile('portcullis.lock.json'); // undefined before the first `portcullis-mcp pin`
 */
export function readLockfile(path: string): Lockfile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PortcullisError({
      code: 'lockfile_unreadable',
      message: `Cannot read ${path}: ${(error as Error).message}`,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PortcullisError({
      code: 'lockfile_invalid',
      message: `${path} is not valid JSON: ${(error as Error).message}`,
    });
  }
  const parsed = LockfileSchema.safeParse(json);
  if (!parsed.success) {
    throw new PortcullisError({
      code: 'lockfile_invalid',
      message: `${path} is not a Portcullis lockfile: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    });
  }
  return parsed.data;
}

/**
 * Writes a lockfile atomically (a reader never sees half a file), servers and tools sorted.
 *
 * @example
 * writeLockfile('portcullis.lock.json', { version: 1, servers: { fs: { instructions: null, tools: {} } } });
 */
export function writeLockfile(path: string, lock: Lockfile): void {
  const servers: Record<string, ServerPin> = {};
  for (const name of Object.keys(lock.servers).sort()) {
    const pin = lock.servers[name] as ServerPin;
    const tools: Record<string, string> = {};
    for (const tool of Object.keys(pin.tools).sort()) tools[tool] = pin.tools[tool] as string;
    servers[name] = { instructions: pin.instructions, tools };
  }
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ version: 1, servers }, null, 2)}\n`);
  renameSync(temp, path);
}
