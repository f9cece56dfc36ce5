import type { CallContext, PolicyInput } from '@portcullis/core';

/** Scope of 20 globs plus 10 argument rules: the "small" benchmark policy. */
export const smallPolicy: PolicyInput = {
  version: 1,
  defaults: { effect: 'deny' },
  guards: {
    scope: {
      allow: [
        'search_*',
        'get_*',
        'list_*',
        'read_*',
        'fetch_*',
        'lookup_*',
        'refund',
        'transfer_*',
        'send_email',
        'create_ticket',
        'update_ticket',
        'summarize_*',
      ],
      deny: ['drop_*', 'delete_*', 'truncate_*', 'exec_*', 'shell_*'],
      ask: ['send_email', 'wire_*', 'close_account'],
    },
  },
  rules: [
    {
      name: 'refund-limit',
      tools: ['refund'],
      when: { amount: { gt: 1000 } },
      effect: 'deny',
      reason: 'Refunds above $1000',
    },
    {
      name: 'refund-ask',
      tools: ['refund'],
      when: { amount: { gt: 200 } },
      effect: 'ask',
      reason: 'Refund needs approval',
    },
    {
      name: 'transfer-limit',
      tools: ['transfer_*'],
      when: { amount: { gt: 5000 } },
      effect: 'deny',
      reason: 'Too large',
    },
    {
      name: 'transfer-foreign',
      tools: ['transfer_*'],
      when: { currency: { notIn: ['USD', 'EUR'] } },
      effect: 'ask',
      reason: 'Foreign currency',
    },
    {
      name: 'external-email',
      tools: ['send_email'],
      when: { to: { matches: '@(?!example\\.com$)' } },
      effect: 'ask',
      reason: 'External recipient',
    },
    {
      name: 'ticket-priority',
      tools: ['create_ticket'],
      when: { priority: { eq: 'p0' } },
      effect: 'ask',
      reason: 'P0 tickets page people',
    },
    {
      name: 'search-words',
      tools: ['search_*'],
      when: { query: { containsAny: ['password', 'ssn'] } },
      effect: 'deny',
      reason: 'Sensitive search',
    },
    {
      name: 'bulk-read',
      tools: ['read_*'],
      when: { limit: { gt: 1000 } },
      effect: 'deny',
      reason: 'Bulk read',
    },
    {
      name: 'line-items',
      tools: ['transfer_*'],
      when: { 'items[*].price': { gt: 900 } },
      effect: 'ask',
      reason: 'Pricey item',
    },
    {
      name: 'prod-ticket',
      tools: ['update_ticket'],
      when: { env: { eq: 'prod' }, status: { eq: 'closed' } },
      effect: 'ask',
      reason: 'Closing prod',
    },
  ],
};

/** 100 argument rules over 25 tools. */
export const hundredRulePolicy: PolicyInput = {
  version: 1,
  rules: Array.from({ length: 100 }, (_, i) => ({
    name: `rule-${i}`,
    tools: [`tool_${i % 25}`, `group_${i % 10}_*`],
    when: { amount: { gt: 1000 + i * 10 }, region: { in: ['eu', 'us', `r${i}`] } },
    effect: i % 3 === 0 ? ('deny' as const) : ('ask' as const),
    reason: `rule ${i}`,
  })),
};

const ctx = (tool: string, args: Record<string, unknown>): CallContext => ({ tool, args, source: 'direct' });

/** A mix of calls that exercises allow, deny and ask paths. */
export const smallCalls: CallContext[] = [
  ctx('refund', { amount: 50 }),
  ctx('refund', { amount: 1500 }),
  ctx('search_docs', { query: 'quarterly report' }),
  ctx('drop_table', { name: 'users' }),
  ctx('transfer_funds', { amount: 300, currency: 'USD', items: [{ price: 10 }, { price: 20 }] }),
  ctx('send_email', { to: 'a@example.com', body: 'hi' }),
  ctx('unknown_tool', {}),
  ctx('create_ticket', { priority: 'p2', title: 'x' }),
];

export const hundredCalls: CallContext[] = [
  ctx('tool_3', { amount: 500, region: 'eu' }),
  ctx('tool_7', { amount: 5000, region: 'us' }),
  ctx('group_4_write', { amount: 2000, region: 'apac' }),
  ctx('other', { amount: 1 }),
];

/** Every deterministic guard on, as a production policy would have them. */
export const realisticPolicy: PolicyInput = {
  version: 1,
  guards: {
    scope: smallPolicy.guards?.scope ?? {},
    rateLimit: {
      perMinute: 1_000_000_000,
      perToolPerMinute: 1_000_000_000,
      maxIdenticalCalls: 1_000_000_000,
    },
    budget: { costs: { 'search_*': 0.001, 'transfer_*': 0.01 }, maxDailySpend: 1e12, maxCallCost: 5 },
    purchase: { tools: ['buy_*'], maxSingle: 500, maxDaily: 1e12 },
    deletion: { tools: ['delete_*'], protect: ['inbox'], maxBulk: 10 },
    sensitiveData: { action: 'redact' },
    network: { urlArgs: 'auto' },
    filesystem: { roots: ['.'] },
  },
  rules: smallPolicy.rules ?? [],
};

const paragraph =
  'Please summarise the attached quarterly report for the finance team, highlight revenue by region, ' +
  'compare it with the previous quarter and list the three largest variances with a short explanation. ';

/** Calls whose arguments are about 1 KB of JSON each, with the odd URL, path and email in them. */
export const realisticCalls: CallContext[] = [
  ctx('search_docs', {
    query: paragraph.repeat(4),
    filters: { region: ['emea', 'apac'], year: 2026 },
    limit: 20,
  }),
  ctx('transfer_funds', {
    amount: 300,
    currency: 'USD',
    memo: paragraph.repeat(3),
    items: [
      { price: 10, sku: 'A-1' },
      { price: 20, sku: 'B-2' },
    ],
    callbackUrl: 'https://hooks.example.com/transfer',
  }),
  ctx('get_report', { path: 'reports/q3/summary.md', format: 'markdown', notes: paragraph.repeat(4) }),
  ctx('send_email', { to: 'finance@example.com', subject: 'Q3 summary', body: paragraph.repeat(4) }),
];
