import { type Arg, systemPath } from './command-checks.ts';
import { readOptions } from './command-options.ts';

/** A command a program runs on another host or in a container, and what it grants doing so. */
export interface RemoteCommand {
  /** Command lines a shell reads there (`ssh host 'rm -rf /'`) or here (`-o ProxyCommand=…`). */
  lines: (Arg[] | string)[];
  /** A command run as an argument vector, without a shell (`docker exec web rm -rf /`). */
  argv?: Arg[] | undefined;
  /** Whether the remote shell reads its commands from standard input (`ssh host < script.sh`). */
  readsStdin?: boolean;
  /** What the container is given of the host (`--privileged`, `-v /:/host`). */
  privilege: string[];
}

// ssh options that take a value (OpenSSH `ssh(1)`).
const SSH_VALUES = 'BbcDEeFIiJLlmOoPpQRSWw';
// `-o` settings whose value is a command line a shell runs.
const SSH_COMMAND_SETTING =
  /^\s*(proxycommand|localcommand|knownhostscommand|remotecommand)\s*[= ]\s*(.*)$/is;
const CONTAINER_TOOLS = new Set(['docker', 'podman', 'nerdctl']);
// Options that take a value, by subcommand (the `docker`, `podman` and `compose` references).
const RUN_SHORT = 'acehlmpuvw';
const RUN_LONG = [
  'add-host',
  'annotation',
  'attach',
  'blkio-weight',
  'cap-add',
  'cap-drop',
  'cgroup-parent',
  'cgroupns',
  'cidfile',
  'cpu-period',
  'cpu-quota',
  'cpu-shares',
  'cpus',
  'cpuset-cpus',
  'cpuset-mems',
  'device',
  'dns',
  'dns-option',
  'dns-search',
  'entrypoint',
  'env',
  'env-file',
  'expose',
  'gpus',
  'group-add',
  'health-cmd',
  'health-interval',
  'health-retries',
  'health-timeout',
  'hostname',
  'index',
  'ip',
  'ip6',
  'ipc',
  'isolation',
  'label',
  'label-file',
  'link',
  'log-driver',
  'log-opt',
  'mac-address',
  'memory',
  'memory-reservation',
  'memory-swap',
  'mount',
  'name',
  'network',
  'net',
  'network-alias',
  'pid',
  'pids-limit',
  'platform',
  'publish',
  'pull',
  'restart',
  'runtime',
  'security-opt',
  'shm-size',
  'stop-signal',
  'stop-timeout',
  'storage-opt',
  'sysctl',
  'tmpfs',
  'ulimit',
  'user',
  'userns',
  'uts',
  'volume',
  'volumes-from',
  'workdir',
];
const EXEC_SHORT = 'euw';
const EXEC_LONG = ['env', 'env-file', 'user', 'workdir', 'detach-keys', 'index'];
// Global options before the subcommand that take a value.
const GLOBAL_VALUES = new Set([
  '-H',
  '--host',
  '-c',
  '--context',
  '--config',
  '-l',
  '--log-level',
  '-f',
  '--file',
  '-p',
  '--project-name',
  '--profile',
  '--env-file',
  '--project-directory',
  '--ansi',
  '--parallel',
  '-n',
  '--namespace',
  '--kubeconfig',
  '--cluster',
  '--user',
  '-s',
  '--server',
  '--token',
  '--as',
  '--as-group',
  '--request-timeout',
  '--root',
  '--runroot',
  '--storage-driver',
  '--connection',
  '--url',
  '--identity',
]);
// Host paths that, mounted into a container, give it the host: its root, its system and
// credential directories, its devices, and the container runtime's own socket.
const HOST_PATH =
  /^\/($|(etc|root|boot|bin|sbin|usr|lib\w*|var|home|proc|sys|dev|run|srv|opt)(\/|$)|.*\/(docker|podman|containerd)\.sock$)/;
