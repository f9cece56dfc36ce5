import type { Arg } from './command-checks.ts';
import type { Context, Flow } from './command-context.ts';
import { gitConfigCode } from './command-embedded.ts';
import { judgeScript, writtenFlow } from './command-files.ts';
import { runCode } from './command-flow.ts';
import { readOptions } from './command-options.ts';
import { systemPath } from './system-paths.ts';

/*
 * Files that another program runs later (every new shell, the next commit, the cron daemon, the
 * service manager): what is written into them in a command line is judged as if it ran now.
 */

// Files another program runs later as a shell script: shell start-up files, session scripts, git
// and husky hooks (not their `.sample`s), `.envrc`.
const RUN_LATER = new RegExp(
  [
    '(^|/)\\.(bashrc|bash_profile|bash_login|bash_logout|bash_aliases|profile|zshrc|zshenv|zprofile|zlogin|zlogout|kshrc|mkshrc|cshrc|tcshrc|login|xprofile|xinitrc|xsession|xsessionrc|envrc)$',
    '(^|/)\\.config/fish/(config\\.fish|conf\\.d/[^/]+)$',
    '(^|/)\\.oh-my-zsh/custom/[^/]+\\.zsh$',
    '(^|/)\\.git/(modules/.+/)?hooks/[\\w.-]+$',
    // A git hook by its name in any hooks directory (`core.hooksPath`, `$(git rev-parse --git-dir)/hooks`).
    '(^|/)hooks/(applypatch-msg|pre-applypatch|post-applypatch|pre-commit|pre-merge-commit|prepare-commit-msg|commit-msg|post-commit|pre-rebase|post-checkout|post-merge|pre-push|pre-receive|update|proc-receive|post-receive|post-update|reference-transaction|push-to-checkout|pre-auto-gc|post-rewrite|sendemail-validate|fsmonitor-watchman)$',
    '(^|/)\\.(bashrc|zshrc)\\.d/[^/]+$',
    '(^|/)\\.config/autostart-scripts/[^/]+$',
    '(^|/)\\.husky/[\\w.-]+$',
    '^/etc/(profile|bash\\.bashrc|bashrc|zshrc|zprofile|zshenv|zlogin|csh\\.cshrc|csh\\.login|environment\\.d/[^/]+|zsh/[\\w.-]+|profile\\.d/[^/]+|rc\\.local)$',
  ].join('|'),
);
// Git's configuration files: the commands they set run with the next git command.
const GIT_CONFIG = /(^|\/)(\.gitconfig|\.git\/config|\.config\/git\/config)$|^\/etc\/gitconfig$/;
// Service and autostart definitions: their `Exec…=` lines are commands the system runs.
const UNIT_FILE =
  /(^|\/)(\.config\/systemd\/user|(\/etc|\/lib|\/usr\/lib)\/systemd\/(system|user))\/[^/]+\.(service|socket|timer|path|mount)$|(^|\/)(\.config\/autostart|\.local\/share\/applications|\/etc\/xdg\/autostart|\/usr\/share\/applications)\/[^/]+\.desktop$/;
// Crontabs: each line is a schedule, then (in the system's own files) a user, then a command.
const SYSTEM_CRONTAB = /^\/etc\/(crontab|cron\.d\/[^/]+)$/;
const USER_CRONTAB = /^\/var\/spool\/cron\/(crontabs\/)?[^/]+$/;

/** A path as it names a file, for the tests above: `//etc/./profile` is `/etc/profile`. */
function pathOf(text: string): string {
  const path = text.startsWith('/')
    ? systemPath(text)
    : text.replace(/\/{2,}/g, '/').replace(/(^|\/)(\.\/)+/g, '$1');
  return path.replace(/^(~|\$HOME|\$\{HOME\})\//, '~/');
}

/**
 * Judges what goes into a file another program runs later (every new shell, the next commit, the
 * cron daemon) as if it ran now.
 */
export function judgeLater(arg: Arg, flow: Flow, ctx: Context): void {
  // Relative to a directory a `cd` named (`cd /etc && echo … >> profile`, `cd .git/hooks`).
  const cwd = ctx.cwd !== undefined && /^[/~]/.test(ctx.cwd) ? ctx.cwd : ctx.dir;
  const path = pathOf(cwd !== undefined && !/^[/~$]/.test(arg.text) ? `${cwd}/${arg.text}` : arg.text);
  if (path.endsWith('.sample')) return;
  const via = `${arg.text}, which runs later,`;
  if (RUN_LATER.test(path)) judgeScript(arg.text, flow, via, undefined, ctx);
  else if (UNIT_FILE.test(path)) {
    if (flow.text === undefined) judgeScript(arg.text, flow, via, 'shell', ctx);
    else {
      const commands = unitCommands(flow.text);
      if (commands.length > 0) runCode({ text: commands.join('\n') }, ctx, via);
    }
  } else if (GIT_CONFIG.test(path)) {
    if (flow.text === undefined) judgeScript(arg.text, flow, via, 'shell', ctx);
    else for (const code of gitConfigCode(flow.text)) runCode({ text: code }, ctx, via);
  } else if (USER_CRONTAB.test(path)) judgeCrontab(flow, false, via, ctx);
  else if (SYSTEM_CRONTAB.test(path)) {
    // A user field comes first in the system's crontabs: read the line both with and without one.
    judgeCrontab(flow, true, via, ctx);
    judgeCrontab(flow, false, via, ctx);
  }
}

/**
 * The commands of a systemd unit or desktop entry's `Exec…=` lines. `ExecStart=-/bin/sh -c …`:
 * the prefixes only change how the command is run.
 *
 * @example
 * unitCommands('[Service]\nExecStart=-/bin/rm -rf /tmp/x'); // ['/bin/rm -rf /tmp/x']
 */
export function unitCommands(text: string): string[] {
  return [...text.matchAll(/^\s*Exec\w*\s*=\s*[-@:+!|]*(.*)$/gm)].map((m) => m[1] as string);
}

/** `crontab file` and `… | crontab -` install a crontab: its commands are judged as run now. */
export function installsCrontab(args: Arg[], stdin: Flow | undefined, ctx: Context): void {
  const read = readOptions(
    args.map((a) => a.text),
    { short: 'uc' },
  );
  if (['l', 'r', 'e', 'V'].some((flag) => read.flags.has(flag))) return;
  const file = read.operands[0] === undefined ? '-' : (args[read.operands[0]] as Arg).text;
  const flow = file === '-' ? stdin : writtenFlow([file], ctx);
  if (flow === undefined) return;
  // The lines added to a crontab read back (`(crontab -l; echo '…') | crontab -`) are judged.
  const added =
    flow.text === undefined && !flow.hidden && flow.download === undefined ? flow.partial : undefined;
  judgeCrontab(added === undefined ? flow : { text: added }, false, 'crontab', ctx);
}

/** The commands of a crontab (`* * * * * rm -rf /`), judged as run now. */
function judgeCrontab(flow: Flow, withUser: boolean, via: string, ctx: Context): void {
  if (flow.text === undefined) {
    judgeScript(via, flow, via, 'shell', ctx);
    return;
  }
  const commands: string[] = [];
  for (const line of flow.text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || /^[A-Za-z_]\w*\s*=/.test(trimmed)) continue;
    const fields = trimmed.split(/\s+/);
    const skip = (trimmed.startsWith('@') ? 1 : 5) + (withUser ? 1 : 0);
    commands.push(fields.slice(skip).join(' '));
  }
  if (commands.length > 0) runCode({ text: commands.join('\n') }, ctx, via);
}
