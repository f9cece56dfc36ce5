// The benchmark policies written for @microsoft/agent-governance-sdk's PolicyEngine (rich policy
// documents, evaluatePolicy). Its conditions compare one context value at a time (==, !=, <, >,
// in, not in, and, or — no parentheses, no glob, prefix, substring or regex operator), so tool
// globs are matched against the name's `_`-terminated prefixes and three facts come pre-computed
// (see peer-facts.ts). Ask maps to `require_approval`.
import {
  ConflictResolutionStrategy,
  type PolicyAction,
  PolicyEngine,
  type PolicyRule,
} from '@microsoft/agent-governance-sdk';
import type { CallContext } from '@portcullis/core';
import type { Outcome, PeerCase } from './peer-cases.ts';
import { deriveFacts, toolPrefix } from './peer-facts.ts';

const list = (items: readonly string[]) => `[${items.map((item) => `'${item}'`).join(', ')}]`;

// Deny beats ask beats allow, as Portcullis combines its guards: the highest priority wins.
const DENY = 3;
const ASK = 2;
const ALLOW = 1;

const rule = (name: string, condition: string, ruleAction: PolicyAction, priority: number): PolicyRule => ({
  name,
  condition,
  ruleAction,
  priority,
});

/** The small policy: scope lists as three rules, then the ten argument rules. */
function smallRules(): PolicyRule[] {
  const allowPrefixes = ['search_', 'get_', 'list_', 'read_', 'fetch_', 'lookup_', 'transfer_', 'summarize_'];
  const allowNames = ['refund', 'send_email', 'create_ticket', 'update_ticket'];
  return [
    rule(
      'scope-deny',
      `prefix1 in ${list(['drop_', 'delete_', 'truncate_', 'exec_', 'shell_'])}`,
      'deny',
      DENY,
    ),
    rule(
      'scope-ask',
      `tool in ${list(['send_email', 'close_account'])} or prefix1 == 'wire_'`,
      'require_approval',
      ASK,
    ),
    rule('scope-allow', `tool in ${list(allowNames)} or prefix1 in ${list(allowPrefixes)}`, 'allow', ALLOW),
    rule('refund-limit', `tool == 'refund' and args.amount > 1000`, 'deny', DENY),
    rule('refund-ask', `tool == 'refund' and args.amount > 200`, 'require_approval', ASK),
    rule('transfer-limit', `prefix1 == 'transfer_' and args.amount > 5000`, 'deny', DENY),
    rule(
      'transfer-foreign',
      // A bare path is a truthiness test: Portcullis's notIn fails on an absent value.
      `prefix1 == 'transfer_' and args.currency and args.currency not in ['USD', 'EUR']`,
      'require_approval',
      ASK,
    ),
    rule(
      'external-email',
      `tool == 'send_email' and facts.externalRecipient == true`,
      'require_approval',
      ASK,
    ),
    rule('ticket-priority', `tool == 'create_ticket' and args.priority == 'p0'`, 'require_approval', ASK),
    rule('search-words', `prefix1 == 'search_' and facts.sensitiveQuery == true`, 'deny', DENY),
    rule('bulk-read', `prefix1 == 'read_' and args.limit > 1000`, 'deny', DENY),
    rule('line-items', `prefix1 == 'transfer_' and facts.maxItemPrice > 900`, 'require_approval', ASK),
    rule(
      'prod-ticket',
      `tool == 'update_ticket' and args.env == 'prod' and args.status == 'closed'`,
      'require_approval',
      ASK,
    ),
  ];
}

/**
 * The 100-rule policy: first match wins, so priority falls with the rule's index. Each rule's
 * `tool_k or group_j_*` becomes two conjunctions joined by `or` (the language has no parentheses).
 */
function hundredRules(): PolicyRule[] {
  return Array.from({ length: 100 }, (_, i) => {
    const when = `args.amount > ${1000 + i * 10} and args.region in ${list(['eu', 'us', `r${i}`])}`;
    return rule(
      `rule-${i}`,
      `tool == 'tool_${i % 25}' and ${when} or prefix2 == 'group_${i % 10}_' and ${when}`,
      i % 3 === 0 ? 'deny' : 'require_approval',
      1000 - i,
    );
  });
}

const outcomes: Record<PolicyAction, Outcome> = {
  allow: 'allow',
  deny: 'deny',
  require_approval: 'ask',
  // Neither policy uses these; a result that is neither allow nor ask must not run the call.
  warn: 'deny',
  log: 'deny',
};

/** A synchronous decider over the agent-governance SDK's PolicyEngine for one case. */
export function agtDecider(peerCase: PeerCase): (call: CallContext) => Outcome {
  const engine = new PolicyEngine([], ConflictResolutionStrategy.PriorityFirstMatch);
  engine.loadPolicy({
    name: `bench-${peerCase.key}`,
    rules: peerCase.key === 'small' ? smallRules() : hundredRules(),
    default_action: peerCase.key === 'small' ? 'deny' : 'allow',
  });
  const facts = peerCase.key === 'small';
  return (call) => {
    const context: Record<string, unknown> = {
      tool: call.tool,
      prefix1: toolPrefix(call.tool, 1),
      prefix2: toolPrefix(call.tool, 2),
      args: call.args,
    };
    if (facts) context['facts'] = deriveFacts(call);
    return outcomes[engine.evaluatePolicy('did:bench:agent', context).action];
  };
}
