/**
 * File locations that hold credentials: SSH keys, cloud and registry credentials, shadow
 * passwords, dotenv files, process environments, shell histories, CLI tokens (`gh`, `vault`,
 * terraform, huggingface), database client passwords, TLS private keys, browser logins and
 * cookies. Shared by the shell and code classifiers so both read the same list.
 */
export const CREDENTIAL_PATH =
  /(^|[/\s=:'"\\@<{(,])(\.ssh([/\\]|$)|id_(rsa|dsa|ecdsa|ed25519)\b|\.aws[/\\](credentials|config)|\/etc\/(shadow|gshadow|sudoers)|\.netrc|\.git-credentials|\.docker[/\\]config\.json|\.kube[/\\]config|\.npmrc|\.pypirc|\.pgpass|\.env(\.[\w-]+)?$|\.config[/\\]gcloud|\/proc\/[^/]+\/environ|\.bash_history|\.zsh_history|(\/var)?\/run\/secrets\/|\.gnupg[/\\]|\.config[/\\](gh[/\\]hosts\.yml|hub$|rclone[/\\]rclone\.conf|doctl[/\\])|\.my\.cnf|\.azure[/\\]|huggingface[/\\]token|\/etc\/ssl\/private\/|\.terraform\.d[/\\]credentials\.tfrc\.json|\.terraformrc|\.vault-token|\.s3cfg|\.boto$|\.databrickscfg|\.oci[/\\]config|\.(cargo|gem)[/\\]credentials|\.password-store[/\\]|\.local[/\\]share[/\\]keyrings[/\\]|(Login Data|Cookies|logins\.json|key[34]\.db)$)/;
