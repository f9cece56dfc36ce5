import { createHash } from 'node:crypto';

/** MCP clients accept tool names of these characters, at most this long. */
const MAX_NAME = 64;
const INVALID = /[^A-Za-z0-9_-]/g;

/** A downstream name, and the server it comes from. */
export interface NameSource {
  /** The downstream server's name, as in the config. */
  server: string;
  /** The tool's name, as that server lists it. */
  name: string;
}

const suffixOf = (source: NameSource) =>
  createHash('sha256').update(`${source.server}\0${source.name}`).digest('hex').slice(0, 8);

/**
 * The names the client sees: `server__name` (or `name` when not namespaced), reduced to
 * `[A-Za-z0-9_-]` and at most 64 characters. When two sources end up with the same name, the one
 * whose name needed no change wins (then the first by server and name); every other one, and any
 * name cut to length, gets `_` and 8 hex characters of a hash of its server and name — so the
 * outcome depends only on the set of tools, never on the order they arrived in.
 *
 * @example
 * exposedNames([{ server: 'fs', name: 'read file' }], true) // Map { 'fs\0read file' => 'fs__read_file' }
 */
export function exposedNames(sources: readonly NameSource[], namespace: boolean): Map<string, string> {
  const candidates = sources.map((source) => {
    const raw = namespace ? `${source.server}__${source.name}` : source.name;
    const clean = raw.replace(INVALID, '_');
    return { source, key: sourceKey(source), base: clean, exact: clean === raw && clean.length <= MAX_NAME };
  });
  candidates.sort((a, b) => {
    if (a.exact !== b.exact) return a.exact ? -1 : 1;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const candidate of candidates) {
    let name = candidate.base;
    if (name.length > MAX_NAME || name === '' || taken.has(name)) {
      name = `${name.slice(0, MAX_NAME - 9)}_${suffixOf(candidate.source)}`;
    }
    taken.add(name);
    names.set(candidate.key, name);
  }
  return names;
}

/** The map key of a source: its server and name, joined by a character no name holds. */
export function sourceKey(source: NameSource): string {
  return `${source.server}\0${source.name}`;
}
