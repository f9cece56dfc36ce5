import type { Decision } from '../decision.ts';
import { type CommandFinding, classifyCommand } from '../detectors/classify-command.ts';
import type { Guard } from '../guard.ts';
import type { ShellGuardConfig } from '../policy/shell-schema.ts';
import { argValues } from './arg-reader.ts';
import { compileToolMatcher } from './tool-matcher.ts';

/**
 * The shell guard: for tools that run commands, parses each command line like a shell and decides
 * per class of what it does (destructive, download-and-execute, privilege, credential reads,
 * network), plus allow- and deny-lists of programs. A command tool called without a readable
 * command is denied: there is nothing to judge.
 *
 * @example
 * shellGuard({ classes: { destructive: 'deny', downloadExec: 'deny', privilege: 'ask', credentials: 'deny', network: 'allow' }, ... })
 */
export function shellGuard(config: ShellGuardConfig): Guard {
  const tools = compileToolMatcher(config.tools);
  const readers = config.commandArgs.map(argValues);
  const allow = config.allowCommands ? compileToolMatcher(config.allowCommands) : undefined;
  const denied = config.denyCommands ? compileToolMatcher(config.denyCommands) : undefined;

  return {
    name: 'shell',
    deadlineMs: config.deadlineMs,
    failMode: config.failMode,
    appliesTo: (ctx) => tools(ctx.tool) !== undefined,
    evaluate(ctx): Decision {
      const commands: string[] = [];
      for (const read of readers) {
        for (const value of read(ctx.args)) {
          if (typeof value === 'string') commands.push(value);
          else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
            commands.push(value.join(' '));
          else return deny('invalid_command', `Shell: the command must be a string, got ${typeof value}`);
        }
      }
      if (commands.length === 0)
        return deny('invalid_command', `Shell: no command found in ${config.commandArgs.join(', ')}`);
      let ask: CommandFinding | undefined;
      for (const command of commands) {
        const { programs, findings } = classifyCommand(command);
        for (const program of programs) {
          if (denied?.(program) !== undefined)
            return deny('command_denied', `Shell: ${program} is on the deny list`);
          if (allow && allow(program) === undefined)
            return deny('command_not_allowed', `Shell: ${program} is not on the allow list`);
        }
        for (const finding of findings) {
          const effect = config.classes[finding.class];
          if (effect === 'deny')
            return deny(`shell_${finding.class}`, `Shell: ${label[finding.class]}: ${finding.reason}`);
          if (effect === 'ask') ask ??= finding;
        }
      }
      if (ask) return { effect: 'ask', guard: 'shell', reason: `Shell: ${label[ask.class]}: ${ask.reason}` };
      return { effect: 'allow', guard: 'shell', reason: 'Shell: nothing dangerous found' };
    },
  };
}

const label: Record<CommandFinding['class'], string> = {
  destructive: 'destructive command',
  downloadExec: 'downloads and executes code',
  privilege: 'raises privileges',
  credentials: 'reads credentials',
  network: 'uses the network',
};

function deny(code: string, reason: string): Decision {
  return { effect: 'deny', guard: 'shell', code, reason };
}
