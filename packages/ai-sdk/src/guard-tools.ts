import { type PolicyEngine, type Principal, ToolCallDeniedError, type Verdict } from '@portcullis/core';
import type { ToolExecutionOptions, ToolSet } from 'ai';
import { GUARDED, isGuardedTool, toCallContext } from './call-context.ts';
import type { LedgerEntry } from './call-ledger.ts';
import { ledgerFor } from './ledger-for.ts';
import { relay } from './stream-relay.ts';

/** Options of {@link guardTools}. */
export interface GuardToolsOptions {
  /** The engine that judges each call. */
  engine: PolicyEngine;
  /** Identity for calls `toolApproval` did not see (it reads identity from the run's `runtimeContext`). */
  principal?: Principal;
}

type Execute = (input: unknown, options: ToolExecutionOptions<unknown>) => unknown;

const isObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);

// `async function*` tools stream (the SDK emits each yielded value as a preliminary result); the
// wrapper must be one too, since the SDK looks at what execute returns before anything resolves.
const isStreaming = (fn: Execute) => Object.prototype.toString.call(fn) === '[object AsyncGeneratorFunction]';

function refuse(
  tool: string,
  verdict: Verdict,
  outcome: 'blocked' | 'rejected' | 'expired',
  reason?: string,
): never {
  throw new ToolCallDeniedError(tool, reason === undefined ? verdict : { ...verdict, reason }, outcome);
}

/**
 * Wraps each tool's `execute` so every call is judged before it runs, whoever calls it: a call
 * `toolApproval` already judged runs with that verdict (modify → the rewritten args, an approved
 * ask → once, for the exact args approved); any other call (a custom loop, a sub-agent, code
 * calling the tool) is judged here, asks going to the engine's approval handler. The verdict is
 * settled with the real outcome (`executed`, or `failed` with the tool's error). A call that may
 * not run throws a `ToolCallDeniedError`, which the SDK hands the model as the tool's error.
 * Streaming tools (`async function*`) stay streaming. Tools without `execute` pass unchanged.
 *
 * @example
 * const tools = guardTools({ transfer_funds: tool({ inputSchema, execute }) }, { engine });
 */
export function guardTools<TOOLS extends ToolSet>(tools: TOOLS, options: GuardToolsOptions): TOOLS {
  const ledger = ledgerFor(options.engine);
  const guarded: Record<string, unknown> = {};
  for (const [name, tool] of Object.entries(tools)) {
    const original = (tool as { execute?: Execute }).execute;
    if (typeof original !== 'function' || isGuardedTool(tool)) {
      guarded[name] = tool;
      continue;
    }
    const call = (input: unknown, execOptions: ToolExecutionOptions<unknown>) =>
      original.call(tool, input, execOptions);

    /** Judges the call (or takes toolApproval's verdict), runs `exec` with the args to use, settles. */
    const runGuarded = async <T>(
      input: unknown,
      execOptions: ToolExecutionOptions<unknown>,
      exec: (input: unknown) => Promise<T>,
    ): Promise<T> => {
      const ctx = toCallContext({
        toolName: name,
        toolCallId: execOptions.toolCallId,
        input,
        principal: options.principal,
      });
      // Non-object input is judged as { input }: hand the tool back the same shape.
      const unwrap = (args: Record<string, unknown>) => (isObject(input) ? args : args['input']);
      const judged = ledger.byId(execOptions.toolCallId);
      const entry =
        judged &&
        ledger.find({ ...ctx, ...(judged.ctx.principal ? { principal: judged.ctx.principal } : {}) });
      if (!entry) {
        const result = await options.engine.run(ctx, (args) => exec(unwrap(args)));
        if (result.outcome === 'executed') return result.result;
        return refuse(name, result.verdict, result.outcome);
      }
      return runJudged(entry, () => exec(unwrap(entry.verdict.args)));
    };

    const runJudged = async <T>(entry: LedgerEntry, exec: () => Promise<T>): Promise<T> => {
      const { verdict } = entry;
      if (verdict.effect === 'deny') {
        await ledger.settle(entry, 'blocked');
        return refuse(name, verdict, 'blocked');
      }
      if (entry.outcome !== undefined || entry.started) {
        return refuse(name, verdict, 'blocked', 'This call was already settled and does not run again');
      }
      if (verdict.effect === 'ask' && entry.approver === undefined) {
        await ledger.settle(entry, 'blocked');
        return refuse(name, verdict, 'blocked', `${verdict.reason} (no approval was given)`);
      }
      entry.started = true;
      try {
        const value = await exec();
        await ledger.settle(entry, 'executed');
        return value;
      } catch (error) {
        await ledger.settle(entry, 'failed', { error });
        throw error;
      }
    };

    const execute = isStreaming(original)
      ? (input: unknown, execOptions: ToolExecutionOptions<unknown>) =>
          relay<unknown>((push) =>
            runGuarded(input, execOptions, async (args) => {
              for await (const value of call(args, execOptions) as AsyncIterable<unknown>) await push(value);
            }),
          )
      : (input: unknown, execOptions: ToolExecutionOptions<unknown>) =>
          runGuarded(input, execOptions, async (args) => call(args, execOptions));
    guarded[name] = Object.defineProperty({ ...tool, execute }, GUARDED, { value: true });
  }
  return guarded as TOOLS;
}
