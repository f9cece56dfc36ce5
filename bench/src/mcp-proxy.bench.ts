// MCP proxy benchmark: `echo` through portcullis-mcp vs. direct to server-everything, both over
// stdio, in the same run: p50 / p99 of each, the latency the proxy adds, and calls/s at
// concurrency 1 and 16.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Bench } from 'tinybench';
import { machineHeader } from './machine.ts';
import { BENCH_POLICY, everythingServer as everything, writeProxyConfig } from './mcp-proxy-config.ts';
import { throughput } from './mcp-throughput.ts';
import { completedTasks } from './report.ts';

const quick = process.argv.includes('--quick');
const time = quick ? 500 : 4000;
const throughputCalls = quick ? 500 : 4000;

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const proxyBin = here('../../packages/mcp/src/bin.ts');

// The policy is on: scope globs, a rule on the echoed text, rate limits and the sensitive-data scan
// all judge every call; a second proxy also appends each settled call to a hash-chained JSONL log.
const dir = mkdtempSync(join(tmpdir(), 'portcullis-mcp-bench-'));
const config = writeProxyConfig(dir, 'policy.yaml', BENCH_POLICY);
const auditedConfig = writeProxyConfig(dir, 'audited.yaml', BENCH_POLICY, 'audit: { jsonl: audit.jsonl }');

async function connect(command: string, args: string[]): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command, args, stderr: 'ignore' }));
  return client;
}

const direct = await connect(process.execPath, [everything]);
const proxied = await connect(process.execPath, [proxyBin, '--config', config]);
const audited = await connect(process.execPath, [proxyBin, '--config', auditedConfig]);

const echo = (client: Client, name: string) => async () => {
  const result = await client.callTool({ name, arguments: { message: 'hello from the bench' } });
  if (result.isError) throw new Error(`echo failed: ${JSON.stringify(result)}`);
};
const directEcho = echo(direct, 'echo');
const proxiedEcho = echo(proxied, 'everything__echo');
const auditedEcho = echo(audited, 'everything__echo');

const bench = new Bench({ time, warmup: true, warmupTime: quick ? 200 : 1000 });
bench
  .add('direct to server-everything', directEcho)
  .add('through portcullis-mcp (policy on)', proxiedEcho)
  .add('through portcullis-mcp (policy on + JSONL audit)', auditedEcho);
await bench.run();

const calls = [directEcho, proxiedEcho, auditedEcho];
const rates: number[][] = calls.map(() => []);
for (const concurrency of [1, 16]) {
  for (const [index, call] of calls.entries())
    rates[index]?.push(await throughput(call, concurrency, throughputCalls));
}

await Promise.all([direct.close(), proxied.close(), audited.close()]);
rmSync(dir, { recursive: true, force: true });

const us = (ms: number | undefined) => ((ms ?? Number.NaN) * 1000).toFixed(0);
const rate = (n: number | undefined) => Math.round(n ?? Number.NaN).toLocaleString('en-US');
console.log(machineHeader('MCP guard proxy: echo over stdio'));
console.log('');
console.log(
  '| path | p50 µs | p99 µs | mean µs | calls/s (1 in flight) | calls/s (16 in flight) | samples |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|');
const done = completedTasks(bench);
for (const [index, { name, result }] of done.entries()) {
  const { latency } = result;
  const r = rates[index];
  console.log(
    `| ${name} | ${us(latency.p50)} | ${us(latency.p99)} | ${us(latency.mean)} | ${rate(r?.[0])} | ${rate(r?.[1])} | ${latency.samplesCount} |`,
  );
}
const [base, ...proxies] = done.map((task) => task.result.latency);
console.log('');
for (const [index, proxy] of proxies.entries()) {
  if (!base || !proxy) continue;
  console.log(
    `Added by the proxy${index === 1 ? ' with the audit' : ''}: p50 ${us((proxy.p50 ?? 0) - (base.p50 ?? 0))} µs, p99 ${us((proxy.p99 ?? 0) - (base.p99 ?? 0))} µs (target ≤ 150 µs at p50).`,
  );
}
