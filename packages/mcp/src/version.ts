import { createRequire } from 'node:module';

/** The proxy's version (from its package.json), sent to clients and servers in the MCP handshake. */
export const PROXY_VERSION: string = (
  createRequire(import.meta.url)('../package.json') as { version: string }
).version;