const PRIVILEGED_CAPABILITIES =
  /^(cap_)?(all|sys_admin|sys_module|sys_ptrace|sys_rawio|dac_read_search|dac_override)$/i;

/**
 * Commands that run somewhere else but that a policy on this host still answers for: `ssh` runs
 * its command words through the remote user's shell (or reads commands from standard input),
 * and `ProxyCommand`-style settings run locally; `docker`/`podman`/`nerdctl` `exec`, `run` and
 * `compose exec`/`run`, and `kubectl exec`/`run`/`debug`, run an argument vector in a container,
 * and a container given the host (`--privileged`, `-v /:/host`, the Docker socket, `--pid host`,
 * `--cap-add SYS_ADMIN`, `kubectl debug node/…`) is a privilege. `program` is a lower-case basename.
 *
 * @example
 * remoteCommand('ssh', args)?.lines; // [[Arg 'rm', Arg '-rf', Arg '/']] for `ssh prod rm -rf /`
 */
export function remoteCommand(program: string, args: Arg[]): RemoteCommand | undefined {
  if (program === 'ssh') return sshCommand(args);
  if (program === 'rsync') return rsyncCommand(args);
  if (CONTAINER_TOOLS.has(program) || program === 'docker-compose' || program === 'podman-compose')
    return containerCommand(program.endsWith('-compose') ? [literal('compose'), ...args] : args);
  if (program === 'kubectl' || program === 'oc') return kubectlCommand(args);
  return undefined;
}

function sshCommand(args: Arg[]): RemoteCommand {
  const texts = args.map((a) => a.text);
  const read = readOptions(texts, { short: SSH_VALUES }, true);
  const lines: (Arg[] | string)[] = [];
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i] as string;
    const setting = text === '-o' ? texts[i + 1] : text.startsWith('-o') ? text.slice(2) : undefined;
    const command = setting === undefined ? undefined : SSH_COMMAND_SETTING.exec(setting)?.[2];
    if (command) lines.push(command);
    if (i === read.operands[0]) break;
  }
  const destination = read.operands[0];
  const words = destination === undefined ? [] : args.slice(destination + 1);
  if (words.length > 0) lines.push(words);
  const noCommand = read.flags.has('N') || destination === undefined;
  return { lines, readsStdin: words.length === 0 && !noCommand, privilege: [] };
}

/** rsync runs `-e`'s remote shell here and `--rsync-path` there, both through a shell. */
function rsyncCommand(args: Arg[]): RemoteCommand | undefined {
  const read = readOptions(
    args.map((a) => a.text),
    { short: 'eBfMT', long: ['rsh', 'rsync-path', 'filter', 'exclude', 'include', 'temp-dir'] },
  );
  const lines = ['e', 'rsh', 'rsync-path'].flatMap((name) => {
    const value = read.values.get(name);
    return value === undefined ? [] : [value];
  });
  return lines.length > 0 ? { lines, privilege: [] } : undefined;
}

function containerCommand(args: Arg[]): RemoteCommand | undefined {
  let at = skipGlobal(args, 0);
  if (args[at]?.text === 'container') at = skipGlobal(args, at + 1);
  if (args[at]?.text === 'compose') at = skipGlobal(args, at + 1);
  const sub = args[at]?.text;
  if (sub !== 'exec' && sub !== 'run' && sub !== 'create') return undefined;
  const rest = args.slice(at + 1);
  const texts = rest.map((a) => a.text);
  const read =
    sub === 'exec'
      ? readOptions(texts, { short: EXEC_SHORT, long: EXEC_LONG }, true)
      : readOptions(texts, { short: RUN_SHORT, long: RUN_LONG }, true);
  const privilege = hostGrants(rest, texts);
  const target = read.operands[0];
  if (target === undefined) return { lines: [], privilege };
  let argv = rest.slice(target + 1);
  const entrypoint = entrypointOf(texts);
  if (entrypoint !== undefined && sub !== 'exec') argv = [literal(entrypoint), ...argv];
  return { lines: [], argv: argv.length > 0 ? argv : undefined, privilege };
}

