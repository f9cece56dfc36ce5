import {
  type CallContext,
  canonicalJson,
  denialText,
  type PolicyEngine,
  type Principal,
  type ToolHints,
} from '@portcullis/core';
import { parseArguments } from './parse-arguments.ts';

/** Options of {@link guardRunnableTools}. */
export interface GuardRunnableToolsOptions {
  /** The engine that judges each call; its `approvals` handler decides `ask` verdicts. */
  engine: PolicyEngine;
  /** Who is acting, for every call through these tools. */
  principal?: Principal | undefined;
  /** Tool annotations by tool name, for guards that use them. */
  hints?: Readonly<Record<string, ToolHints>> | undefined;
}

type Callback = (args: unknown, runner: unknown, toolContext: unknown) => unknown;
type RunnerLike = { messages?: readonly unknown[] } | undefined;

/**
 * Guards the tools given to the SDK's `client.chat.completions.runTools()`: each call is judged by
 * `engine.run` before the tool's function runs (with the arguments after every modify; `ask`
 * goes to the engine's approver), and a call that does not run returns its denial as the tool
 * content, so the model reads why and the loop goes on. Works for runnable function tools
 * (`{ type: 'function', function: { function, parse?, parameters } }`) and for the SDK's
 * auto-parseable tools (`zodFunction`); other tools pass through unchanged. The tool-call id is
 * read from the runner's last assistant message (the SDK does not pass it to the function).
 *
 * @example
 * const runner = client.chat.completions.runTools({
 *   model: 'gpt-4.1-mini', messages,
 *   tools: guardRunnableTools([transferTool], { engine, principal: { userId: 'u-42' } }),
 * });
 * const answer = await runner.finalContent();
 */
export function guardRunnableTools<T extends object>(
  tools: readonly T[],
  options: GuardRunnableToolsOptions,
): T[] {
  return tools.map((tool) => guardRunnableTool(tool, options));
}

function guardRunnableTool<T extends object>(tool: T, options: GuardRunnableToolsOptions): T {
  const loose = tool as {
    type?: unknown;
    function?: { name?: string; function?: Callback };
    $brand?: unknown;
    $parseRaw?: unknown;
    $callback?: Callback;
  };
  if (loose.type !== 'function' || !loose.function) return tool;
  if (loose.$brand === 'auto-parseable-tool' && typeof loose.$callback === 'function') {
    const name = loose.function.name ?? '';
    // The SDK keeps these on non-enumerable properties; a spread would drop them.
    const copy = { ...tool };
    Object.defineProperties(copy, {
      $brand: { value: loose.$brand, enumerable: false },
      $parseRaw: { value: loose.$parseRaw, enumerable: false },
      $callback: { value: guardCallback(name, loose.$callback, options), enumerable: false },
    });
    return copy;
  }
  const fn = loose.function.function;
  if (typeof fn !== 'function') return tool;
  const name = loose.function.name || fn.name;
  return { ...tool, function: { ...loose.function, function: guardCallback(name, fn, options) } };
}

function guardCallback(name: string, fn: Callback, options: GuardRunnableToolsOptions): Callback {
  return async (input, runner, toolContext) => {
    // Without `parse` the SDK passes the raw JSON string; with it, whatever `parse` returned.
    const raw = typeof input === 'string';
    let args: Record<string, unknown>;
    if (raw) {
      const parsed = parseArguments(input);
      if (!parsed.ok) return denialText(name, { reason: parsed.reason }, 'blocked');
      args = parsed.args;
    } else {
      args = isPlainObject(input) ? input : { input };
    }
    const ctx: CallContext = {
      tool: name,
      args,
      callId: claimCallId(runner as RunnerLike, name, raw ? input : undefined),
      source: 'openai',
      principal: options.principal,
      hints: options.hints && Object.hasOwn(options.hints, name) ? options.hints[name] : undefined,
    };
    const result = await options.engine.run(ctx, (finalArgs) => {
      const unchanged = canonicalJson(finalArgs) === canonicalJson(args);
      const given = unchanged
        ? input
        : raw
          ? JSON.stringify(finalArgs)
          : isPlainObject(input)
            ? finalArgs
            : finalArgs['input'];
      return fn(given, runner, toolContext);
    });
    if (result.outcome === 'executed') return result.result;
    return denialText(name, result.verdict, result.outcome);
  };
}

// Call ids already given out, per assistant message: parallel calls to one tool get one id each.
const claimed = new WeakMap<object, Set<string>>();

/** The id of this call in the runner's last assistant message: the first unclaimed call of this tool (same raw arguments preferred). */
function claimCallId(runner: RunnerLike, name: string, raw: string | undefined): string | undefined {
  const messages = Array.isArray(runner?.messages) ? runner.messages : [];
  const message = messages.findLast(
    (
      m,
    ): m is { tool_calls: { id: string; type?: string; function?: { name: string; arguments: string } }[] } =>
      isPlainObject(m) && m['role'] === 'assistant' && Array.isArray(m['tool_calls']),
  );
  if (!message) return undefined;
  const taken = claimed.get(message) ?? new Set<string>();
  claimed.set(message, taken);
  const open = message.tool_calls.filter((call) => call.function?.name === name && !taken.has(call.id));
  const match = open.find((call) => call.function?.arguments === raw) ?? open[0];
  if (match) taken.add(match.id);
  return match?.id;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
