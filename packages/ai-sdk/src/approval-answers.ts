/** A human's answer to an approval request, read from the messages a run resumes with. */
export interface ApprovalAnswer {
  approved: boolean;
  reason?: string;
}

type Part = { type?: unknown; [key: string]: unknown };

const partsOf = (message: unknown): Part[] => {
  const content = (message as { content?: unknown } | null)?.content;
  return Array.isArray(content) ? (content as Part[]) : [];
};

/**
 * The answers to approval requests in the last message (a `tool` message when a run resumes
 * after a human answered), by tool-call id. Requests the SDK approved or denied by itself
 * (`isAutomatic`, i.e. from a `toolApproval` status) are not human answers and are skipped.
 */
export function approvalAnswers(messages: readonly unknown[]): Map<string, ApprovalAnswer> {
  const answers = new Map<string, ApprovalAnswer>();
  const last = messages.at(-1) as { role?: unknown } | undefined;
  if (last?.role !== 'tool') return answers;
  const requests = new Map<string, string>();
  for (const message of messages) {
    if ((message as { role?: unknown }).role !== 'assistant') continue;
    for (const part of partsOf(message)) {
      if (part.type !== 'tool-approval-request' || part['isAutomatic'] === true) continue;
      const { approvalId, toolCallId } = part;
      if (typeof approvalId === 'string' && typeof toolCallId === 'string')
        requests.set(approvalId, toolCallId);
    }
  }
  for (const part of partsOf(last)) {
    if (part.type !== 'tool-approval-response' || typeof part['approvalId'] !== 'string') continue;
    const toolCallId = requests.get(part['approvalId']);
    if (toolCallId === undefined) continue;
    const reason = part['reason'];
    answers.set(toolCallId, {
      approved: part['approved'] === true,
      ...(typeof reason === 'string' ? { reason } : {}),
    });
  }
  return answers;
}

/**
 * Tool-call ids whose result in a model prompt is `execution-denied`: the SDK's answer for a
 * call a human rejected, passed to the model on the next step.
 */
export function deniedExecutions(prompt: readonly unknown[]): string[] {
  const ids: string[] = [];
  for (const message of prompt) {
    if ((message as { role?: unknown }).role !== 'tool') continue;
    for (const part of partsOf(message)) {
      const output = part['output'] as { type?: unknown } | undefined;
      if (
        part.type === 'tool-result' &&
        output?.type === 'execution-denied' &&
        typeof part['toolCallId'] === 'string'
      )
        ids.push(part['toolCallId']);
    }
  }
  return ids;
}
