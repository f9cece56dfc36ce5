import { type Arg, literalArg as literal } from './command-checks.ts';
import { readOptions } from './command-options.ts';
import { BLOCK_DEVICE, systemPath } from './system-paths.ts';

/** A command a program runs elsewhere (another host, a container, an environment), and what it grants. */
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

// ssh options that take a value (OpenSSH `ssh(1)`); scp and sftp share the ones that matter here.
const SSH_VALUES = 'BbcDEeFIiJLlmOoPpQRSWw';
// `-o` settings whose value is a command line a shell runs (`Match exec` runs its command too).
const SSH_COMMAND_SETTING =
  /^\s*(?:(?:proxycommand|localcommand|knownhostscommand|remotecommand)\s*[= ]|match\b.*?\bexec\s+)\s*(.*)$/is;
const CONTAINER_TOOLS = new Set(['docker', 'podman', 'nerdctl']);
// Subcommands that never run a command in a container: a word before `exec`/`run` that is none
// of these is a value of a global option the list below does not know (`--tlscacert ca.pem`).
const CONTAINER_OTHER =
  /^(build|buildx|builder|ps|pull|push|images|image|logs|rm|rmi|stop|start|restart|kill|inspect|network|volume|system|login|logout|tag|cp|top|stats|port|pause|unpause|wait|events|info|version|context|save|load|import|export|commit|diff|history|search|swarm|service|stack|secret|config|node|plugin|trust|manifest|scout|init|attach|update|rename|down|up|ls|pod|machine|generate|play|kube)$/;
const KUBECTL_COMMANDS = new Set(['exec', 'run', 'debug']);
const KUBECTL_OTHER =
  /^(get|describe|logs|apply|delete|create|edit|patch|port-forward|proxy|cp|top|rollout|scale|set|label|annotate|config|cluster-info|api-resources|api-versions|explain|wait|auth|certificate|drain|cordon|uncordon|taint|expose|autoscale|diff|kustomize|plugin|version|completion|replace|events|attach|options)$/;
// Options of `docker run`/`create`/`compose run` that take a value.
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
// A bind mount of these gives the container the host: its root, system and home directories,
// the container runtime's socket and state.
const HOST_PATH =
  /^(\/|\/(etc|root|boot|bin|sbin|usr|lib\w*|var|home|Users|proc|sys|dev|run|srv|opt)\/?|\/root\/.*|\/etc\/(shadow|gshadow|sudoers|passwd|ssh|kubernetes|docker)(\/.*)?|\/var\/lib\/(docker|containerd|kubelet)(\/.*)?|.*\/(docker|podman|containerd)\.sock|~\/?|\$HOME\/?|\$\{HOME\}\/?)$/;
// Memory and I/O ports, which a container given them reads and writes the host through.
const HOST_MEMORY = /^\/dev\/(mem|kmem|port)$/;
const PRIVILEGED_CAPABILITIES =
  /^(cap_)?(all|sys_admin|sys_module|sys_ptrace|sys_rawio|sys_boot|dac_read_search|dac_override|net_admin|bpf|perfmon)$/i;
const UNCONFINED = /^(seccomp|apparmor|systempaths)[=:]unconfined$|^label[=:]disable$/i;

/**
 * Commands that run somewhere else but that a policy on this host still answers for: `ssh`
 * (`autossh`) runs its command words through the remote user's shell, or reads commands from
 * standard input, and `ProxyCommand`-style settings run here (also for `scp` and `sftp`);
 * `rsync -e`/`--rsync-path`, `gcloud compute ssh --command`, `vagrant ssh -c`; `docker`/`podman`/
 * `nerdctl` `exec`, `run`, `create` and `compose exec`/`run`, and `kubectl exec`/`run`/`debug`, run
 * an argument vector in a container, and a container given the host (`--privileged`, `-v /:/host`,
 * the Docker socket, `--pid host`, `--cap-add SYS_ADMIN`, `--security-opt seccomp=unconfined`,
 * `kubectl debug node/…`) is a privilege. `program` is a lower-case basename.
 *
 * @example
 * remoteCommand('ssh', args)?.lines; // [[Arg 'rm', Arg '-rf', Arg '/']] for `ssh prod rm -rf /`
 */
