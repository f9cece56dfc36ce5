import type { PolicyEngine } from '@portcullis/core';
import { CallLedger } from './call-ledger.ts';

const ledgers = new WeakMap<PolicyEngine, CallLedger>();

/**
 * One ledger per engine, so `toolApproval`, `guardTools` and the middleware built separately on
 * the same engine still judge each call once. An unanswered approval is kept as long as the
 * policy's approval timeout.
 */
export function ledgerFor(engine: PolicyEngine): CallLedger {
  let ledger = ledgers.get(engine);
  if (!ledger) {
    ledger = new CallLedger({ engine, ttlMs: engine.policy.defaults.approvalTimeoutMs });
    ledgers.set(engine, ledger);
  }
  return ledger;
}
