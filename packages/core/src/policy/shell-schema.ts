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
          'rm -rf /, mkfs, dd to a device, fork bombs, git push --force…',
        ),
        downloadExec: ClassEffect.default('deny').describe(
          'curl … | sh, bash <(wget …), running a file just downloaded.',
        ),
        privilege: ClassEffect.default('ask').describe('sudo, su, doas, setuid, chown root.'),
        credentials: ClassEffect.default('deny').describe(
          '~/.ssh, ~/.aws/credentials, /etc/shadow, .env, printenv…',
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
      'Tools that run shell commands: the command line is tokenized like a shell would (pipes, substitutions, `sh -c`) and each program is classified.',
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
