import type { Effect, Outcome, Principal, QueuedApproval } from '@portcullis/core';

/** What the live feed (`GET /v1/events`) carries. */
export type ServerEvent =
  | {
      type: 'verdict';
      id: string;
      at: string;
      tool: string;
      principal: Principal | null;
      effect: Effect;
      /** The guard whose decision set the effect. */
      guard: string;
      reason: string;
      policyVersion: string;
    }
  | {
      type: 'outcome';
      id: string;
      at: string;
      tool: string;
      effect: Effect;
      outcome: Outcome;
      reason: string;
      approver: string | null;
      policyVersion: string;
    }
  | { type: 'approval'; at: string; change: 'requested' | 'approved' | 'rejected'; approval: QueuedApproval }
  | { type: 'policy'; at: string; version: string; name: string | null; source: string };

/** A small in-process publish/subscribe for the feed; a slow subscriber never delays a decision. */
export interface EventBus {
  publish(event: DistributiveOmitAt<ServerEvent>): void;
  subscribe(listener: (event: ServerEvent, seq: number) => void): () => void;
}

type DistributiveOmitAt<T> = T extends unknown ? Omit<T, 'at'> : never;

export function eventBus(): EventBus {
  const listeners = new Set<(event: ServerEvent, seq: number) => void>();
  let seq = 0;
  return {
    publish(event) {
      seq += 1;
      const full = { ...event, at: new Date().toISOString() } as ServerEvent;
      for (const listener of listeners) {
        try {
          listener(full, seq);
        } catch {
          // A broken subscriber must not stop the others or the call.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
