// The decisions every engine in the peer comparison must make: the small policy (a scope of 20
// globs plus 10 argument rules) and the 100-rule policy, each with inputs that reach every rule.
import type { CallContext, PolicyInput } from '@portcullis/core';
import { hundredCalls, hundredRulePolicy, smallCalls, smallPolicy } from './policies.ts';

/** The three outcomes every engine is asked to tell apart. */
export type Outcome = 'allow' | 'deny' | 'ask';

/** One policy and the calls each engine judges. */
export interface PeerCase {
  /** Short key: `small` or `hundred`. */
  key: 'small' | 'hundred';
  /** Row label in the tables. */
  title: string;
  /** The Portcullis policy; the peers' policies are written to decide the same. */
  policy: PolicyInput;
  /** Every call judged, in the order the timed loop cycles through them. */
  calls: CallContext[];
}

const ctx = (tool: string, args: Record<string, unknown>): CallContext => ({ tool, args, source: 'direct' });

/** The small policy's calls: the engine bench's eight plus one or more per list and rule. */
const smallPeerCalls: CallContext[] = [
  ...smallCalls,
  ctx('refund', { amount: 500 }),
  ctx('transfer_funds', { amount: 6000, currency: 'USD' }),
  ctx('transfer_funds', { amount: 100, currency: 'GBP' }),
  ctx('transfer_funds', { amount: 100, currency: 'EUR', items: [{ price: 20 }, { price: 950 }] }),
  ctx('transfer_funds', { amount: 100 }),
  ctx('send_email', { to: 'mallory@example.org', body: 'hi' }),
  ctx('create_ticket', { priority: 'p0', title: 'outage' }),
  ctx('update_ticket', { env: 'prod', status: 'closed' }),
  ctx('update_ticket', { env: 'staging', status: 'closed' }),
  ctx('search_users', { query: 'Reset PASSWORD for bob' }),
  ctx('search_users', { query: 'ssn of the customer' }),
  ctx('read_rows', { table: 'orders', limit: 5000 }),
  ctx('read_rows', { table: 'orders', limit: 50 }),
  ctx('get_invoice', { id: 'inv_1' }),
  ctx('list_orders', { page: 2 }),
  ctx('fetch_page', { url: 'https://example.com' }),
  ctx('lookup_customer', { id: 42 }),
  ctx('summarize_thread', { id: 7 }),
  ctx('wire_money', { amount: 10 }),
  ctx('close_account', { id: 3 }),
  ctx('delete_user', { id: 3 }),
  ctx('truncate_logs', {}),
  ctx('exec_sql', { sql: 'select 1' }),
  ctx('shell_run', { command: 'ls' }),
];

/** The 100-rule policy's calls: first match wins, so some reach an ask rule before a deny rule. */
const hundredPeerCalls: CallContext[] = [
  ...hundredCalls,
  ctx('tool_0', { amount: 2000, region: 'eu' }),
  ctx('tool_5', { amount: 1100, region: 'us' }),
  ctx('tool_24', { amount: 1999, region: 'us' }),
  ctx('tool_24', { amount: 1999, region: 'r99' }),
  ctx('tool_24', { amount: 9999, region: 'r99' }),
  ctx('group_2_sync', { amount: 3000, region: 'r12' }),
  ctx('group_9_export', { amount: 1195, region: 'r19' }),
  ctx('group_9_export', { amount: 1095, region: 'eu' }),
  ctx('group_0_', { amount: 1001, region: 'us' }),
  ctx('tool_12', { amount: 50_000, region: 'apac' }),
  ctx('tool_12', { region: 'eu' }),
];

/** Both cases, small first. */
export const peerCases: PeerCase[] = [
  {
    key: 'small',
    title: 'scope 20 globs + 10 rules',
    policy: smallPolicy,
    calls: smallPeerCalls,
  },
  {
    key: 'hundred',
    title: '100 rules',
    policy: hundredRulePolicy,
    calls: hundredPeerCalls,
  },
];

/** A call as one table cell: `refund {"amount":500}`. */
export function describeCall(call: CallContext): string {
  const args = JSON.stringify(call.args);
  return `${call.tool} ${args.length > 48 ? `${args.slice(0, 45)}…` : args}`;
}
