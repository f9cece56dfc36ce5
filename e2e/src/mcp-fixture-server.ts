/**
 * A small MCP server for the pinning and scan tests: its `add` tool's description comes from
 * FIXTURE_ADD_DESCRIPTION, so a test can change it between runs (a rug pull) or poison it.
 * Run with `node` (Node strips the types).
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const server = new Server({ name: 'fixture', version: '1.0.0' }, { capabilities: { tools: {} } });
const numbers = {
  type: 'object' as const,
  properties: { a: { type: 'number' }, b: { type: 'number' } },
  required: ['a', 'b'],
};
server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [
    {
      name: 'add',
      description: process.env['FIXTURE_ADD_DESCRIPTION'] ?? 'Adds two numbers',
      inputSchema: numbers,
    },
    { name: 'multiply', description: 'Multiplies two numbers', inputSchema: numbers },
  ],
}));
server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const { a, b } = (request.params.arguments ?? {}) as { a: number; b: number };
  const value = request.params.name === 'add' ? a + b : a * b;
  return { content: [{ type: 'text', text: String(value) }] };
});
await server.connect(new StdioServerTransport());
