import { readOptions } from './command-options.ts';
import { SYSTEM_FILE, systemPath } from './system-paths.ts';

// Groups whose members are root in all but name: sudo rights, the Docker and LXD daemons'
// sockets, raw disks, the shadow file.
const ROOT_GROUPS = /^(sudo|wheel|admin|root|docker|lxd|lxc|disk|shadow|libvirt)$/;

/**
 * Account changes that grant root or take an account over: a user put in a group that is root in
 * all but name (`usermod -aG docker alice`, `gpasswd -a alice wheel`, `adduser alice sudo`), an
 * account given uid 0 (`useradd -o -u 0 admin`), a password set for someone
 * (`passwd root`, `chpasswd`), the host's namespaces entered from a container (`nsenter -t 1`),
 * a system program replaced by a bind mount (`mount --bind /bin/sh /usr/bin/passwd`).
 *
 * @example
 * grantsAccess('usermod', ['-aG', 'docker', 'alice']); // 'usermod adds a user to docker'
 */
export function grantsAccess(program: string, texts: string[]): string | undefined {
  switch (program) {
    case 'usermod':
    case 'useradd': {
      const read = readOptions(texts, {
        short: 'GgudscelfkKpR',
        long: ['groups', 'gid', 'uid', 'home', 'shell', 'comment'],
      });
      const groups = [
        read.values.get('G'),
        read.values.get('groups'),
        read.values.get('g'),
        read.values.get('gid'),
      ]
        .flatMap((v) => v?.split(',') ?? [])
        .find((g) => ROOT_GROUPS.test(g) || g === '0');
      if (groups !== undefined) return `${program} adds a user to ${groups}`;
      const uid = read.values.get('u') ?? read.values.get('uid');
      return uid === '0' ? `${program} gives an account uid 0` : undefined;
    }
    case 'gpasswd': {
      const read = readOptions(texts, {
        short: 'adAM',
        long: ['add', 'delete', 'administrators', 'members'],
      });
      const group = texts[read.operands[0] ?? -1];
      const adds =
        read.values.has('a') || read.values.has('add') || read.values.has('M') || read.values.has('members');
      return adds && group !== undefined && ROOT_GROUPS.test(group)
        ? `gpasswd adds a user to ${group}`
        : undefined;
    }
    case 'adduser':
    case 'addgroup': {
      // `adduser USER GROUP` (Debian), `addgroup USER GROUP` (BusyBox).
      const read = readOptions(texts, { long: ['home', 'shell', 'gecos', 'uid', 'gid', 'ingroup'] });
      const [, group] = read.operands.map((i) => texts[i] as string);
      const named = [group, read.values.get('ingroup')].find((g) => g !== undefined && ROOT_GROUPS.test(g));
      if (named !== undefined) return `${program} adds a user to ${named}`;
      return read.values.get('uid') === '0' ? `${program} gives an account uid 0` : undefined;
    }
    case 'passwd': {
      const read = readOptions(texts, { short: 'nxwi' });
      const user = texts[read.operands[0] ?? -1];
      return user === undefined ? undefined : `passwd changes the password of ${user}`;
    }
    case 'chpasswd':
      return 'chpasswd sets account passwords';
    case 'nsenter': {
      const read = readOptions(texts, { short: 'tSGrw', long: ['target', 'setuid', 'setgid', 'root', 'wd'] });
      return (read.values.get('t') ?? read.values.get('target')) === '1'
        ? "nsenter enters the host's init namespaces"
        : undefined;
    }
    case 'mount': {
      const read = readOptions(texts, { short: 'otTLU', long: ['options', 'types'] });
      const bind =
        read.flags.has('bind') ||
        read.flags.has('rbind') ||
        /(^|,)r?bind(,|$)/.test(read.values.get('o') ?? read.values.get('options') ?? '');
      const target = texts[read.operands[1] ?? -1];
      return bind && target !== undefined && SYSTEM_FILE.test(systemPath(target))
        ? `mount --bind replaces ${target}`
        : undefined;
    }
    default:
      return undefined;
  }
}
