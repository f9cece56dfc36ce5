/**
 * How a key names its value: a password (short, human-chosen values are still secrets) or
 * another secret (token, API key, client secret, credentials — expected to look random).
 *
 * @example
 * const kind: SecretKeyKind = classifyKey('DB_PASSWORD') ?? 'secret'; // 'password'
 */
export type SecretKeyKind = 'password' | 'secret';

const PASSWORD_WORD = /^(?:pass|pwd|passwd|password|passphrase|passcode|pword)$|passw(?:or)?d$|pwd$/;
const SECRET_WORD =
  /^(?:secret|token|key|apikey|auth|authorization|credential|credentials|creds|bearer|jwt|privatekey|accesskey|secretkey|signingkey|masterkey|sessionkey)$|(?:secret|token|apikey|accesskey|secretkey|privatekey|authkey)$/;
// What the key names when it ends in one of these: metadata about a secret, not the secret.
const METADATA_WORD = new Set(
  (
    'id ids uuid name names url uri urls uris endpoint host hostname path file filename dir directory ' +
    'type kind version length len size count index idx format alias label field prefix suffix ' +
    'selector mode policy provider scope scopes expiry expires expiration ttl timeout method ' +
    'algorithm alg env ref location region enabled required hint pattern regex template class ' +
    'strategy pair pressed up down left right variable var source header headers param description ' +
    'desc help message error status state flag option options setting settings store vault usage ' +
    'secrets tokens keys passwords rotation duration lifetime min max limit fingerprint checksum thumbprint'
  ).split(' '),
);
// Words that make a "key" something other than a credential: public keys, CSRF and pagination
// tokens, database and cache keys.
const NON_SECRET_WORD = new Set(
  (
    'public pub publishable csrf xsrf primary foreign partition sort sequence schema bucket natural ' +
    'cache idempotency dedupe dedup pagination page next continuation cursor sync lookup hot'
  ).split(' '),
);

/**
 * Splits an identifier into lower-case words at `_`, `-`, `.`, spaces and camelCase humps.
 *
 * @example
 * keyWords('X-Octopus-ApiKey'); // ['x', 'octopus', 'api', 'key']
 * keyWords('AWSSecretKey'); // ['aws', 'secret', 'key']
 */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * Decides whether a key names a secret. A key is a secret key when one of its words is a secret
 * word (`password`, `secret`, `token`, `key`, `auth`, `credentials`, or a compound such as
 * `clientsecret`), unless its last word says it is about the secret rather than the secret
 * (`token_url`, `key_id`, `secretName`) or another word makes it something else (`public_key`,
 * `csrf_token`, `sort_key`).
 *
 * @example
 * classifyKey('DB_PASSWORD'); // 'password'
 * classifyKey('x-api-key'); // 'secret'
 * classifyKey('kms_key_id'); // undefined
 */
export function classifyKey(key: string): SecretKeyKind | undefined {
  // A scoped package name (`"@acme/rule-1password": "^1.0.0"` in package.json) names a package.
  if (key.startsWith('@') && key.includes('/')) return undefined;
  const words = keyWords(key);
  const last = words[words.length - 1];
  if (last === undefined || METADATA_WORD.has(last)) return undefined;
  if (words.some((w) => NON_SECRET_WORD.has(w))) return undefined;
  if (words.some((w) => PASSWORD_WORD.test(w))) return 'password';
  return words.some((w) => SECRET_WORD.test(w)) ? 'secret' : undefined;
}
