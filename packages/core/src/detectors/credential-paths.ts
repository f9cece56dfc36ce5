/**
 * File locations that hold credentials: SSH keys, cloud and registry credentials, shadow
 * passwords, dotenv files, process environments, shell histories. Shared by the shell and code
 * classifiers so both read the same list.
 */
export const CREDENTIAL_PATH =
  /(^|[/\s=:'"\\])(\.ssh([/\\]|$)|id_(rsa|dsa|ecdsa|ed25519)\b|\.aws[/\\](credentials|config)|\/etc\/(shadow|gshadow|sudoers)|\.netrc|\.git-credentials|\.docker[/\\]config\.json|\.kube[/\\]config|\.npmrc|\.pypirc|\.pgpass|\.env(\.[\w-]+)?$|\.config[/\\]gcloud|\/proc\/[^/]+\/environ|\.bash_history|\.zsh_history|(\/var)?\/run\/secrets\/|\.gnupg[/\\])/;
