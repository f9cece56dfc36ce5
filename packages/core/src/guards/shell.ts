import type { Decision } from '../decision.ts';
import {
  type CommandClassification,
  type CommandFinding,
  classifyArgv,
  classifyCommand,
} from '../detectors/classify-command.ts';
import type { Guard } from '../guard.ts';
import type { ShellGuardConfig } from '../policy/shell-schema.ts';
import { argValues } from './arg-reader.ts';
import { compileToolMatcher } from './tool-matcher.ts';

/**
 * The shell guard: for tools that run commands, parses each command line like a shell and decides
 * per class of what it does (destructive, download-and-execute, privilege, credential reads,
 * network), plus allow- and deny-lists of programs. A command tool called without a readable
 * command is denied: there is nothing to judge. An array of strings may be lines of a script or
 * an argument vector; every reading is judged and the strictest verdict wins.
 *
 * @example
 * shellGuard({ classes: { destructive: 'deny', downloadExec: 'deny', privilege: 'ask', credentials: 'deny', network: 'allow' }, ... })
 */
export function shellGuard(config: ShellGuardConfig): Guard {
  const tools = compileToolMatcher(config.tools);
  const readers = config.commandArgs.map(argValues);
  // An allow-list grants: it compares program names exactly, case included.
  const allow = config.allowCommands ? compileToolMatcher(config.allowCommands, { exact: true }) : undefined;
  const denied = config.denyCommands ? compileToolMatcher(config.denyCommands) : undefined;

  return {
    name: 'shell',
    deadlineMs: config.deadlineMs,
    failMode: config.failMode,
    appliesTo: (ctx) => tools(ctx.tool) !== undefined,
    evaluate(ctx): Decision {
      const readings: Reading[] = [];
      for (const read of readers) {
        for (const value of read(ctx.args)) {
          if (typeof value === 'string') readings.push({ result: classifyCommand(value), programs: true });
          else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
            readings.push(...arrayReadings(value));
          else return deny('invalid_command', `Shell: the command must be a string, got ${typeof value}`);
        }
      }
      if (readings.length === 0)
        return deny('invalid_command', `Shell: no command found in ${config.commandArgs.join(', ')}`);
      let ask: CommandFinding | undefined;
      for (const { result, programs } of readings) {
        for (const program of programs ? result.programs : []) {
          if (denied?.(program) !== undefined)
            return deny('command_denied', `Shell: ${program} is on the deny list`);
          if (allow && allow(program) === undefined)
            return deny('command_not_allowed', `Shell: ${program} is not on the allow list`);
        }
        for (const finding of result.findings) {
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

interface Reading {
  result: CommandClassification;
  /** Whether its programs are held to the allow- and deny-lists (a plausible reading of them). */
  programs: boolean;
}

/**
 * An array can be lines of a script (`['cd /', 'rm -rf *']`) or an argument vector whose items are
 * already words (`['bash', '-c', 'rm -rf /']`), and which one a tool means cannot be known. So all
 * readings are judged: the vector, the lines as one script in order, and each line on its own.
 * The program lists hold only where a reading is plausible: the vector when its first item is one
 * word, a line when it is more than one word (a lone `status` in `['git', 'status']` is an
 * argument, not a program).
 */
function arrayReadings(items: string[]): Reading[] {
  if (items.every((item) => item.trim() === '')) return [];
  return [
    { result: classifyArgv(items), programs: !/\s/.test(items[0]?.trim() ?? '') },
    { result: classifyCommand(items.join('\n')), programs: false },
    ...items.map((item) => ({ result: classifyCommand(item), programs: /[\s;&|<>()`$]/.test(item.trim()) })),
  ];
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
