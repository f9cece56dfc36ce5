import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** What a key may do: `agent` evaluates and settles calls; `operator` answers approvals, reads the audit, changes the policy. */
export const RoleSchema = z.enum(['agent', 'operator']);
export type Role = z.infer<typeof RoleSchema>;

/**
 * One API key as the server's configuration holds it: never the key, only its SHA-256.
 * Make a key and its hash with `portcullis keys new`, or hash one with `hashApiKey(key)`.
 */
export const ApiKeyConfigSchema = z.strictObject({
  /** Who holds the key: recorded as the approver when it answers an approval. */
  name: z.string().min(1),
  /** `sha256:` followed by the hex SHA-256 of the key. */
  hash: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected "sha256:" and 64 hex digits'),
  /** Roles of the key (at least one). */
  roles: z.array(RoleSchema).min(1),
  /** Approval-chain roles this key may approve as (e.g. manager); absent: any. */
  approverRoles: z.array(z.string()).optional(),
  /** Requests per minute this key may make (default: the server's `rateLimitPerMinute`). */
  rateLimitPerMinute: z.number().int().positive().optional(),
});
export type ApiKeyConfig = z.infer<typeof ApiKeyConfigSchema>;

/**
 * The configuration form of an API key: `sha256:<hex>`.
 *
 * @example
 * hashApiKey('pk_live_…'); // 'sha256:5e88…'
 */
export function hashApiKey(key: string): string {
  return `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

/**
 * A fresh random key, for setups that generate one at start.
 *
 * @example
 * const key = generateApiKey(); // 'pcs_3f9a…'
 */
export function generateApiKey(): string {
  return `pcs_${randomBytes(24).toString('base64url')}`;
}

/** Finds the configured key a bearer token belongs to; compares digests in constant time. */
export function keyResolver(keys: readonly ApiKeyConfig[]): (token: string) => ApiKeyConfig | undefined {
  const digests = keys.map((key) => ({ key, digest: Buffer.from(key.hash.slice('sha256:'.length), 'hex') }));
  return (token) => {
    const digest = createHash('sha256').update(token, 'utf8').digest();
    let found: ApiKeyConfig | undefined;
    // Every entry is compared, so the time taken does not tell which one matched.
    for (const entry of digests) if (timingSafeEqual(entry.digest, digest)) found ??= entry.key;
    return found;
  };
}
