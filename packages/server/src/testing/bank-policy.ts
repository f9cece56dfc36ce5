/** The banking policy the server's tests run: a deny, an ask, an allow and a budget. */
export const BANK_POLICY = `version: 1
name: bank
defaults:
  effect: deny
guards:
  scope:
    allow: [transfer_funds, get_balance, "buy_*"]
    deny: [close_account]
  budget:
    tools: ["buy_*"]
    costArg: price
    maxDailySpend: 100
rules:
  - name: new-payee-limit
    tools: [transfer_funds]
    when:
      amount: { gt: 1000 }
      to: { notIn: [savings, landlord] }
    effect: deny
    reason: Transfers over $1,000 to a new payee are never automatic
  - name: large-transfer-approval
    tools: [transfer_funds]
    when:
      amount: { gt: 1000 }
    effect: ask
    reason: Transfers over $1,000 need a human approval
`;

/** The banking agent acting for user u-42, as the tests call. */
export const BANK_PRINCIPAL = { agentId: 'banking-agent', userId: 'u-42' };

/** A `transfer_funds` call of `amount` to `to` by {@link BANK_PRINCIPAL}. */
export const transfer = (amount: number, to: string) => ({
  tool: 'transfer_funds',
  args: { amount, to },
  principal: BANK_PRINCIPAL,
});
