import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PortcullisError } from '../errors/portcullis-error.ts';
import { parsePolicy } from './parse-policy.ts';
import type { Policy } from './policy-schema.ts';

/**
 * Loads and validates a policy file: `.yaml` / `.yml` / `.json`, or a module (`.js`, `.mjs`,
 * `.ts`, `.mts`) whose default export is a policy (e.g. from `definePolicy`).
 *
 * @example
 * const policy = await loadPolicy('./portcullis.yaml');
 */
export async function loadPolicy(path: string): Promise<Policy> {
  const extension = extname(path).toLowerCase();
  if (['.js', '.mjs', '.ts', '.mts', '.cjs', '.cts'].includes(extension)) {
    const module = (await import(pathToFileURL(resolve(path)).href)) as { default?: unknown };
    return parsePolicy(module.default, { source: path });
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PortcullisError({
      code: 'policy_unreadable',
      message: `Cannot read policy file ${path}: ${(error as Error).message}`,
      cause: error,
      data: { path },
    });
  }
  return parsePolicy(text, { source: path });
}