function kubectlCommand(args: Arg[]): RemoteCommand | undefined {
  const at = skipGlobal(args, 0);
  const sub = args[at]?.text;
  if (sub !== 'exec' && sub !== 'run' && sub !== 'debug') return undefined;
  const rest = args.slice(at + 1);
  const texts = rest.map((a) => a.text);
  const privilege: string[] = [];
  if (sub === 'debug' && texts.some((t) => t.startsWith('node/') || t.startsWith('nodes/')))
    privilege.push('debug runs a pod in the namespaces of a node');
  if (texts.some((t) => t === '--privileged' || t === '--privileged=true'))
    privilege.push(`${sub} --privileged`);
  if (texts.some((t) => t === '--profile=sysadmin') || texts.join(' ').includes('--profile sysadmin'))
    privilege.push(`${sub} with the sysadmin profile`);
  const dashes = texts.indexOf('--');
  if (dashes >= 0) return { lines: [], argv: rest.slice(dashes + 1), privilege };
  if (sub !== 'exec') return { lines: [], privilege };
  // The older form without `--`: `kubectl exec POD COMMAND…`.
  const read = readOptions(
    texts,
    { short: 'cfn', long: ['container', 'filename', 'namespace', 'pod-running-timeout'] },
    true,
  );
  const pod = read.operands[0];
  const argv = pod === undefined ? [] : rest.slice(pod + 1);
  return { lines: [], argv: argv.length > 0 ? argv : undefined, privilege };
}

function skipGlobal(args: Arg[], from: number): number {
  let at = from;
  while (at < args.length && (args[at] as Arg).text.startsWith('-')) {
    const text = (args[at] as Arg).text;
    at += GLOBAL_VALUES.has(text) ? 2 : 1;
  }
  return at;
}

function entrypointOf(texts: string[]): string | undefined {
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i] as string;
    if (text === '--entrypoint') return texts[i + 1];
    if (text.startsWith('--entrypoint=')) return text.slice('--entrypoint='.length);
  }
  return undefined;
}

/** What of the host a container is given. */
function hostGrants(args: Arg[], texts: string[]): string[] {
  const grants: string[] = [];
  const valueAt = (i: number, name: string): string | undefined => {
    const text = texts[i] as string;
    if (text === name) return texts[i + 1];
    if (text.startsWith(`${name}=`)) return text.slice(name.length + 1);
    if (name.length === 2 && text.startsWith(name) && text.length > 2) return text.slice(2);
    return undefined;
  };
  for (let i = 0; i < args.length; i++) {
    const text = texts[i] as string;
    if (text === '--privileged' || text === '--privileged=true') grants.push('a privileged container');
    const volume = valueAt(i, '-v') ?? valueAt(i, '--volume');
    const mount = valueAt(i, '--mount');
    const source = volume?.split(':')[0] ?? /(?:^|,)(?:source|src)=([^,]*)/.exec(mount ?? '')?.[1];
    if (source?.startsWith('/') && HOST_PATH.test(systemPath(source)))
      grants.push(`mounts the host's ${source} into the container`);
    for (const name of ['--pid', '--userns']) if (valueAt(i, name) === 'host') grants.push(`${name} host`);
    const cap = valueAt(i, '--cap-add');
    if (cap?.split(',').some((c) => PRIVILEGED_CAPABILITIES.test(c))) grants.push(`--cap-add ${cap}`);
    const device = valueAt(i, '--device');
    if (device !== undefined) grants.push(`--device ${device}`);
  }
  return grants;
}

function literal(text: string): Arg {
  return {
    text,
    raw: text,
    known: true,
    glob: false,
    vars: [],
    hidden: false,
    onlyExpansion: false,
    unknownVar: false,
  };
}
