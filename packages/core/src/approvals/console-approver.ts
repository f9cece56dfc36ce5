import { createInterface } from 'node:readline/promises';
import type { ApprovalHandler, ApprovalLevel } from './approval-handler.ts';
import type { ApproverOptions } from './callback-approver.ts';

/** Options of {@link consoleApprover}. */
export interface ConsoleApproverOptions extends ApproverOptions {
  /** Where to read answers (default `process.stdin`). */
  input?: NodeJS.ReadableStream & {
    /** True for a terminal; without one every request is rejected, since nobody can answer. */
    isTTY?: boolean;
  };
  /** Where to write prompts (default `process.stderr`, so stdout stays the program's). */
  output?: NodeJS.WritableStream;
  /** Name recorded as the approver (default the OS user). */
  approver?: string;
}

/**
 * Asks at the terminal: shows the call and the reasons, and waits for y/n. When the input is not
 * a terminal nobody can answer, so the call is rejected at once.
 *
 * @example
 * const engine = createEngine({ policy, approvals: consoleApprover({ timeoutMs: 120_000 }) });
 */
export function consoleApprover(options: ConsoleApproverOptions = {}): ApprovalHandler {
  return {
    name: 'console',
    timeoutMs: options.timeoutMs,
    async request(request, { signal }) {
      const input = options.input ?? process.stdin;
      const output = options.output ?? process.stderr;
      if (!input.isTTY)
        return {
          status: 'rejected',
          approver: 'console',
          reason: 'no terminal to ask on (stdin is not a TTY)',
        };
      const approver = options.approver ?? process.env['USER'] ?? 'console';
      const rl = createInterface({ input, output, terminal: (output as { isTTY?: boolean }).isTTY === true });
      try {
        output.write(
          `\nApproval needed: ${request.tool} ${JSON.stringify(request.args)}\n  ${request.reasons.join('\n  ')}\n`,
        );
        const roles = request.chain.length > 0 ? request.chain : [undefined];
        const levels: ApprovalLevel[] = [];
        for (const role of roles) {
          const answer = await rl.question(`Approve${role ? ` as ${role}` : ''}? [y/N] `, { signal });
          if (!/^y(es)?$/i.test(answer.trim())) return { status: 'rejected', approver };
          levels.push({ ...(role ? { role } : {}), approver, at: new Date().toISOString() });
        }
        return { status: 'approved', approver, levels };
      } finally {
        rl.close();
      }
    },
  };
}
