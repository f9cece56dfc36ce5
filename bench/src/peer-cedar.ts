// The benchmark policies written in Cedar, evaluated by @cedar-policy/cedar-wasm (its `./nodejs` build, which loads the .wasm synchronously)
// from a pre-parsed policy set. Cedar decides permit/forbid; "ask" is a permit policy whose id
// starts with `ask-`, read from the response's determining policies, so one authorisation call
// answers all three outcomes. Tool globs are `like` patterns on `context.tool`; Cedar has no
// regex (the email rule is written with `like`), no lower-casing and no "any element of a list",
// so `queryLower` and `maxItemPrice` come pre-computed (see peer-facts.ts).
import { type Context, preparsePolicySet, statefulIsAuthorized } from '@cedar-policy/cedar-wasm/nodejs';
import type { CallContext } from '@portcullis/core';
import type { Outcome, PeerCase } from './peer-cases.ts';
import { deriveFacts } from './peer-facts.ts';

const anyOf = (tests: string[]) => tests.join(' || ');
const like = (glob: string) => `context.tool like "${glob}"`;
const is = (name: string) => `context.tool == "${name}"`;
const has = (attr: string) => `context.args has ${attr}`;
const policy = (effect: 'permit' | 'forbid', when: string) =>
  `${effect} (principal, action, resource) when { ${when} };`;

/** The small policy: scope lists and the ten rules, one Cedar policy each. */
function smallPolicies(): Record<string, string> {
  const allow = [
    ...['search_*', 'get_*', 'list_*', 'read_*', 'fetch_*', 'lookup_*', 'transfer_*', 'summarize_*'].map(
      like,
    ),
    ...['refund', 'send_email', 'create_ticket', 'update_ticket'].map(is),
  ];
  const transfer = like('transfer_*');
  return {
    'scope-deny': policy(
      'forbid',
      anyOf(['drop_*', 'delete_*', 'truncate_*', 'exec_*', 'shell_*'].map(like)),
    ),
    'ask-scope': policy('permit', anyOf([is('send_email'), like('wire_*'), is('close_account')])),
    'scope-allow': policy('permit', anyOf(allow)),
    'refund-limit': policy('forbid', `${is('refund')} && ${has('amount')} && context.args.amount > 1000`),
    'ask-refund': policy('permit', `${is('refund')} && ${has('amount')} && context.args.amount > 200`),
    'transfer-limit': policy('forbid', `${transfer} && ${has('amount')} && context.args.amount > 5000`),
    'ask-transfer-foreign': policy(
      'permit',
      `${transfer} && ${has('currency')} && !(["USD", "EUR"].contains(context.args.currency))`,
    ),
    'ask-external-email': policy(
      'permit',
      `${is('send_email')} && ${has('to')} && context.args.to like "*@*" && !(context.args.to like "*@example.com")`,
    ),
    'ask-ticket-priority': policy(
      'permit',
      `${is('create_ticket')} && ${has('priority')} && context.args.priority == "p0"`,
    ),
    'search-words': policy(
      'forbid',
      `${like('search_*')} && (context.queryLower like "*password*" || context.queryLower like "*ssn*")`,
    ),
    'bulk-read': policy('forbid', `${like('read_*')} && ${has('limit')} && context.args.limit > 1000`),
    'ask-line-items': policy('permit', `${transfer} && context.maxItemPrice > 900`),
    'ask-prod-ticket': policy(
      'permit',
      `${is('update_ticket')} && ${has('env')} && ${has('status')} && context.args.env == "prod" && context.args.status == "closed"`,
    ),
  };
}

/**
 * The 100-rule policy. Cedar has no rule order, so each rule is a permit policy named `rule-<i>`;
 * the lowest-numbered determining policy is the first match, and its effect is read from a table.
 * A call no rule matches is allowed, as Portcullis's default is.
 */
function hundredPolicies(): Record<string, string> {
  const policies: Record<string, string> = { default: 'permit (principal, action, resource);' };
  for (let i = 0; i < 100; i++) {
    policies[`rule-${i}`] = policy(
      'permit',
      `(${is(`tool_${i % 25}`)} || ${like(`group_${i % 10}_*`)}) && ${has('amount')} && context.args.amount > ${1000 + i * 10} && ${has('region')} && ["eu", "us", "r${i}"].contains(context.args.region)`,
    );
  }
  return policies;
}

const hundredEffects: Outcome[] = Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 'deny' : 'ask'));

const entity = (type: string, id: string) => ({ type, id });
const principal = entity('Agent', 'bench');
const action = entity('Action', 'call');

/** Small policy: any determining `ask-…` permit makes an allow an ask. */
function readSmall(reason: readonly string[]): Outcome {
  for (const policyId of reason) if (policyId.startsWith('ask-')) return 'ask';
  return 'allow';
}

/** 100-rule policy: the lowest-numbered determining rule decides; none means the default allow. */
function readHundred(reason: readonly string[]): Outcome {
  let first = 100;
  for (const policyId of reason) {
    if (!policyId.startsWith('rule-')) continue;
    const index = Number(policyId.slice(5));
    if (index < first) first = index;
  }
  return hundredEffects[first] ?? 'allow';
}

/** A synchronous decider over cedar-wasm's stateful (pre-parsed) authoriser for one case. */
export function cedarDecider(peerCase: PeerCase): (call: CallContext) => Outcome {
  const id = `bench-${peerCase.key}`;
  const small = peerCase.key === 'small';
  const parsed = preparsePolicySet(id, { staticPolicies: small ? smallPolicies() : hundredPolicies() });
  if (parsed.type !== 'success') throw new Error(`Cedar policy: ${JSON.stringify(parsed.errors)}`);
  const read = small ? readSmall : readHundred;
  return (call) => {
    const context: Record<string, unknown> = { tool: call.tool, args: call.args };
    if (small) {
      const facts = deriveFacts(call);
      context['queryLower'] = facts.queryLower;
      context['maxItemPrice'] = facts.maxItemPrice;
    }
    const answer = statefulIsAuthorized({
      principal,
      action,
      resource: entity('Tool', call.tool),
      context: context as Context,
      preparsedPolicySetId: id,
      entities: [],
    });
    // Fail closed: an authoriser failure never lets the call run.
    if (answer.type !== 'success') return 'deny';
    const { decision, diagnostics } = answer.response;
    return decision === 'deny' ? 'deny' : read(diagnostics.reason);
  };
}
