import { shannonEntropy } from './entropy.ts';
import { classifyKey, keyWords, type SecretKeyKind } from './key-classifier.ts';
import { isPlaceholder } from './placeholder.ts';

const NOT_A_VALUE =
  /^(?:true|false|null|nil|none|undefined|yes|no|on|off|empty|string|number|object|required|optional)$/i;
const URL_OR_PATH = /^(?:[a-z][\w+.-]*:\/\/|\.{0,2}\/|~\/|[A-Za-z]:\\)|^[\w.-]+\/[\w./-]+$/i;
const EMAIL = /^[^@\s]+@[\w-]+(?:\.[\w-]+)+$/;
const FILE_NAME =
  /\.(?:pem|key|crt|cer|p12|pfx|jks|keystore|json|ya?ml|txt|env|ini|conf|cfg|xml|properties|js|ts|py|rb|go|sh|md)$/i;
// A reference to something in code: `var.db_password`, `X25519.secret_length`, `os.environ[...]`.
// Segments are short names; a dotted value with a 20+ character segment is more likely a token.
// A name followed by a call or a subscript is an expression: `get_secret("x")`, `secrets["pw"]`
// (an unquoted value stops at a quote or `]`, so these arrive as `get_secret(` and `secrets[`,
// and `cfg[key]` as `cfg[key`; a quoted `Zq8x[Lm2Pv77` is a password).
const CODE_REFERENCE =
  /^[A-Za-z_$][\w$]{0,19}(?:\.[A-Za-z_$][\w$]{0,19})+(?:\(\)?|\[.*\])?$|^[A-Za-z_$][\w$.]*\(.*\)?$|^[A-Za-z_$][\w$.]*\[(?:[\w$.'"-]*\])?$/;
// A digit between two letters (`k4i`): names hold one at most (`s3Bucket`, `ipv4Addr`); random
// text of 20 characters or more holds several, dots or not (`Ik4iwC4V0m.OyT.U9hjQHtm`).
const DIGIT_IN_LETTERS = /(?<=[A-Za-z])\d(?=[A-Za-z])/g;

function looksRandom(value: string): boolean {
  return value.length >= 20 && (value.match(DIGIT_IN_LETTERS)?.length ?? 0) >= 3;
}
const CUT_SUBSCRIPT = /^[A-Za-z_$][\w$.]*\[[\w$.-]+$/;
// An upper-case constant that itself names a secret (`'KEYFILE_PASSWORD'`, `MY_API_TOKEN`) is the
// name of an environment variable or setting that holds it, not the secret.
const SECRET_CONSTANT = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const CONSTANT_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[A-Z]+$|^[a-z]+(?:_[a-z]+)+$/;
const SCHEME_PREFIX = /^(?:bearer|basic|token|bot|digest|api-?token|sso-key)[ \t]+/i;
const COMMON_PASSWORDS = new Set([
  'password',
  'passwd',
  'pass',
  'secret',
  'changeit',
  'changeme',
  'test',
  'testing',
  'default',
  'mypassword',
  'opensesame',
  'admin',
  'root',
  'user',
  'username',
  'guest',
  'qwerty',
]);

/**
 * A judged value: where the secret is within the value (after an auth scheme such as `Bearer `)
 * and how sure the judgement is.
 *
 * @example
 * const verdict: GenericVerdict = { offset: 7, length: 36, confidence: 0.6 };
 */
export interface GenericVerdict {
  /** Offset of the secret within the value (after any `Bearer ` scheme). */
  offset: number;
  /** Length of the secret. */
  length: number;
  confidence: number;
}

/**
 * Decides whether the value assigned to a secret-looking key is itself a secret, and returns its
 * span within the value. Passwords may be short and word-like but not a well-known placeholder;
 * other secrets must look random: long enough, high Shannon entropy, not an identifier, path, URL,
 * e-mail address, file name, code expression (`secrets["pw"]`) or the name of a constant that
 * holds a secret (`'KEYFILE_PASSWORD'`).
 *
 * @example
 * judgeGenericValue('Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB', 'secret', 'genericToken', true);
 * // { offset: 0, length: 32, confidence: 0.7 }
 * judgeGenericValue('X25519.secret_length', 'secret', 'secret_length', false); // undefined
 */
export function judgeGenericValue(
  raw: string,
  kind: SecretKeyKind,
  key: string,
  quoted: boolean,
): GenericVerdict | undefined {
  const scheme = SCHEME_PREFIX.exec(raw);
  const offset = scheme ? scheme[0].length : 0;
  const value = raw.slice(offset);
  if (value.length > 400 || NOT_A_VALUE.test(value) || isPlaceholder(value)) return undefined;
  if (
    URL_OR_PATH.test(value) ||
    EMAIL.test(value) ||
    FILE_NAME.test(value) ||
    (CODE_REFERENCE.test(value) && !looksRandom(value))
  ) {
    return undefined;
  }
  if (!quoted && CUT_SUBSCRIPT.test(value)) return undefined;
  if (echoesKey(value, key) || (SECRET_CONSTANT.test(value) && classifyKey(value) !== undefined)) {
    return undefined;
  }
  if (kind === 'password') {
    if (value.length < (quoted ? 6 : 8) || COMMON_PASSWORDS.has(value.toLowerCase())) return undefined;
    // Unquoted letters only is a name — a type annotation (`password: BinaryLike`), a constant.
    if (!quoted && (CONSTANT_NAME.test(value) || /^[A-Za-z]+$/.test(value))) return undefined;
    return shannonEntropy(value) >= 2 ? { offset, length: value.length, confidence: 0.5 } : undefined;
  }
  if (value.length < 10 || /[\s{}()[\]<>]/.test(value) || /^\d+$/.test(value) || isWordLike(value)) {
    return undefined;
  }
  const entropy = shannonEntropy(value);
  if (entropy < 3) return undefined;
  return { offset, length: value.length, confidence: entropy >= 4 ? 0.7 : 0.6 };
}

/** The value repeats the key's own words (`KeyMeshing = "id-…-KeyMeshing"`): a name, not a secret. */
function echoesKey(value: string, key: string): boolean {
  const lower = value.toLowerCase();
  return keyWords(key).some((w) => w.length >= 5 && lower.includes(w));
}

/**
 * Identifier-like values (`SalesResults-1.2`, `NEXUS-GPT4-API-KEY`, `K8S_CRED`) split into a few
 * long words; random strings split into many one- and two-letter fragments at case changes.
 */
function isWordLike(value: string): boolean {
  // Letters only: a name (`JsonWebKey`, `BinaryLike`); random letter-only keys are long.
  if (/^[A-Za-z]+$/.test(value) && value.length < 24) return true;
  // Upper-case constants made of short segments: NEXUS-GPT4-API-KEY, DOC_V5_32.
  if (/^[A-Z][A-Z0-9]*(?:[-_.][A-Z0-9]{1,6}){2,}$/.test(value)) return true;
  const fragments = value
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z]+|\s+/)
    .filter((f) => f !== '');
  if (fragments.length === 0) return false;
  const letters = fragments.reduce((n, f) => n + f.length, 0);
  // Long runs of letters with few vowels are random (base32 tokens), not words: words are about
  // 40% vowels, random letters under 25%.
  const vowels = value.match(/[aeiouAEIOU]/g)?.length ?? 0;
  if (letters >= 24 && vowels / letters < 0.25) return false;
  const short = fragments.filter((f) => f.length <= 2).length;
  return letters / fragments.length >= 4 && short <= fragments.length / 3 && letters >= value.length / 2;
}
