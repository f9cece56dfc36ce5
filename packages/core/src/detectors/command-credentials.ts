import micromatch from 'micromatch';
import { CREDENTIAL_PATH, kernelPath } from './credential-paths.ts';

// Credential files the shared list does not name yet: direnv's `.envrc`, `name.env`, the GitHub
// CLI's token file, TLS private keys, Vault, Cargo and Terraform tokens.
const MORE_CREDENTIAL_PATHS =
  /(^|[/\s=:'"\\])(\.envrc$|[\w.-]+\.env$|\.config[/\\]gh[/\\]hosts\.ya?ml|\/etc\/ssl\/private(\/|$)|\.vault-token|\.cargo[/\\]credentials(\.toml)?|\.terraform\.d[/\\]credentials\.tfrc\.json)/;
// Dotenv templates hold placeholders, not secrets.
const TEMPLATE = /\.env\.(example|sample|template|dist|defaults?)$/;

// Where credentials live, to test a glob against: `cat ~/.ss?/id_*` can read `~/.ssh/id_rsa`.
const HOMES = ['~', '$HOME', '/root', '/home/user', '/Users/user'];
const IN_HOME = [
  '.ssh/id_rsa',
  '.ssh/id_ed25519',
  '.ssh/id_ecdsa',
  '.ssh/id_dsa',
  '.aws/credentials',
  '.aws/config',
  '.netrc',
  '.git-credentials',
  '.docker/config.json',
  '.kube/config',
  '.npmrc',
  '.pypirc',
  '.pgpass',
  '.config/gcloud/credentials.db',
  '.config/gh/hosts.yml',
  '.bash_history',
  '.zsh_history',
  '.gnupg/private-keys-v1.d',
  '.vault-token',
  '.cargo/credentials.toml',
  '.terraform.d/credentials.tfrc.json',
  // The directories themselves: `cp -r ~/.a?s /tmp` copies every file in one.
  '.ssh',
  '.aws',
  '.gnupg',
  '.azure',
  '.kube',
  '.docker',
  '.password-store',
];
const SAMPLES = [
  ...HOMES.flatMap((home) => IN_HOME.map((path) => `${home}/${path}`)),
  '/etc/shadow',
  '/etc/gshadow',
  '/etc/sudoers',
  '/etc/ssl/private/server.key',
  '/proc/self/environ',
  '/proc/1/environ',
  '/run/secrets/token',
  '/var/run/secrets/kubernetes.io/serviceaccount/token',
  '.env',
  '.env.local',
  '.env.production',
  '.envrc',
  'prod.env',
];

// Every sample, so a glob's literal text can be looked for in all of them at once.
const ALL_SAMPLES = SAMPLES.join('\n');
const GLOB_SYNTAX = /[*?[\]{}()|!@+\\,]+/;
// Globs already judged: the same word repeated is judged once.
const judged = new Map<string, boolean>();
const MAX_JUDGED = 1024;
// What compiling and matching one glob costs from a caller's budget of work.
const GLOB_COST = 1000;

/**
 * Whether a word names a credential file, or is a glob that can match one (`~/.aws/cred*`).
 * Compiling globs is the costly part: a glob whose literal text is not found, in order, in some
 * credential location cannot match one and is not compiled; each glob compiled takes
 * `GLOB_COST` from `budget.work`, and once none is left every glob counts as a match.
 *
 * @example
 * isCredentialPath('~/.ss?/id_*', true); // true
 */
export function isCredentialPath(word: string, glob: boolean, budget?: { work: number }): boolean {
  if (TEMPLATE.test(word)) return false;
  if (CREDENTIAL_PATH.test(word) || MORE_CREDENTIAL_PATHS.test(word)) return true;
  const normal = kernelPath(word);
  if (normal !== undefined && (CREDENTIAL_PATH.test(normal) || MORE_CREDENTIAL_PATHS.test(normal)))
    return true;
  // A glob counts when it can match one; `*` alone names everything and says nothing.
  if (!glob || !/[\w-]{2,}/.test(word.replace(/^(~|\$HOME)/, ''))) return false;
  // No path is longer than PATH_MAX, and a longer glob is not worth its matching time.
  if (word.length > 4096) return false;
  const pattern = word.replace(/^\$\{HOME\}/, '$HOME');
  const earlier = judged.get(pattern);
  if (earlier !== undefined) return earlier;
  const pieces = withoutGroups(pattern).split(GLOB_SYNTAX).filter(Boolean);
  if (!pieces.every((piece) => ALL_SAMPLES.includes(piece))) return false;
  const candidates = SAMPLES.filter((sample) => inOrder(sample, pieces));
  if (candidates.length === 0) return false;
  if (budget !== undefined) {
    budget.work -= GLOB_COST;
    if (budget.work < 0) return true;
  }
  let match: boolean;
  try {
    const matchers = [micromatch.matcher(pattern), micromatch.matcher(`**/${pattern}`)];
    match = candidates.some((sample) => matchers.some((matches) => matches(sample)));
  } catch {
    match = false;
  }
  if (judged.size >= MAX_JUDGED) judged.clear();
  judged.set(pattern, match);
  return match;
}

function inOrder(text: string, pieces: string[]): boolean {
  let at = 0;
  for (const piece of pieces) {
    const found = text.indexOf(piece, at);
    if (found < 0) return false;
    at = found + piece.length;
  }
  return true;
}

/** A variable whose name says it holds a secret: `AWS_SECRET_ACCESS_KEY`, `GITHUB_TOKEN`, `DB_PASSWORD`. */
export const SECRET_VARIABLE =
  /(SECRET|TOKEN|PASSW(OR)?D|PASSPHRASE|CREDENTIAL|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|(^|_)KEY$|(^|_)PASS$|(^|_)PAT$)/i;

/**
 * Subcommands that print a credential: `gh auth token`, `git credential fill`,
 * `kubectl config view --raw`, `vault kv get`, `op read`… `args` are the program's arguments.
 *
 * @example
 * printsCredential('gh', ['auth', 'token']); // 'gh prints an access token'
 */
export function printsCredential(program: string, args: string[]): string | undefined {
  const line = args.join(' ');
  const has = (flag: string) => args.includes(flag);
  switch (program) {
    case 'gh':
      if (/^auth (token|status\b.*(-t|--show-token))/.test(line)) return 'gh prints an access token';
      return undefined;
    case 'git':
      if (/^credential(-\w+)? (fill|get)\b/.test(line)) return 'git prints stored credentials';
      if (/^config\b.*\b(credential|password|token)/i.test(line) && has('--get'))
        return 'git prints a stored secret';
      return undefined;
    case 'aws':
      if (/^configure (get|export-credentials)\b/.test(line)) return 'reads AWS credentials';
      if (/^(sts get-session-token|ecr get-login-password|secretsmanager get-secret-value)/.test(line))
        return 'prints AWS credentials';
      if (/^ssm get-parameters?\b/.test(line) && has('--with-decryption')) return 'prints an AWS secret';
      return undefined;
    case 'gcloud':
      if (/print-(access|identity)-token/.test(line)) return 'prints a cloud access token';
      if (/^secrets versions access\b/.test(line)) return 'prints a Google Cloud secret';
      return undefined;
    case 'az':
      if (/^account get-access-token\b/.test(line)) return 'prints an Azure access token';
      if (/^keyvault secret show\b/.test(line)) return 'prints an Azure Key Vault secret';
      return undefined;
    case 'kubectl':
    case 'oc':
      if (/^config view\b/.test(line) && (has('--raw') || has('--flatten')))
        return 'prints cluster credentials';
      if (/^(get|describe) secrets?\b/.test(line)) return 'prints Kubernetes secrets';
      if (/^create token\b/.test(line)) return 'creates a service account token';
      return undefined;
    case 'vault':
      if (/^(kv get|read|token (create|lookup)|print token)\b/.test(line)) return 'reads a Vault secret';
      return undefined;
    case 'op':
      if (/^(read|item get|inject|document get)\b/.test(line)) return 'reads a 1Password secret';
      return undefined;
    case 'bw':
      if (/^get (password|item|notes|totp)\b/.test(line)) return 'reads a Bitwarden secret';
      return undefined;
    case 'pass':
      if (
        args.length > 0 &&
        !/^(ls|list|find|search|init|generate|git|help|version|insert|edit|rm)\b/.test(line)
      )
        return 'reads a password store entry';
      return undefined;
    case 'security':
      if (/find-(generic|internet)-password/.test(line)) return 'reads the keychain';
      return undefined;
    case 'heroku':
      if (/^auth:token\b/.test(line)) return 'prints a Heroku token';
      // `heroku config` prints every config var of the app, its secrets among them.
      return /^config(:get)?(\s|$)/.test(line) ? 'prints Heroku config vars' : undefined;
    case 'vercel':
      return /^env pull\b/.test(line) ? 'writes Vercel environment variables to a file' : undefined;
    case 'netlify':
      return /^env:(list|get)\b/.test(line) ? 'prints Netlify environment variables' : undefined;
    case 'railway':
      return /^(variables|vars)(\s|$)/.test(line) ? 'prints Railway variables' : undefined;
    case 'terraform':
    case 'tofu':
      // Outputs marked sensitive are printed in full with -raw and -json.
      return /^output\b/.test(line) && (has('-raw') || has('-json'))
        ? `${program} prints outputs, sensitive ones in full`
        : undefined;
    case 'doppler':
      return /^secrets\b/.test(line) ? 'reads Doppler secrets' : undefined;
    case 'secret-tool':
      return /^lookup\b/.test(line) ? 'reads the keyring' : undefined;
    default:
      return program.startsWith('docker-credential-') && args[0] === 'get'
        ? 'reads a registry credential'
        : undefined;
  }
}

/**
 * Whether a command prints the environment or every variable: `env`, `printenv`, `export -p`,
 * `declare -x`, `compgen -e`, `set` alone.
 */
export function dumpsEnvironment(program: string, args: string[]): boolean {
  if (program === 'printenv') return true;
  if (program === 'env' || program === 'set') return args.length === 0;
  if (program === 'export') return args.length === 0 || args.every((a) => a === '-p');
  if (program === 'declare' || program === 'typeset')
    return args.every((a) => /^-[pxgr]+$/.test(a)) && (args.length === 0 || args.some((a) => /[px]/.test(a)));
  if (program === 'compgen') return args.some((a) => /^-[a-zA-Z]*[ev]/.test(a)) && args.length === 1;
  return false;
}

/**
 * The glob with each bracket, brace and extglob group (`[…]`, `{…}`, `(…)`) made `*`: their text
 * is optional or alternative, not required. One pass: a `[` with no `]` after it is left as it is.
 */
function withoutGroups(pattern: string): string {
  let out = '';
  let at = 0;
  let brackets = true;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    let close = -1;
    if (c === '[' && brackets) {
      close = pattern.indexOf(']', i + 1);
      if (close < 0) brackets = false;
    } else if (c === '{' || c === '(') {
      const end = c === '{' ? '}' : ')';
      let j = i + 1;
      while (j < pattern.length && pattern[j] !== c && pattern[j] !== end) j += 1;
      if (pattern[j] === end) close = j;
    }
    if (close < 0) continue;
    out += `${pattern.slice(at, i)}*`;
    at = close + 1;
    i = close;
  }
  return out + pattern.slice(at);
}
