import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The proxy's bin, run from source (Node strips the types). */
export const proxyBin = here('../../packages/mcp/src/bin.ts');
export const everythingServer = here('../node_modules/@modelcontextprotocol/server-everything/dist/index.js');
export const filesystemServer = here('../node_modules/@modelcontextprotocol/server-filesystem/dist/index.js');
export const fixtureServer = here('./mcp-fixture-server.ts');
const inspector = here('../node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js');

/** A fresh temporary folder. */
export function tempDir(prefix = 'portcullis-mcp-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a proxy config (YAML) into `dir` and returns its path. */
export function writeConfig(dir: string, yaml: string, name = 'portcullis.yaml'): string {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
}

/** The command line that starts the proxy over stdio with a config. */
export function proxyCommand(config: string): string[] {
  return [process.execPath, proxyBin, '--config', config];
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a process to its end (bounded by `timeoutMs`), collecting its output. */
export function run(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...(options.env ?? {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The MCP Inspector CLI: `inspector --cli <inspector options> -- <target>`. The target comes
 * after `--` so the proxy's own `--config` is not read as the Inspector's. Its HOME is a temp
 * folder: the Inspector may keep state there.
 */
export function inspect(options: string[], target: string[], home: string): Promise<Finished> {
  return run(process.execPath, [inspector, '--cli', ...options, '--', ...target], {
    env: { HOME: home, NO_COLOR: '1' },
    timeoutMs: 60_000,
  });
}

/** A free TCP port on 127.0.0.1 (for a server that cannot be told to pick one itself). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A started background process and the first stderr/stdout line that matched. */
export interface Started {
  child: ChildProcess;
  match: RegExpExecArray;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts a long-running process and waits until its output matches `ready` (no fixed sleeps). */
export function startUntil(
  command: string,
  args: string[],
  ready: RegExp,
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...(options.env ?? {}) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('close', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      });
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`not ready within ${options.timeoutMs ?? 20_000} ms; output:\n${output}`));
    }, options.timeoutMs ?? 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match, output: () => output, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before it was ready; output:\n${output}`));
    });
  });
}

/** The text of a tool result. */
export function resultText(result: unknown): string {
  return ((result as { content?: { text?: string }[] }).content ?? []).map((c) => c.text ?? '').join('');
}
