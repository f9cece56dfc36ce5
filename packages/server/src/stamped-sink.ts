import type { AuditRecord, AuditSink } from '@portcullis/core';

/** An audit record as the server writes it: with the version of the policy that judged the call. */
export type VersionedAuditRecord = AuditRecord & {
  /** Content hash of the policy that made the decision. */
  policyVersion: string;
};

/**
 * Wraps the server's sinks for one policy version: each record gets `policyVersion`, then goes
 * to every sink and to `observe` (the live feed and metrics). Closing is the server's job, not
 * an engine's: engines of older versions come and go while the sinks stay open.
 */
export function stampedSink(input: {
  sinks: readonly AuditSink[];
  version: string;
  observe: (record: VersionedAuditRecord) => void;
}): AuditSink {
  return {
    name: `versioned(${input.sinks.map((s) => s.name).join(', ')})`,
    async write(record) {
      const stamped: VersionedAuditRecord = { ...record, policyVersion: input.version };
      try {
        input.observe(stamped);
      } catch {
        // The feed is for people watching; it never affects the record.
      }
      await Promise.all(input.sinks.map((sink) => sink.write(stamped)));
    },
    healthy: () => input.sinks.every((sink) => sink.healthy?.() ?? true),
    async flush() {
      await Promise.all(input.sinks.map((sink) => sink.flush?.()));
    },
  };
}
