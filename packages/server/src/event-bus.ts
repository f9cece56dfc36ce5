import type { Effect, Outcome, Principal, QueuedApproval } from '@portcullis/core';

/** What the live feed (`GET /v1/events`) carries. */
export type ServerEvent =
  | {
      /** A call was judged. */
      type: 'verdict';
      /** The verdict id. */
      id: string;
      /** When, ISO 8601. */
      at: string;
      /** The tool called. */
      tool: string;
      /** Who called it; null when the call carried no identity. */
      principal: Principal | null;
      /** The verdict's effect. */
      effect: Effect;
      /** The guard whose decision set the effect. */
      guard: string;
      /** The verdict's reason. */
      reason: string;
      /** Content hash of the policy that judged. */
      policyVersion: string;
    }
  | {
      /** A call was settled. */
      type: 'outcome';
      /** The verdict id. */
      id: string;
      /** When, ISO 8601. */
      at: string;
      /** The tool called. */
      tool: string;
      /** The verdict's effect. */
      effect: Effect;
      /** How the call ended. */
      outcome: Outcome;
      /** The verdict's reason. */
      reason: string;
      /** Who approved or rejected; null when nobody did. */
      approver: string | null;
      /** Content hash of the policy that judged. */
      policyVersion: string;
    }
  | {
      /** An approval request changed. */
      type: 'approval';
      /** When, ISO 8601. */
      at: string;
      /** What happened to it. */
      change: 'requested' | 'approved' | 'rejected';
      /** The request as it stands now. */
      approval: QueuedApproval;
    }
  | {
      /** A new policy version became active. */
      type: 'policy';
      /** When, ISO 8601. */
      at: string;
      /** Its content hash. */
      version: string;
      /** The policy's `name`; null when it has none. */
      name: string | null;
      /** Where it came from: `initial`, `file`, `api` or `rollback`. */
      source: string;
    };

/** A small in-process publish/subscribe for the feed; a slow subscriber never delays a decision. */
export interface EventBus {
  /** Sends an event (stamped with `at` now) to every subscriber; a throwing subscriber is skipped. */
  publish(event: DistributiveOmitAt<ServerEvent>): void;
  /** Calls `listener` with every later event and its sequence number; returns the unsubscribe. */
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
