import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BudgetGauge } from './budget-usage.ts';

/** The server's Prometheus metrics, in a registry of their own (not prom-client's global one). */
export interface ServerMetrics {
  registry: Registry;
  /** Counts a verdict: one per decision by effect and guard, plus its latency. */
  verdict(input: {
    effect: string;
    decisions: readonly { effect: string; guard: string }[];
    durationMs: number;
  }): void;
  outcome(outcome: string): void;
}

/**
 * Builds the metrics. Pending approvals and budget use are read when Prometheus scrapes, from
 * the same sources the API answers from.
 */
export function serverMetrics(input: {
  pendingApprovals: () => Promise<number>;
  budget: () => Promise<BudgetGauge[]>;
  policyVersion: () => string;
}): ServerMetrics {
  const registry = new Registry();
  const verdicts = new Counter({
    name: 'portcullis_verdicts_total',
    help: 'Verdicts by final effect.',
    labelNames: ['effect'] as const,
    registers: [registry],
  });
  const decisions = new Counter({
    name: 'portcullis_decisions_total',
    help: 'Guard decisions by effect and guard.',
    labelNames: ['effect', 'guard'] as const,
    registers: [registry],
  });
  const outcomes = new Counter({
    name: 'portcullis_outcomes_total',
    help: 'Settled calls by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'portcullis_evaluation_duration_seconds',
    help: 'Time the engine took to judge a call.',
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  new Gauge({
    name: 'portcullis_pending_approvals',
    help: 'Approval requests waiting for an answer.',
    registers: [registry],
    async collect() {
      this.set(await input.pendingApprovals());
    },
  });
  const budgetLabels = ['limit', 'owner', 'window'] as const;
  for (const [name, help, field] of [
    ['portcullis_budget_used', 'Budget spent or held in the current window.', 'used'],
    ['portcullis_budget_limit', 'Budget limit of the window.', 'max'],
  ] as const) {
    new Gauge({
      name,
      help,
      labelNames: budgetLabels,
      registers: [registry],
      async collect() {
        this.reset();
        for (const gauge of await input.budget()) {
          this.set({ limit: gauge.limit, owner: gauge.owner, window: gauge.window }, gauge[field]);
        }
      },
    });
  }
  new Gauge({
    name: 'portcullis_policy_info',
    help: 'The policy version in force (label), always 1.',
    labelNames: ['version'] as const,
    registers: [registry],
    collect() {
      this.reset();
      this.set({ version: input.policyVersion() }, 1);
    },
  });
  return {
    registry,
    verdict(verdict) {
      verdicts.inc({ effect: verdict.effect });
      for (const decision of verdict.decisions)
        decisions.inc({ effect: decision.effect, guard: decision.guard });
      latency.observe(verdict.durationMs / 1000);
    },
    outcome(outcome) {
      outcomes.inc({ outcome });
    },
  };
}
