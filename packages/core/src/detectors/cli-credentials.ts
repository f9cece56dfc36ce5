import type { Finding } from './finding.ts';
import { isDocumentationWord, isPlaceholder } from './placeholder.ts';

// Options that take a credential: `--password=…`, `--token …`, `--api-key …`, PowerShell's
// `-Password …`, openssl's `-pass pass:…`. A password may be scoped to a protocol or a proxy, as
// curl's and wget's are: `--tlspassword`, `--http-password`, `--ftp-password`, `--proxy-password`.
// Option names are whole words: `--password-file` and `--token-url` take a path and a URL, and
// wget's `--ask-password` (no prefix of ours) takes nothing.
const OPTION_NAMES =
  '(?:(?:proxy|https?|ftp)-)?(?:tls-?)?(?:password|passwd|pwd|pass)|token|auth-?token|access-?token|api-?key|api-?token|secret|client-?secret|secret-?key|access-?key|auth-?key';
const CREDENTIAL_OPTION = new RegExp(
  `(?<![\\w-])--?(?:${OPTION_NAMES})(?:=|[ \\t]+)(["']?)([^\\s"'\`]+)\\1`,
  'gi',
);
// A `.netrc` entry (also written on one line): `machine host login user password secret`.
const NETRC = /\bmachine[ \t]+\S+\s+login[ \t]+\S+\s+password[ \t]+()(\S+)/g;
// `-p` is a password right after `-u user` (docker login, mysql, psexec); alone it is often a port.
// Java system properties that hold one: `-Dsonar.login=…`, `-Ddb.password=…`. Subcommands whose
// argument is a credential: ngrok's `add-authtoken`, HashiCorp Vault's `login` (a token) and
// `operator unseal` (an unseal key share); `vault login -method=…` takes options instead.
const OTHER_FORMS =
  /(?:(?<![\w-])-u[ \t]+\S+[ \t]+-p[ \t]*|(?<![\w-])-D[\w.-]*\.(?:login|password|passwd|token|secret)=|\badd-authtoken[ \t]+|\bvault[ \t]+(?:login|operator[ \t]+unseal)[ \t]+)(["']?)([^\s"'`]+)\1/gi;
// What stands in an option's place but is not its value: another option, a variable, a path, or
// the URL that follows an option given without its value (`curl --tlspassword https://…`).
const NOT_A_VALUE = /^(?:-|\$|%|<|\{|\(|\/|\.\.?\/|~|(?:env|file|fd):|stdin$|[a-z][\w+.-]*:\/\/)/i;

/**
 * Finds credentials given to command-line tools, as agents' shell tools receive them:
 * `mysql --password=…`, `huggingface-cli login --token …`, `nuget push … --api-key …`,
 * `Connect-VIServer -Password …`, `openssl … -pass pass:…`, `docker login -u user -p …`,
 * `-Dsonar.login=…`, `ngrok config add-authtoken …`, `vault login …`, `vault operator unseal …`,
 * curl's and wget's protocol and proxy
 * passwords (`--tlspassword …`, `--http-password=…`), and `.netrc` entries. Variables, paths, URLs,
 * other options and documentation placeholders are not values.
 *
 * @example
 * findCliCredentials('mysql --user=app --password=N0t-4-r3al! --host=db');
 * // [{ type: 'GENERIC_SECRET', start: 27, end: 38, confidence: 0.8 }]
 */
export function findCliCredentials(text: string): Finding[] {
  const found: Finding[] = [];
  for (const [pattern, confidence] of FORMS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      // Group 1 is the quote around the value (if any), group 2 the value.
      let value = m[2] as string;
      let start = m.index + m[0].length - value.length - (m[1] as string).length;
      if (value.startsWith('pass:')) {
        value = value.slice(5);
        start += 5;
      }
      if (isValue(value))
        found.push({ type: 'GENERIC_SECRET', start, end: start + value.length, confidence });
    }
  }
  return found;
}

// The same options as list items, as shell tools take argv: `["--password", "…"]`.
const OPTION_ITEM = new RegExp(`^--?(?:${OPTION_NAMES})$`, 'i');

/**
 * Whether item `index` of an argument list is the value of the credential option before it:
 * `["mysql", "--password", "…"]`, `["-u", "deploy", "-p", "…"]`, `["ngrok", "config", "add-authtoken", "…"]`.
 *
 * @example
 * isOptionValue(['login', '--token', 'hf_QmXv81kTz0pLr5YbWc3dNe7AsGu2HfJq'], 2); // true
 * isOptionValue(['run', '-p', '8080:80'], 2); // false
 */
export function isOptionValue(items: readonly unknown[], index: number): boolean {
  const value = items[index];
  const option = items[index - 1];
  if (typeof value !== 'string' || typeof option !== 'string') return false;
  const named =
    OPTION_ITEM.test(option) || option === 'add-authtoken' || (option === '-p' && items[index - 3] === '-u');
  return named && isValue(value.startsWith('pass:') ? value.slice(5) : value);
}

// The cheap test before the patterns run: an option that may take a credential, tested only at a
// `-` that starts a word (dashes are rare in prose, and those inside dates and names are passed
// over at once), or a `.netrc` entry.
const OPTION_START =
  /--?(?:(?:(?:proxy|https?|ftp)-)?(?:tls-?)?(?:pass|pwd)|token|auth|access|api|secret|client|p\b|D\w)|-authtoken/iy;
// Start of text, white space, a quote, or the `d` of ngrok's `add-authtoken`.
const BEFORE_OPTION = new Set([32, 9, 10, 13, 34, 39, 100]);

/**
 * Whether {@link findCliCredentials} can find anything in the text; most text costs one search
 * for `-`, one for `machine` and one for `vault`.
 *
 * @example
 * mayHoldCliCredentials('quarterly report for 2024-05-11'); // false
 */
export function mayHoldCliCredentials(text: string): boolean {
  for (let at = text.indexOf('-'); at >= 0; at = text.indexOf('-', at + 1)) {
    if (at > 0 && !BEFORE_OPTION.has(text.charCodeAt(at - 1))) continue;
    OPTION_START.lastIndex = at;
    if (OPTION_START.test(text)) return true;
  }
  return text.includes('machine') || text.includes('vault');
}

const FORMS: readonly (readonly [RegExp, number])[] = [
  [CREDENTIAL_OPTION, 0.8],
  [OTHER_FORMS, 0.75],
  [NETRC, 0.8],
];

function isValue(value: string): boolean {
  return (
    value.length >= 6 && !NOT_A_VALUE.test(value) && !isDocumentationWord(value) && !isPlaceholder(value)
  );
}
