import type { Arg } from './command-checks.ts';
import { DATABASE_CHECKS } from './command-databases.ts';
import { hasFlag, words } from './command-options.ts';
import type { WrapperSpec } from './command-programs.ts';

/**
 * Data and infrastructure that a command destroys as a whole, the way `rm -rf /` destroys a
 * disk: a stack (`terraform destroy`), a namespace or every resource of a kind (`kubectl delete ns
 * prod`, `kubectl delete pods --all`), a bucket with its objects (`aws s3 rm s3://b --recursive`),
 * a database (`dropdb`, `DROP DATABASE`, `FLUSHALL`, `db.dropDatabase()`), a cloud project or
 * resource group, Docker volumes, uncommitted or untracked work (`git reset --hard`, `git clean
 * -f`), a remote branch or repository. Deleting one named item (`kubectl delete pod web-1`, `aws
 * s3 rm s3://b/key`, `DELETE … WHERE id = 1`) is ordinary work and is not reported, as `rm` of a
 * named file is not.
 *
 * Returns why, or undefined.
 *
 * @example
 * dataLoss('terraform', [literalArg('destroy')]); // 'terraform destroy removes the whole stack'
 */
export function dataLoss(program: string, args: Arg[]): string | undefined {
  const texts = args.map((a) => a.text);
  const check = Object.hasOwn(CHECKS, program) ? CHECKS[program] : undefined;
  return check?.(texts, args, program);
}

/** Why a command line destroys data, from its texts and arguments, or undefined. */
export type Check = (texts: string[], args: Arg[], program: string) => string | undefined;

function has(texts: string[], ...options: string[]): boolean {
  return texts.some(
    (t) => options.includes(t) || options.some((o) => o.startsWith('--') && t.startsWith(`${o}=`)),
  );
}

const GIT_SPEC: WrapperSpec = { short: 'Cc', long: ['git-dir', 'work-tree', 'namespace', 'exec-path'] };

function git(texts: string[]): string | undefined {
  const [command, ...rest] = words(texts, GIT_SPEC);
  const after = texts.slice(texts.indexOf(command ?? '') + 1);
  switch (command) {
    case 'reset':
      return after.includes('--hard') ? 'git reset --hard discards uncommitted work' : undefined;
    case 'clean':
      // `-n` only lists what would go.
      return hasFlag(after, 'f', 'force') && !hasFlag(after, 'n', 'dry-run')
        ? 'git clean -f deletes untracked files'
        : undefined;
    case 'push':
      if (hasFlag(after, 'd', 'delete') || rest.slice(1).some((r) => /^\+?:./.test(r)))
        return 'git push --delete removes a remote branch';
      return undefined;
    case 'checkout':
    case 'restore':
      // The whole tree, not one file: `git checkout -- .`, `git restore :/`.
      if (command === 'restore' && hasFlag(after, 'S', 'staged') && !hasFlag(after, 'W', 'worktree'))
        return undefined;
      return rest.some((r) => r === '.' || r === ':/' || r === '*')
        ? `git ${command} . discards uncommitted changes`
        : undefined;
    case 'stash':
      return rest[0] === 'clear' ? 'git stash clear drops every stash' : undefined;
    default:
      return undefined;
  }
}

/** terraform, OpenTofu and Terragrunt: `destroy`, `apply -destroy`, `run-all destroy`. */
function terraform(texts: string[], _args: Arg[], program: string): string | undefined {
  const [command, next] = words(texts.filter((t) => !t.startsWith('-chdir')));
  const destroys =
    command === 'destroy' ||
    command === 'destroy-all' ||
    (command === 'run-all' && next === 'destroy') ||
    (command === 'apply' && texts.some((t) => /^--?destroy$/.test(t)));
  return destroys ? `${program} destroy removes the whole stack` : undefined;
}

const STACK_DESTROY: Record<string, RegExp> = {
  pulumi: /^(destroy|down)$|^stack rm$/,
  cdk: /^destroy$/,
  serverless: /^remove$/,
  sls: /^remove$/,
  sam: /^delete$/,
};

function stack(texts: string[], _args: Arg[], program: string): string | undefined {
  const operands = words(texts, { short: 'sC', long: ['stack', 'cwd', 'profile', 'region', 'config-file'] });
  const pattern = STACK_DESTROY[program] as RegExp;
  const command = operands.slice(0, 2).join(' ');
  return pattern.test(operands[0] ?? '') || pattern.test(command)
    ? `${program} ${operands[0]} removes the whole stack`
    : undefined;
}

const KUBECTL_SPEC: WrapperSpec = {
  short: 'nlfoc',
  long: [
    'namespace',
    'selector',
    'filename',
    'output',
    'context',
    'kubeconfig',
    'cluster',
    'user',
    'grace-period',
    'timeout',
    'field-selector',
    'server',
    'token',
  ],
};
// Kinds whose deletion takes a whole environment or its stored data with it.
const WIDE_KINDS =
  /^(ns|namespaces?|pv|pvc|persistentvolumes?|persistentvolumeclaims?|crds?|customresourcedefinitions?|no|nodes?|sts|statefulsets?)(\.[\w.]+)?$/i;

