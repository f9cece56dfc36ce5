import { readFile } from 'node:fs/promises';
import {
  type ApiKeyConfig,
  ApiKeyConfigSchema,
  createGuardServer,
  generateApiKey,
  hashApiKey,
} from '@portcullis/server';
import { parse } from 'yaml';
import { z } from 'zod';
import { CliError, type CliIo, paint } from '../io.ts';

const KeysFileSchema = z.strictObject({ keys: z.array(ApiKeyConfigSchema).min(1) });

/** Options of `portcullis serve`. */
export interface ServeOptions {
  policy: string;
  host: string;
  port: number;
  dataDir: string;
  /** YAML file `keys: [{ name, hash, roles }]`; without it, fresh keys are made and printed once. */
  keys?: string;
}

async function loadKeys(path: string): Promise<ApiKeyConfig[]> {
  const parsed = KeysFileSchema.safeParse(parse(await readFile(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`${path}: ${issue?.path.join('.') || '(document)'}: ${issue?.message}`, 2);
  }
  return parsed.data.keys;
}

/**
 * `portcullis serve`: the guard server and dashboard on the embedded default (SQLite state and
 * audit in `--data-dir`). Runs until SIGINT or SIGTERM; `signal` stops it too (tests).
 */
export async function serveCommand(io: CliIo, options: ServeOptions, signal?: AbortSignal): Promise<number> {
  const c = paint(io);
  let keys: ApiKeyConfig[];
  const fresh: { name: 'agent' | 'operator'; key: string }[] = [];
  if (options.keys) keys = await loadKeys(options.keys);
  else {
    for (const name of ['agent', 'operator'] as const) fresh.push({ name, key: generateApiKey() });
    keys = fresh.map(({ name, key }) => ({ name, hash: hashApiKey(key), roles: [name] }));
  }
  const server = await createGuardServer({
    policyPath: options.policy,
    dataDir: options.dataDir,
    keys,
    onError: (error) =>
      io.err(`${c.yellow('warning')}: ${error instanceof Error ? error.message : String(error)}\n`),
  });
  const { url } = await server.listen({ host: options.host, port: options.port });
  io.out(
    `${c.green('✔')} Portcullis guard server on ${c.bold(url)} (policy ${options.policy}, version ${server.policyVersion})\n`,
  );
  io.out(`  dashboard ${url}/   ·   API ${url}/openapi.json   ·   data ${options.dataDir}\n`);
  if (fresh.length) {
    io.out(`  ${c.yellow('No --keys file: keys made for this run only (shown once):')}\n`);
    for (const { name, key } of fresh) io.out(`    ${name.padEnd(8)} ${key}\n`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal?.addEventListener('abort', stop, { once: true });
  });
  await server.close();
  io.out('stopped\n');
  return 0;
}
