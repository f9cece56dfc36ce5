import { z } from 'zod';
import { ArgPathSchema, GuardOptionsShape, ToolGlobsSchema } from './common-schema.ts';

const ClassEffect = z.enum(['allow', 'ask', 'deny']);

/** Tools that run shell commands: what the command line does decides. */
export const ShellGuardSchema = z
  .strictObject({
    tools: ToolGlobsSchema.default([
      '*shell*',
      '*bash*',
      '*terminal*',
      'run_command',
      'execute_command',
      'exec',
      'exec_*',
      '*_exec',
    ]).describe('Tools that run commands.'),
    commandArgs: z
      .array(ArgPathSchema)
      .min(1)
      .default(['command', 'cmd', 'script', 'commands'])
      .describe('Argument paths holding the command line (strings or arrays of strings).'),
    classes: z
      .strictObject({
        destructive: ClassEffect.default('deny').describe(
          'rm -rf /, recursive removal of the working directory, mkfs, writes to a disk, truncate of system files, fork bombs, chmod/chown -R on system paths, git push --force, shutdown; data and infrastructure destroyed as a whole: rm -r of .git or of a database data directory, git reset --hard, git clean -f, terraform destroy, kubectl delete namespace/--all, helm uninstall, aws s3 rm --recursive, cloud projects and databases deleted, docker volume rm, DROP/TRUNCATE or DELETE without WHERE (given or piped to a database client), FLUSHALL, rails db:drop…',
        ),
        downloadExec: ClassEffect.default('deny').describe(
          'curl … | sh, bash <(wget …), sh -c "$(curl …)", running a file just downloaded or a script of a repository just cloned, installing a package just downloaded (dpkg -i, pip install x.whl), SQL downloaded into a database client (curl … | psql), IEX (New-Object Net.WebClient).DownloadString(…), mshta/msiexec/regsvr32 given a URL.',
        ),
        privilege: ClassEffect.default('ask').describe(
          'sudo, su, doas, run0, gosu, setpriv to root, setuid/setgid modes, chown to root, users added to sudo/wheel/docker or given uid 0, passwords set (passwd root, chpasswd), nsenter -t 1, writes to the files that grant privileges (/etc/passwd, sudoers, crontabs, ld.so.preload).',
        ),
        credentials: ClassEffect.default('deny').describe(
          '~/.ssh, ~/.aws/credentials (also as globs), and credential directories taken whole (`cp -r ~/.aws`, `tar … ~/.gnupg`), /etc/shadow, .env, printenv, export -p, secret variables, gh auth token, kubectl config view --raw, vault/op reads…',
        ),
        network: ClassEffect.default('allow').describe('curl, wget, nc, ssh, scp…'),
      })
      .default({
        destructive: 'deny',
        downloadExec: 'deny',
        privilege: 'ask',
        credentials: 'deny',
        network: 'allow',
      })
      .describe('Effect per class of command (`allow`, `ask` or `deny`).'),
    allowCommands: z
      .array(z.string().min(1))
      .optional()
      .describe('Allow-list of programs (globs on the program name); any other program is denied.'),
    denyCommands: z.array(z.string().min(1)).optional().describe('Programs that are always denied (globs).'),
    ...GuardOptionsShape,
  })
  .meta({
    description:
      'Tools that run shell commands: the command line is parsed like a shell would (newlines, heredocs, quotes, `$( )` and backticks, `sh -c`, wrappers such as `timeout`, `env`, `xargs`, `find -exec`), and each program is classified. An array is judged both as lines of a script and as an argument vector; the strictest reading wins. A shell fed code that cannot be read first (`cat x | sh`, `sh -c "$X"`, `base64 -d … | sh`) gets the strictest effect of all classes. Inline code of interpreters (`python3 -c`, `node -e`, `perl -e`…) is read as code, SQL given or piped to a database client as the code guard reads SQL (a command `COPY … PROGRAM` or `xp_cmdshell` runs is judged as a command line), and commands run elsewhere (`ssh host …`, `docker exec`, `kubectl exec`) as if they ran here; a container given the host (`--privileged`, `-v /:/host`) is a privilege. A file written earlier in the same command line is judged by what was written into it (sed edits included) when it runs: as a script (`echo … > x.sh && sh x.sh`), as a project file its tool runs (`package.json` scripts for `npm test`, `conftest.py` for `pytest`, `setup.py` for `pip install .`), or, when another program runs it later (shell start-up files, git hooks and config, crontabs, systemd units), at once.',
    examples: [
      {
        tools: ['run_command'],
        commandArgs: ['command'],
        classes: {
          destructive: 'deny',
          downloadExec: 'deny',
          privilege: 'ask',
          credentials: 'deny',
          network: 'allow',
        },
        allowCommands: ['ls', 'git', 'python*'],
        denyCommands: ['nc'],
      },
    ],
  });

export type ShellGuardConfig = z.infer<typeof ShellGuardSchema>;