function kubectl(texts: string[], _args: Arg[], program: string): string | undefined {
  const operands = words(texts, KUBECTL_SPEC);
  if (operands[0] !== 'delete') return undefined;
  if (has(texts, '--all', '-A', '--all-namespaces'))
    return `${program} delete --all removes every resource of a kind`;
  const kinds = operands.slice(1).flatMap((o) => o.split('/')[0]?.split(',') ?? []);
  const wide = kinds.find((k) => WIDE_KINDS.test(k));
  return wide === undefined
    ? undefined
    : `${program} delete ${wide} removes a namespace, volume or node with its data`;
}

function helm(texts: string[]): string | undefined {
  const [command] = words(texts, { short: 'n', long: ['namespace', 'kube-context', 'kubeconfig'] });
  return command !== undefined && /^(uninstall|delete|del|un)$/.test(command)
    ? 'helm uninstall removes a release and its resources'
    : undefined;
}

// AWS operations that remove a whole store, stack or machine.
const AWS_OPERATION =
  /^(delete-(bucket|table|db-instance|db-cluster|stack|cluster|file-system|repository|volume|log-group|secret|hosted-zone|function|vpc|global-table|backup-vault|domain|nodegroup|keyspace|workgroup|database|collection|index|graph|ledger|replication-group|cache-cluster|environment|application)|terminate-instances|terminate-environment|schedule-key-deletion|purge-queue)$/;
const AWS_SPEC: WrapperSpec = {
  long: ['region', 'profile', 'output', 'endpoint-url', 'query', 'bucket', 'key'],
};

function aws(texts: string[]): string | undefined {
  const [service, operation] = words(texts, AWS_SPEC);
  if (service === 's3' && operation === 'rm' && has(texts, '--recursive'))
    return 'aws s3 rm --recursive removes every object under a prefix';
  if (service === 's3' && operation === 'rb') return 'aws s3 rb removes a bucket';
  return operation !== undefined && AWS_OPERATION.test(operation) ? `aws ${service} ${operation}` : undefined;
}

// The resources whose `delete` removes a project, a database, a cluster, a disk or a bucket.
const CLOUD_NOUNS =
  /^(container|share|projects|instances|clusters|databases|buckets|disks|datasets|snapshots|backups|repositories|volumes|group|vm|vmss|aks|server|db|account|cosmosdb|keyvault|webapp|functionapp|tables|topics|secrets|managed-zones|workspaces)$/;

function cloud(texts: string[], _args: Arg[], program: string): string | undefined {
  const operands = words(texts, {
    long: ['project', 'region', 'zone', 'resource-group', 'subscription', 'format', 'name', 'location'],
    short: 'gn',
  });
  if (program === 'az' && operands.includes('delete-batch'))
    return `az ${operands.slice(0, operands.indexOf('delete-batch') + 1).join(' ')} removes every matching blob or file`;
  const at = operands.indexOf('delete');
  if (at > 0 && CLOUD_NOUNS.test(operands[at - 1] as string))
    return `${program} ${operands.slice(0, at + 1).join(' ')} removes a cloud resource and its data`;
  if (
    program === 'gcloud' &&
    operands[0] === 'storage' &&
    operands[1] === 'rm' &&
    hasFlag(texts, 'r', 'recursive')
  )
    return 'gcloud storage rm --recursive removes every object under a prefix';
  return undefined;
}

function gsutil(texts: string[]): string | undefined {
  const [command] = words(
    texts.filter((t) => t !== '-m'),
    { short: 'ohu' },
  );
  if (command === 'rb') return 'gsutil rb removes a bucket';
  const after = texts.slice(texts.indexOf('rm') + 1);
  return command === 'rm' && (hasFlag(after, 'r') || hasFlag(after, 'R') || has(after, '--recursive'))
    ? 'gsutil rm -r removes every object under a prefix'
    : undefined;
}

function docker(texts: string[], _args: Arg[], program: string): string | undefined {
  const operands = words(texts, {
    short: 'fpcH',
    long: ['file', 'project-name', 'context', 'host', 'filter'],
  });
  const [first, second] = operands;
  if (first === 'volume' && /^(rm|remove|prune)$/.test(second ?? ''))
    return `${program} volume ${second} deletes stored data`;
  if (first === 'system' && second === 'prune' && has(texts, '--volumes'))
    return `${program} system prune --volumes deletes stored data`;
  const compose =
    program === 'docker-compose' || program === 'podman-compose'
      ? first
      : first === 'compose'
        ? second
        : undefined;
  if (compose === 'down' && (has(texts, '--volumes') || hasFlag(texts.slice(texts.indexOf('down')), 'v')))
    return `${program} compose down -v deletes the project's volumes`;
  return undefined;
}

