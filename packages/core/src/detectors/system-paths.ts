/** Block devices: writing one destroys what is on a disk. */
export const BLOCK_DEVICE = /^\/dev\/(sd|hd|nvme|vd|xvd|mmcblk|disk|mapper|md|dm-|nbd|loop)/;
/** Files of the system itself: writing over one breaks it. */
export const SYSTEM_FILE = /^\/(etc|bin|sbin|boot|usr|lib|lib64)\//;
/**
 * Files that decide who may log in and act as whom, and what runs as root: adding to one grants
 * privileges (`echo 'x::0:0::/:/bin/sh' >> /etc/passwd`, a sudoers rule, a root cron job or
 * service, a preloaded library, a profile root's shells read).
 */
export const PRIVILEGE_FILE = new RegExp(
  '^/(?:etc/(?:passwd|shadow|group|gshadow|subuid|subgid|sudoers|sudoers\\.d/.+|doas\\.conf' +
    '|crontab|cron\\.(?:d|hourly|daily|weekly|monthly)/.+|anacrontab|ld\\.so\\.preload' +
    '|ld\\.so\\.conf(?:\\.d/.+)?|pam\\.d/.+|security/.+|profile|profile\\.d/.+|bash\\.bashrc' +
    '|environment|rc\\.local|init\\.d/.+|systemd/system/.+|polkit-1/.+|ssh/sshd_config(?:\\.d/.+)?)' +
    '|var/spool/cron/.+|root/.+)$',
);
// Files and directories of the system itself, whose removal breaks it (`/usr/local` is the admin's).
export const SYSTEM_REMOVAL =
  /^\/(etc|bin|sbin|boot|lib|lib32|lib64|usr\/(bin|sbin|lib|lib32|lib64|libexec|share|include))\/./;
const GLOB_CHARACTER = /[*?[]/;

/**
 * An absolute path as the kernel reads it, by its text: repeated and trailing slashes dropped,
 * `.` dropped and `..` applied (`//etc/../*` is `/*`), and a last component that is a glob read
 * as `*` (`/[a-z]*` and `/?*` name what `/*` names). Relative paths are returned as they are.
 *
 * @example
 * systemPath('/dev/../dev//sda'); // '/dev/sda'
 */
export function systemPath(path: string): string {
  if (!path.startsWith('/')) return path;
  const kept: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') kept.pop();
    else kept.push(part);
  }
  const last = kept.length - 1;
  if (last >= 0 && GLOB_CHARACTER.test(kept[last] as string)) kept[last] = '*';
  return `/${kept.join('/')}`;
}

/**
 * Whether writing to `path` overwrites a file of the system or a disk (`/etc/passwd`,
 * `/dev/sda`), read as the kernel reads the path. Shared by the shell and code classifiers.
 *
 * @example
 * overwritesSystem('/dev/../dev/sda'); // true
 */
export function overwritesSystem(path: string): boolean {
  const resolved = systemPath(path);
  return SYSTEM_FILE.test(resolved) || BLOCK_DEVICE.test(resolved);
}

/**
 * Whether writing to `path` grants privileges (see {@link PRIVILEGE_FILE}), read as the kernel
 * reads the path.
 *
 * @example
 * grantsPrivilege('/etc//sudoers.d/90-agent'); // true
 */
export function grantsPrivilege(path: string): boolean {
  return PRIVILEGE_FILE.test(systemPath(path));
}

/**
 * Whether unpacking an archive into `directory` replaces files of the system: `/`, `/usr` or a
 * directory of the system (`/usr/local` is the admin's). Shared by the shell and code classifiers.
 *
 * @example
 * overwritesSystemDirectory('/usr/bin'); // true
 */
export function overwritesSystemDirectory(directory: string): boolean {
  if (!directory.startsWith('/')) return false;
  const resolved = systemPath(directory);
  return resolved === '/' || resolved === '/usr' || SYSTEM_REMOVAL.test(`${resolved}/x`);
}
