import { PortcullisError } from '../errors/portcullis-error.ts';
import type { StateStore } from '../state/state-store.ts';
import { sleep } from '../util/sleep.ts';
import type { ApprovalHandler, ApprovalLevel, ApprovalResponse } from './approval-handler.ts';
import { type ApprovalPayload, approvalPayload } from './approval-payload.ts';
import type { ApproverOptions } from './callback-approver.ts';

/** An approval request as the queue keeps it. */
export interface QueuedApproval extends ApprovalPayload {
  /** Where the request stands: waiting for an answer, approved (every level granted) or rejected. */
  status: 'pending' | 'approved' | 'rejected';
  /** Levels granted so far. */
  levels: ApprovalLevel[];
  /** Who rejected it, once rejected. */
  rejectedBy?: string;
  /** Why it was rejected, when the approver said. */
  reason?: string;
}

/** Options of {@link queueApprover}. */
export interface QueueApproverOptions extends ApproverOptions {
  /** Where requests live; share it (SQLite, Redis) so a CLI or server elsewhere can answer. */
  store: StateStore;
  /**
   * true (default): the call waits for the answer. false: the call is refused at once naming the
   * pending id, and the identical call (same tool, arguments and principal) runs once approved.
   */
  wait?: boolean;
  /** How often a waiting call checks for its answer, ms (default 250). */
  pollIntervalMs?: number;
  /** How long an approval granted to a non-waiting request stays usable, ms (default 15 min). */
  grantTtlMs?: number;
}

/** The queue: an approval handler plus the operations operators answer it with. */
export interface QueueApprover extends ApprovalHandler {
  /** The requests in the queue, oldest first; only those with `filter.status` when given. */
  list(filter?: {
    /** Only requests in this state. */
    status?: QueuedApproval['status'];
  }): Promise<QueuedApproval[]>;
  /** One request by id; undefined when there is none (never made, or expired and gone). */
  get(id: string): Promise<QueuedApproval | undefined>;
  /** Grants the next level (with `role` when the request has a chain). */
  approve(
    id: string,
    by: {
      /** Who approves, recorded in the audit. */
      approver: string;
      /** The role approving; must be the chain's next role when the request has a chain. */
      role?: string;
    },
  ): Promise<QueuedApproval>;
  /** Rejects the request: the call is denied (or, when it was not waiting, will be). */
  reject(
    id: string,
    by: {
      /** Who rejects, recorded in the audit. */
      approver: string;
      /** Why, recorded in the audit and shown to the model. */
      reason?: string;
    },
  ): Promise<QueuedApproval>;
}

const requestKey = (id: string) => `approval:request:${id}`;
const grantKey = (hash: string) => `approval:grant:${hash}`;
const hashKey = (hash: string) => `approval:pending:${hash}`;

/**
 * Pending approvals persisted in the state store, listed and answered by id — by the guard
 * server, the CLI, or your own code. An approval is bound to the request's `argsHash`: it is
 * used once, only until its TTL, and a call with different arguments asks again.
 *
 * @example
 * const queue = queueApprover({ store, timeoutMs: 600_000 });
 * const engine = createEngine({ policy, store, approvals: queue });
 * // elsewhere: await queue.approve(id, { approver: 'alice', role: 'manager' });
 */
export function queueApprover(options: QueueApproverOptions): QueueApprover {
  const { store } = options;
  const wait = options.wait ?? true;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const grantTtlMs = options.grantTtlMs ?? 15 * 60_000;

  const load = async (id: string) => (await store.getValue<QueuedApproval>(requestKey(id))) ?? undefined;
  const save = async (record: QueuedApproval, ttlMs: number) =>
    store.setValue(requestKey(record.id), record, Math.max(1, ttlMs));

  /** An approved grant for this exact call is used up by the call it lets through. */
  const takeGrant = async (argsHash: string): Promise<ApprovalResponse | undefined> => {
    const grant = await store.getValue<{ levels: ApprovalLevel[] }>(grantKey(argsHash));
    if (!grant) return undefined;
    await store.deleteValue(grantKey(argsHash));
    return {
      status: 'approved',
      approver: grant.levels.map((l) => l.approver).join(', '),
      levels: grant.levels,
    };
  };

  const decided = (record: QueuedApproval): ApprovalResponse | undefined => {
    if (record.status === 'rejected')
      return { status: 'rejected', approver: record.rejectedBy, reason: record.reason };
    return undefined;
  };

  const answerable = async (id: string): Promise<QueuedApproval> => {
    const record = await load(id);
    if (!record)
      throw new PortcullisError({
        code: 'approval_not_found',
        message: `No pending approval ${id} (unknown or expired)`,
      });
    if (record.status !== 'pending') {
      throw new PortcullisError({
        code: 'approval_decided',
        message: `Approval ${id} was already ${record.status}`,
      });
    }
    return record;
  };

  return {
    name: 'queue',
    timeoutMs: options.timeoutMs,
    async request(request, { signal, timeoutMs }) {
      const granted = await takeGrant(request.argsHash);
      if (granted) return granted;
      const existingId = await store.getValue<string>(hashKey(request.argsHash));
      let record = existingId ? await load(existingId) : undefined;
      if (record?.status !== 'pending') {
        record = { ...approvalPayload({ ...request, timeoutMs }), status: 'pending', levels: [] };
        await save(record, timeoutMs);
        await store.setValue(hashKey(request.argsHash), record.id, timeoutMs);
      }
      if (!wait) return { status: 'pending', id: record.id };
      while (!signal.aborted) {
        const current = await load(record.id);
        if (!current) return { status: 'expired' };
        if (current.status === 'approved')
          return (await takeGrant(current.argsHash)) ?? { status: 'expired' };
        const answer = decided(current);
        if (answer) return answer;
        await sleep(pollIntervalMs, signal);
      }
      return { status: 'expired' };
    },
    async list(filter = {}) {
      const rows = await store.listValues<QueuedApproval>('approval:request:');
      return rows
        .map((row) => row.value)
        .filter((record) => filter.status === undefined || record.status === filter.status)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    get: load,
    async approve(id, by) {
      const record = await answerable(id);
      const role = record.chain[record.levels.length];
      if (role !== undefined && by.role !== role) {
        throw new PortcullisError({
          code: 'approval_role',
          message: `Approval ${id} needs a ${role} next${by.role ? `, not a ${by.role}` : ''}`,
        });
      }
      record.levels.push({ ...(role ? { role } : {}), approver: by.approver, at: new Date().toISOString() });
      if (record.levels.length >= Math.max(1, record.chain.length)) {
        record.status = 'approved';
        await store.setValue(grantKey(record.argsHash), { levels: record.levels }, grantTtlMs);
        await store.deleteValue(hashKey(record.argsHash));
        await save(record, grantTtlMs);
      } else {
        await save(record, Date.parse(record.expiresAt) - Date.now());
      }
      return record;
    },
    async reject(id, by) {
      const record = await answerable(id);
      record.status = 'rejected';
      record.rejectedBy = by.approver;
      if (by.reason !== undefined) record.reason = by.reason;
      await store.deleteValue(hashKey(record.argsHash));
      await save(record, grantTtlMs);
      return record;
    },
  };
}
