import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { PortcullisError } from '@portcullis/core';
import type { GuardProxyConfig } from './config-schema.ts';
import { parseConfig } from './parse-config.ts';

/**
 * Reads and validates a proxy configuration file (YAML or JSON); relative paths in it are
 * resolved against its folder.
 *
 * @example
 * const config = await loadConfig('./portcullis.yaml');
 */
export async function loadConfig(path: string): Promise<GuardProxyConfig> {
  const absolute = resolve(path);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new PortcullisError({
      code: 'config_unreadable',
      message: `Cannot read config file ${path}: ${(error as Error).message}`,
      cause: error,
      data: { path },
    });
  }
  return parseConfig(text, { source: path, baseDir: dirname(absolute) });
}