export function remoteCommand(program: string, args: Arg[]): RemoteCommand | undefined {
  if (program === 'ssh') return sshCommand(args);
  if (program === 'autossh') return sshCommand(withoutOption(args, '-M'));
  // Nagios's check_by_ssh hands its `-o` options to ssh.
  if (program === 'scp' || program === 'sftp' || program === 'check_by_ssh')
    return { lines: sshSettings(args), privilege: [] };
  if (program === 'rsync') return rsyncCommand(args);
  if (program === 'gcloud') return valueCommand(args, ['compute', 'ssh'], ['--command'], true);
  if (program === 'vagrant') return valueCommand(args, ['ssh'], ['-c', '--command'], false);
  if (CONTAINER_TOOLS.has(program) || program === 'docker-compose' || program === 'podman-compose')
    return containerCommand(program.endsWith('-compose') ? [literal('compose'), ...args] : args);
  if (program === 'kubectl' || program === 'oc') return kubectlCommand(args);
  return undefined;
}

function sshCommand(args: Arg[]): RemoteCommand {
  const texts = args.map((a) => a.text);
  const read = readOptions(texts, { short: SSH_VALUES }, true);
  const destination = read.operands[0];
  // OpenSSH reads options again after the destination: the command starts at the next operand.
  const after =
    destination === undefined ? undefined : readOptions(texts, { short: SSH_VALUES }, true, destination + 1);
  const start = after?.operands[0];
  const words = start === undefined ? [] : args.slice(start);
  const lines: (Arg[] | string)[] = sshSettings(start === undefined ? args : args.slice(0, start));
  if (words.length > 0) lines.push(words);
  const noCommand = read.flags.has('N') || after?.flags.has('N') === true || destination === undefined;
  return { lines, readsStdin: words.length === 0 && !noCommand, privilege: [] };
}

/** The command lines of `-o ProxyCommand=…`-style settings among ssh-family options. */
function sshSettings(args: Arg[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const text = (args[i] as Arg).text;
    const setting = text === '-o' ? args[i + 1]?.text : text.startsWith('-o') ? text.slice(2) : undefined;
    const command = setting === undefined ? undefined : SSH_COMMAND_SETTING.exec(setting)?.[1];
    if (command) lines.push(unquote(command.trim()));
  }
  return lines;
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

/**
 * A command given as an option value after subcommand words (`gcloud compute ssh vm --command
 * '…'`, `vagrant ssh -c '…'`), or after `--` when `dashes` says the words there are one too.
 */
function valueCommand(
  args: Arg[],
  sub: string[],
  names: string[],
  dashes: boolean,
): RemoteCommand | undefined {
  const texts = args.map((a) => a.text);
  if (!sub.every((word, i) => texts[i] === word)) return undefined;
  const lines: (Arg[] | string)[] = [];
  for (let i = sub.length; i < texts.length; i++) {
    const text = texts[i] as string;
    if (dashes && text === '--') {
      lines.push(args.slice(i + 1));
      break;
    }
    for (const name of names) {
      if (text === name && i + 1 < texts.length) lines.push([args[i + 1] as Arg]);
      else if (text.startsWith(`${name}=`)) lines.push(text.slice(name.length + 1));
    }
  }
  return lines.length > 0 ? { lines, privilege: [] } : undefined;
}

function containerCommand(args: Arg[]): RemoteCommand | undefined {
  const at = subcommand(args, (word) => ['exec', 'run', 'create'].includes(word), CONTAINER_OTHER, [
    'container',
    'compose',
  ]);
  if (at === undefined) return undefined;
  const sub = (args[at] as Arg).text;
  const rest = args.slice(at + 1);
  const texts = rest.map((a) => a.text);
  const spec = sub === 'exec' ? { short: EXEC_SHORT, long: EXEC_LONG } : { short: RUN_SHORT, long: RUN_LONG };
  const read = readOptions(texts, spec, true);
  const target = read.operands[0];
  // What the container is given is read from the options only: words after the image are its own.
  const privilege = hostGrants(texts.slice(0, target ?? texts.length), spec);
  if (target === undefined) return { lines: [], privilege };
  let argv = rest.slice(target + 1);
  const entrypoint = read.values.get('entrypoint');
  if (entrypoint !== undefined && entrypoint !== '' && sub !== 'exec') argv = [literal(entrypoint), ...argv];
  return { lines: [], argv: argv.length > 0 ? argv : undefined, privilege };
}

function kubectlCommand(args: Arg[]): RemoteCommand | undefined {
  const at = subcommand(args, (word) => KUBECTL_COMMANDS.has(word), KUBECTL_OTHER, []);
  if (at === undefined) return undefined;
  const sub = (args[at] as Arg).text;
  const rest = args.slice(at + 1);
  const dashes = rest.findIndex((a) => a.text === '--');
  const texts = (dashes >= 0 ? rest.slice(0, dashes) : rest).map((a) => a.text);
  const privilege: string[] = [];
  const target = texts.findIndex((t) => /^(node|nodes|no)\//.test(t));
  if (sub === 'debug' && (target >= 0 || texts.includes('node')))
    privilege.push('debug runs a pod in the namespaces of a node');
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i] as string;
    if (/^--privileged(=true)?$/.test(text)) privilege.push(`${sub} --privileged`);
    const profile =
      text === '--profile' ? texts[i + 1] : text.startsWith('--profile=') ? text.slice(10) : undefined;
    if (profile === 'sysadmin' || profile === 'netadmin')
      privilege.push(`${sub} with the ${profile} profile`);
    const overrides =
      text === '--overrides' ? texts[i + 1] : text.startsWith('--overrides=') ? text.slice(12) : '';
    if (/"(privileged|hostPID|hostNetwork|hostIPC)"\s*:\s*true|"hostPath"/.test(overrides ?? ''))
      privilege.push(`${sub} --overrides gives the pod the host`);
  }
  if (dashes >= 0) return { lines: [], argv: rest.slice(dashes + 1), privilege };
  if (sub === 'debug') return { lines: [], privilege };
  // Without `--`: `kubectl exec POD COMMAND…`, `kubectl run NAME --image=… COMMAND…`.
  const read = readOptions(
    texts,
    {
      short: 'cfnli',
      long: [
        'container',
        'filename',
        'namespace',
        'pod-running-timeout',
        'image',
        'overrides',
        'env',
        'port',
      ],
    },
    true,
  );
  const name = read.operands[0];
  const argv = name === undefined ? [] : rest.slice(name + 1);
  return { lines: [], argv: argv.length > 0 ? argv : undefined, privilege };
}