// Framework tasks that drop the application's database or every table in it.
const FRAMEWORK_TASKS: Record<string, RegExp> = {
  rails: /^db:(drop|reset|purge|schema:load|migrate:reset)(:\w+)?$/,
  rake: /^db:(drop|reset|purge|schema:load|migrate:reset)(:\w+)?$/,
  artisan: /^(db:wipe|migrate:fresh|migrate:reset)$/,
  mix: /^ecto\.(drop|reset)$/,
  sequelize: /^db:drop$/,
  typeorm: /^schema:drop$/,
  prisma: /^migrate reset$/,
  supabase: /^db reset$/,
  wp: /^db (reset|drop|clean)$/,
  drush: /^(sql-drop|sql:drop)$/,
  manage: /^(flush|reset_db|sqlflush)$/,
};

function framework(texts: string[], _args: Arg[], program: string): string | undefined {
  const operands = words(texts);
  // `php artisan …`, `python manage.py …`.
  const [name, tasks] =
    program === 'php' && /(^|\/)artisan$/.test(operands[0] ?? '')
      ? ['artisan', operands.slice(1)]
      : /^python[\d.]*$/.test(program) && /(^|\/)manage\.py$/.test(operands[0] ?? '')
        ? ['manage', operands.slice(1)]
        : [program, operands];
  const pattern = Object.hasOwn(FRAMEWORK_TASKS, name) ? FRAMEWORK_TASKS[name] : undefined;
  if (pattern === undefined) return undefined;
  const task =
    tasks.find((t) => pattern.test(t)) ??
    (pattern.test(tasks.slice(0, 2).join(' ')) ? tasks.slice(0, 2).join(' ') : undefined);
  if (program === 'prisma' && has(texts, '--force-reset')) return 'prisma --force-reset drops the database';
  return task === undefined ? undefined : `${name} ${task} drops the database`;
}

/** Hosted platforms: a repository, an app, a package, a site and their data. */
const PLATFORM_COMMANDS: Record<string, RegExp> = {
  gh: /^repo delete\b/,
  npm: /^unpublish\b/,
  heroku: /^(apps:destroy|pg:reset|addons:destroy|destroy)\b/,
  fly: /^(apps|volumes?|postgres|pg) (destroy|delete)\b/,
  flyctl: /^(apps|volumes?|postgres|pg) (destroy|delete)\b/,
  netlify: /^sites:delete\b/,
  firebase: /^database:remove\b/,
};

function platform(texts: string[], _args: Arg[], program: string): string | undefined {
  const command = words(texts, { short: 'aR', long: ['app', 'repo', 'config', 'org', 'project'] }).join(' ');
  if (
    program === 'firebase' &&
    command.startsWith('firestore:delete') &&
    has(texts, '--all-collections', '-r', '--recursive')
  )
    return 'firebase firestore:delete --recursive removes every document under a path';
  const found = PLATFORM_COMMANDS[program]?.exec(command);
  return found ? `${program} ${found[0]} removes it with its data` : undefined;
}

/** rclone and MinIO's mc on object stores; Vault's permanent deletions; users with their homes. */
function storage(texts: string[], _args: Arg[], program: string): string | undefined {
  const operands = words(texts, { long: ['config', 'vault-addr', 'namespace', 'mount', 'address'] });
  const [first, second] = operands;
  switch (program) {
    case 'rclone':
      return first === 'purge' || first === 'delete'
        ? `rclone ${first} removes every file under a path`
        : undefined;
    case 'mc':
      if (first === 'rb') return 'mc rb removes a bucket';
      return first === 'rm' && hasFlag(texts, 'r', 'recursive')
        ? 'mc rm --recursive removes every object under a prefix'
        : undefined;
    case 'vault':
      if (first === 'kv' && (second === 'destroy' || (second === 'metadata' && operands[2] === 'delete')))
        return `vault kv ${second === 'destroy' ? 'destroy' : 'metadata delete'} removes secret versions for good`;
      return first === 'secrets' && second === 'disable'
        ? 'vault secrets disable removes a mount with its secrets'
        : undefined;
    case 'userdel':
      return hasFlag(texts, 'r', 'remove') ? 'userdel -r removes the home directory' : undefined;
    case 'deluser':
      return has(texts, '--remove-home', '--remove-all-files')
        ? 'deluser removes the home directory'
        : undefined;
    default:
      return undefined;
  }
}

const CHECKS: Record<string, Check> = {
  git,
  terraform,
  tofu: terraform,
  terragrunt: terraform,
  pulumi: stack,
  cdk: stack,
  serverless: stack,
  sls: stack,
  sam: stack,
  kubectl,
  oc: kubectl,
  helm,
  aws,
  gcloud: cloud,
  az: cloud,
  gsutil,
  docker,
  podman: docker,
  'docker-compose': docker,
  'podman-compose': docker,
  ...DATABASE_CHECKS,
  rails: framework,
  rake: framework,
  mix: framework,
  sequelize: framework,
  typeorm: framework,
  prisma: framework,
  supabase: framework,
  wp: framework,
  drush: framework,
  php: framework,
  python: framework,
  python3: framework,
  gh: platform,
  npm: platform,
  heroku: platform,
  fly: platform,
  flyctl: platform,
  netlify: platform,
  firebase: platform,
  rclone: storage,
  mc: storage,
  vault: storage,
  userdel: storage,
  deluser: storage,
};
