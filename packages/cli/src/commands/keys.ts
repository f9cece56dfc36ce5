import { type ApiKeyConfig, generateApiKey, hashApiKey, RoleSchema } from '@portcullis/server';
import { CliError, type CliIo, paint } from '../io.ts';

/** Options of `portcullis keys new`. */
export interface KeysNewOptions {
  /** Who holds the key; the server records it as the approver when the key answers an approval. */
  name: string;
  /** Roles of the key: `agent`, `operator` or both. */
  role: string[];
}

/**
 * `portcullis keys new`: makes an API key for the guard server. The key is printed once, on
 * stdout's first line; the second is its entry for the list under `keys:` in the `--keys` file
 * (the hash, never the key), so `portcullis keys new … | tail -n 1 >> keys.yaml` adds it.
 */
export function keysNewCommand(io: CliIo, options: KeysNewOptions): number {
  const c = paint(io);
  const roles = options.role.map((role) => {
    const parsed = RoleSchema.safeParse(role);
    if (!parsed.success) throw new CliError(`--role: expected agent or operator, got "${role}"`, 2);
    return parsed.data;
  });
  if (roles.length === 0) throw new CliError('--role: give at least one (agent or operator)', 2);
  const key = generateApiKey();
  const entry: ApiKeyConfig = { name: options.name, hash: hashApiKey(key), roles: [...new Set(roles)] };
  io.out(`${key}\n`);
  const roleList = entry.roles.join(', ');
  io.out(`  - { name: ${JSON.stringify(entry.name)}, hash: "${entry.hash}", roles: [${roleList}] }\n`);
  io.err(`${c.yellow('Keep the key (first line) secret; the server needs only the entry below it.')}\n`);
  return 0;
}
