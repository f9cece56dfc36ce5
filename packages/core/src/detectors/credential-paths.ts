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
