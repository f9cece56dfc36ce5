import { type CallbackAnswer, callbackApprover, createEngine, parsePolicy } from '@portcullis/core';
import { collectingSink } from '@portcullis/core/testing';

/** The banking policy of the examples, plus card-number redaction and a namespaced and an MCP tool. */
export const policy = parsePolicy(`
version: 1
defaults: { effect: deny }
audit: { includeArgs: true }
guards:
  scope:
    allow: [transfer_funds, get_balance, run_sql, "docs__*", "crm__*"]
    deny: ["delete_*"]
  sensitiveData: { pii: [CREDIT_CARD], secrets: false, sensitiveFields: [], action: redact }
rules:
  - name: new-payee-limit
    tools: [transfer_funds]
    when: { amount: { gt: 1000 }, to: { notIn: [savings, landlord, payroll] } }
    effect: deny
    reason: Transfers over $1,000 to a payee not on file are never automatic
  - name: large-transfer-approval
    tools: [transfer_funds]
    when: { amount: { gt: 1000 } }
    effect: ask
    reason: Transfers over $1,000 need a human approval
  - name: mcp-delete
    tools: ["docs__delete_*"]
    effect: deny
    reason: Documents are never deleted by an agent
`);

/**
 * An engine with an in-memory audit, and an approver that answers as told (and records what it
 * was asked); `null` for no approver.
 */
export function bankEngine(answer: CallbackAnswer | null = true) {
  const audit = collectingSink();
  const asked: { tool: string; args: Record<string, unknown> }[] = [];
  const approvals =
    answer === null
      ? undefined
      : callbackApprover((request) => {
          asked.push({ tool: request.tool, args: request.args });
          return answer;
        });
  const engine = createEngine({ policy, audit, ...(approvals ? { approvals } : {}) });
  return { engine, audit, asked, approvals };
}

/** The bank's tool: records every transfer it really made. */
export function bank() {
  const sent: Record<string, unknown>[] = [];
  const transfer = (args: Record<string, unknown>) => {
    sent.push(args);
    return { ok: true, sent: args['amount'], to: args['to'] };
  };
  return { sent, transfer };
}

/** The outcome of each audited call: [callId, outcome]. */
export function outcomes(records: readonly { callId?: string; outcome: string }[]) {
  return records.map((record) => [record.callId, record.outcome]);
}

/** The message `JSON.parse` throws for this text, on this Node version. */
export function parseError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} parses`);
}

export const chatTools = [
  { type: 'function' as const, function: { name: 'transfer_funds', parameters: { type: 'object' } } },
  { type: 'function' as const, function: { name: 'get_balance', parameters: { type: 'object' } } },
  { type: 'custom' as const, custom: { name: 'run_sql' } },
];
