/**
 * File locations that hold credentials: SSH keys, cloud and registry credentials, shadow
 * passwords, dotenv files, process environments, shell histories, CLI tokens (`gh`, `vault`,
 * terraform, huggingface), database client passwords, TLS private keys, browser logins and
 * cookies. The directories that exist to hold such files (`~/.ssh`, `~/.aws`, `~/.gnupg`,
 * `~/.azure`, `~/.kube`, `~/.docker`, `/run/secrets`…) count as a whole, so copying or archiving
 * one (`cp -r ~/.aws /tmp/x`, `shutil.copytree('~/.aws', …)`) is a credential read too. Shared by
 * the shell and code classifiers so both read the same list.
 */
export const CREDENTIAL_PATH =
  /(^|[/\s=:'"\\@<{(,])(\.ssh([/\\]|$)|id_(rsa|dsa|ecdsa|ed25519)\b|\.aws([/\\]|$)|\/etc\/(shadow|gshadow|sudoers)|\.netrc|\.git-credentials|\.docker([/\\]config\.json|[/\\]?$)|\.kube([/\\]config|[/\\]?$)|\.npmrc|\.pypirc|\.pgpass|\.env(\.[\w-]+)?$|\.config[/\\]gcloud|\/proc\/[^/]+\/environ|\.bash_history|\.zsh_history|(\/var)?\/run\/secrets(\/|$)|\.gnupg([/\\]|$)|\.config[/\\](gh([/\\]hosts\.yml|[/\\]?$)|hub$|rclone([/\\]rclone\.conf|[/\\]?$)|doctl([/\\]|$))|\.my\.cnf|\.azure([/\\]|$)|huggingface[/\\]token|\/etc\/ssl\/private(\/|$)|\.terraform\.d[/\\]credentials\.tfrc\.json|\.terraformrc|\.vault-token|\.s3cfg|\.boto$|\.databrickscfg|\.oci([/\\]|$)|\.(cargo|gem)[/\\]credentials|\.password-store([/\\]|$)|\.local[/\\]share[/\\]keyrings([/\\]|$)|(Login Data|Cookies|logins\.json|key[34]\.db)$)/;

// A path with `.`, `..` or doubled slashes in it, which the kernel reads as a shorter one.
const UNNORMAL = /(^|\/)\.\.?\/|\/\//;

/**
 * The path in a word as the kernel reads it, or undefined when it is already so: `/etc/../etc/shadow`
 * is `/etc/shadow`, and so is `../../../etc/shadow`, which reaches `/` from any directory deep
 * enough. The path starts after an option's `=` or curl's `@` (`--post-file=/etc/./shadow`).
 *
 * @example
 * kernelPath('/etc/../etc/shadow'); // '/etc/shadow'
 */
export function kernelPath(word: string): string | undefined {
  if (!UNNORMAL.test(word)) return undefined;
  const start = Math.max(word.lastIndexOf('='), word.lastIndexOf('@')) + 1;
  const path = word.slice(start).replace(/^(\.\.\/)+/, '/');
  if (!path.startsWith('/')) return undefined;
  const kept: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') kept.pop();
    else kept.push(part);
  }
  return `${word.slice(0, start)}/${kept.join('/')}`;
}