/**
 * Where the subcommand is: the first word that `wanted` accepts, past options, their values and
 * the `prefixes` (`container`, `compose`); undefined when another subcommand comes first.
 */
function subcommand(
  args: Arg[],
  wanted: (word: string) => boolean,
  other: RegExp,
  prefixes: string[],
): number | undefined {
  for (let at = 0; at < args.length; at++) {
    const word = (args[at] as Arg).text;
    if (word === '--') return undefined;
    if (word.startsWith('-') || prefixes.includes(word)) continue;
    if (wanted(word)) return at;
    if (other.test(word)) return undefined;
  }
  return undefined;
}

/** What of the host a container is given, from its options. */
function hostGrants(texts: string[], spec: { short: string; long: string[] }): string[] {
  const grants: string[] = [];
  const values: [string, string][] = [];
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i] as string;
    if (/^--privileged(=(true|1))?$/i.test(text)) grants.push('a privileged container');
    if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      const name = text.slice(2, eq < 0 ? undefined : eq);
      if (eq >= 0) values.push([name, text.slice(eq + 1)]);
      else if (spec.long.includes(name)) values.push([name, texts[++i] ?? '']);
    } else if (text.startsWith('-')) {
      // A cluster: the first letter that takes a value takes the rest (`-itv/:/h`) or the next word.
      for (let j = 1; j < text.length; j++) {
        if (!spec.short.includes(text[j] as string)) continue;
        values.push([text[j] as string, j + 1 < text.length ? text.slice(j + 1) : (texts[++i] ?? '')]);
        break;
      }
    }
  }
  for (const [name, raw] of values) {
    const value = unquote(raw);
    if (name === 'v' || name === 'volume' || name === 'mount') {
      const source =
        name === 'mount'
          ? /(?:^|,)\s*"?(?:source|src)=([^,"]*)/.exec(value)?.[1]
          : value.slice(0, value.search(/:(?!\\)|$/));
      if (source !== undefined && HOST_PATH.test(source.startsWith('/') ? systemPath(source) : source))
        grants.push(`mounts the host's ${source} into the container`);
    }
    if (['pid', 'ipc', 'uts', 'userns', 'cgroupns'].includes(name) && value === 'host')
      grants.push(`--${name} host`);
    if (name === 'cap-add' && value.split(',').some((c) => PRIVILEGED_CAPABILITIES.test(c.trim())))
      grants.push(`--cap-add ${value}`);
    if (name === 'security-opt' && UNCONFINED.test(value)) grants.push(`--security-opt ${value}`);
    if (name === 'device') {
      const device = systemPath(value.split(':')[0] ?? '');
      if (BLOCK_DEVICE.test(device) || HOST_MEMORY.test(device)) grants.push(`--device ${value}`);
    }
  }
  return grants;
}

function withoutOption(args: Arg[], option: string): Arg[] {
  const out: Arg[] = [];
  for (let i = 0; i < args.length; i++) {
    const text = (args[i] as Arg).text;
    if (text === option) i += 1;
    else if (!text.startsWith(option)) out.push(args[i] as Arg);
  }
  return out;
}

function unquote(text: string): string {
  return text.replace(/^(["'])(.*)\1$/s, '$2');
}
