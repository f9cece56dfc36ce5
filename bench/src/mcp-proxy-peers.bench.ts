// portcullis-mcp against the `mcp-proxy` package, in the one topology both serve: an MCP client
// speaking Streamable HTTP to a proxy that spawns server-everything over stdio and relays to it.
// (mcp-proxy is a transport bridge — stdio servers out over HTTP/SSE, or the reverse — so the
// stdio-to-stdio path of mcp-proxy.bench.ts has no counterpart in it.) server-everything's own
// Streamable HTTP mode is shown for reference only: a different HTTP stack, so not a floor for
// the proxies. mcp-proxy judges nothing, so portcullis-mcp runs twice: with the policy on, and
// with an empty policy (relaying only).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Bench } from 'tinybench';
import { machineHeader } from './machine.ts';
import { BENCH_POLICY, everythingServer as everything, writeProxyConfig } from './mcp-proxy-config.ts';
import { throughput } from './mcp-throughput.ts';
import { completedTasks } from './report.ts';

const quick = process.argv.includes('--quick');
const time = quick ? 500 : 4000;
const throughputCalls = quick ? 500 : 4000;

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const portcullisBin = here('../../packages/mcp/src/bin.ts');
const mcpProxyBin = here('../node_modules/mcp-proxy/dist/bin/mcp-proxy.mjs');

/** A free loopback port, for the two servers that cannot be told to pick one and report it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const children: ChildProcess[] = [];

/** Starts a process in its own group (so its own children stop with it); resolves on `ready`. */
function start(args: string[], ready: RegExp, env: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, args, {
    detached: true,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`not ready in 60 s: ${args.join(' ')}\n${output}`)),
      60_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] ?? '');
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${args.join(' ')}\n${output}`)));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'portcullis-mcp-peers-'));
// The same policy as the stdio benchmark.
const policyOn = writeProxyConfig(dir, 'policy.yaml', BENCH_POLICY, 'http: { auth: none }');
const relayOnly = writeProxyConfig(dir, 'relay.yaml', '  version: 1', 'http: { auth: none }');

const directPort = await freePort();
await start([everything, 'streamableHttp'], /listening on port/, { PORT: String(directPort) });
const proxiedUrl = await start(
  [portcullisBin, '--config', policyOn, '--http', '--port', '0'],
  /serving (http\S+)/,
);
const relayUrl = await start(
  [portcullisBin, '--config', relayOnly, '--http', '--port', '0'],
  /serving (http\S+)/,
);
const mcpProxyPort = await freePort();
await start(
  [
    mcpProxyBin,
    '--host',
    '127.0.0.1',
    '--port',
    String(mcpProxyPort),
    '--server',
    'stream',
    '--',
    process.execPath,
    everything,
  ],
  /starting server on port/,
);

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  // The proxies finish connecting downstream after they start listening: retry for a while.
  for (let attempt = 0; ; attempt++) {
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      return client;
    } catch (error) {
      if (attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

const paths = [
  {
    name: 'direct: server-everything over Streamable HTTP',
    url: `http://127.0.0.1:${directPort}/mcp`,
    tool: 'echo',
  },
  { name: 'mcp-proxy (relay, no policy)', url: `http://127.0.0.1:${mcpProxyPort}/mcp`, tool: 'echo' },
  { name: 'portcullis-mcp (empty policy: relay only)', url: relayUrl, tool: 'everything__echo' },
  { name: 'portcullis-mcp (policy on)', url: proxiedUrl, tool: 'everything__echo' },
];
const clients: Client[] = [];
const calls = [];
for (const path of paths) {
  const client = await connect(path.url);
  clients.push(client);
  calls.push(async () => {
    const result = await client.callTool({ name: path.tool, arguments: { message: 'hello from the bench' } });
    if (result.isError) throw new Error(`${path.name}: echo failed: ${JSON.stringify(result)}`);
  });
}

try {
  const bench = new Bench({ time, warmup: true, warmupTime: quick ? 200 : 1000 });
  for (const [index, path] of paths.entries()) bench.add(path.name, calls[index] as () => Promise<void>);
  await bench.run();

  const rates: number[][] = calls.map(() => []);
  for (const concurrency of [1, 16]) {
    for (const [index, call] of calls.entries()) {
      rates[index]?.push(await throughput(call, concurrency, throughputCalls));
    }
  }

  const us = (ms: number | undefined) => ((ms ?? Number.NaN) * 1000).toFixed(0);
  const rate = (n: number | undefined) => Math.round(n ?? Number.NaN).toLocaleString('en-US');
  console.log(
    machineHeader('MCP proxies over Streamable HTTP: echo to server-everything (stdio behind the proxy)'),
  );
  console.log('');
  console.log(
    '| path | p50 µs | p99 µs | mean µs | p50 − mcp-proxy p50 (µs) | calls/s (1 in flight) | calls/s (16 in flight) | samples |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  const done = completedTasks(bench);
  // The fair pair is the two proxies; the direct row only shows what HTTP to the server costs.
  const base = done[1]?.result.latency.p50 ?? Number.NaN;
  for (const [index, { name, result }] of done.entries()) {
    const { latency } = result;
    const r = rates[index];
    console.log(
      `| ${name} | ${us(latency.p50)} | ${us(latency.p99)} | ${us(latency.mean)} | ${index < 2 ? '–' : us((latency.p50 ?? Number.NaN) - base)} | ${rate(r?.[0])} | ${rate(r?.[1])} | ${latency.samplesCount} |`,
    );
  }
  // What the client alone costs: a ping answered by the server without running any tool.
  const floor = new Bench({ time: quick ? 300 : 2000, warmup: true, warmupTime: quick ? 100 : 500 });
  const direct = clients[0] as Client;
  floor.add('ping', async () => {
    await direct.ping();
  });
  await floor.run();
  const ping = completedTasks(floor)[0]?.result.latency;
  console.log('');
  console.log(
    `Every call goes through the MCP TypeScript SDK's Streamable HTTP client, as a Node MCP client's would; a bare ping to server-everything takes p50 ${us(ping?.p50)} µs / p99 ${us(ping?.p99)} µs through it, so most of each figure above is client and HTTP, and the proxies are best compared with each other.`,
  );
} finally {
  await Promise.allSettled(clients.map((client) => client.close()));
  for (const child of children)
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid);
  rmSync(dir, { recursive: true, force: true });
}
