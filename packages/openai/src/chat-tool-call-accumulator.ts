import type {
  ChatCompletionChunk,
  ChatCompletionMessage,
  ChatCompletionMessageToolCall,
} from 'openai/resources/chat/completions';

const MAX_CALLS = 1024;

interface StreamedCall {
  id: string;
  type: 'function' | 'custom';
  name: string;
  /** Function `arguments` or custom `input`, concatenated from the deltas. */
  text: string;
}

/**
 * Builds the tool calls of a streamed Chat Completion from its deltas, keyed by `index` as the
 * API streams them (the id, type and name arrive once; `arguments` arrive in pieces). A call is
 * complete once a later call starts or the choice finishes; `add` returns the calls each chunk
 * completed, so they can be evaluated while the stream goes on, and `message()` holds only
 * complete calls, so a cut-off stream never yields a half-written call.
 *
 * @example
 * const accumulator = new ChatToolCallAccumulator();
 * for await (const chunk of stream) accumulator.add(chunk);
 * const results = await evaluateToolCalls(accumulator.message(), { engine });
 */
export class ChatToolCallAccumulator {
  readonly #choice: number;
  readonly #calls: StreamedCall[] = [];
  #content = '';
  #refusal: string | null = null;
  #completed = 0;
  #finishReason: string | null = null;

  /** @param options.choice the choice to follow when the request asked for several (`n`); default 0. */
  constructor(options: { choice?: number } = {}) {
    this.#choice = options.choice ?? 0;
  }

  /** Whether the followed choice has finished (a `finish_reason` arrived). */
  get done(): boolean {
    return this.#finishReason !== null;
  }

  /** The choice's `finish_reason`, once it arrived. */
  get finishReason(): string | null {
    return this.#finishReason;
  }

  /** Adds one chunk; returns the tool calls it completed (often none). */
  add(chunk: ChatCompletionChunk): ChatCompletionMessageToolCall[] {
    const choice = chunk.choices?.find((candidate) => candidate.index === this.#choice);
    if (!choice) return [];
    const { delta } = choice;
    if (typeof delta?.content === 'string') this.#content += delta.content;
    if (typeof delta?.refusal === 'string') this.#refusal = (this.#refusal ?? '') + delta.refusal;
    for (const toolCall of delta?.tool_calls ?? []) {
      const { index } = toolCall;
      // A bounded index: a hostile or broken stream must not make a sparse array of a billion slots.
      if (!Number.isSafeInteger(index) || index < 0 || index >= MAX_CALLS) continue;
      const slot = this.#calls[index] ?? { id: '', type: 'function', name: '', text: '' };
      this.#calls[index] = slot;
      if (toolCall.id) slot.id = toolCall.id;
      if (toolCall.type) slot.type = toolCall.type;
      const { custom, function: fn } = toolCall;
      if (custom) slot.type = 'custom';
      const name = custom?.name ?? fn?.name;
      if (name) slot.name = name;
      const text = custom ? custom.input : fn?.arguments;
      if (typeof text === 'string') slot.text += text;
    }
    if (choice.finish_reason) this.#finishReason = choice.finish_reason;
    // Every call before the highest index seen has ended; all of them have once the choice finished.
    const complete = this.done ? this.#calls.length : Math.max(0, this.#calls.length - 1);
    const fresh = this.#calls.slice(this.#completed, complete);
    this.#completed = Math.max(this.#completed, complete);
    return fresh.filter((call) => call !== undefined).map(toToolCall);
  }

  /** The complete tool calls so far, in order. */
  toolCalls(): ChatCompletionMessageToolCall[] {
    return this.#calls
      .slice(0, this.#completed)
      .filter((call) => call !== undefined)
      .map(toToolCall);
  }

  /** The assistant message streamed so far, with only its complete tool calls. */
  message(): ChatCompletionMessage {
    const toolCalls = this.toolCalls();
    return {
      role: 'assistant',
      content: this.#content === '' && toolCalls.length > 0 ? null : this.#content,
      refusal: this.#refusal,
      ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    };
  }
}

function toToolCall(call: StreamedCall): ChatCompletionMessageToolCall {
  return call.type === 'custom'
    ? { id: call.id, type: 'custom', custom: { name: call.name, input: call.text } }
    : { id: call.id, type: 'function', function: { name: call.name, arguments: call.text } };
}
