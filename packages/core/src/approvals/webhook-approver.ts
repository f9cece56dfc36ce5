import { z } from 'zod';
import { sleep } from '../util/sleep.ts';
import type { ApprovalHandler, ApprovalRequest, ApprovalResponse } from './approval-handler.ts';
import { approvalPayload } from './approval-payload.ts';
import type { ApproverOptions } from './callback-approver.ts';
import { SIGNATURE_HEADER, signPayload, verifySignature } from './webhook-signature.ts';

/** Options of {@link webhookApprover}. */
export interface WebhookApproverOptions extends ApproverOptions {
  /** Where approval requests are POSTed; polled at `<url>/<id>` for the answer. */
  url: string;
  /** Shared secret: requests are signed with it, and answers must be. */
  secret: string;
  /** How often to poll for an answer, ms (default 2000; 0: wait for `receive` only). */
  pollIntervalMs?: number;
  /** Extra request headers (e.g. an API key of the receiving service). */
  headers?: Record<string, string>;
}

/** What the approving service answers (lenient: unknown fields are ignored). */
export const WebhookAnswerSchema = z.object({
  /** The request id the answer is for (required in pushed answers, to find the waiting request). */
  id: z.string().optional(),
  /** The decision so far; `pending` keeps the call waiting. */
  status: z.enum(['approved', 'rejected', 'pending']),
  /** Who decided, recorded in the audit. */
  approver: z.string().optional(),
  /** Why, for a rejection: recorded in the audit and shown to the model. */
  reason: z.string().optional(),
  /** For a chain of roles: one granted level per role, in order. */
  levels: z
    .array(
      z.object({
        /** The role this level required. */
        role: z.string().optional(),
        /** Who approved it. */
        approver: z.string(),
        /** When, ISO 8601. */
        at: z.string(),
      }),
    )
    .optional(),
});

/** A webhook approver also accepts answers pushed to you (a signed POST to your callback route). */
export interface WebhookApprover extends ApprovalHandler {
  /** Hands a pushed answer to the waiting request; false when unsigned, stale or for no waiting request. */
  receive(body: string, signature: string | null | undefined): boolean;
}

/**
 * Sends each approval request as a POST signed with HMAC-SHA256 (`x-portcullis-signature`), and
 * takes the answer from the response, from polling `<url>/<id>`, or from a signed POST your
 * server passes to `receive()`. Every answer must carry a valid signature over its body: an
 * unsigned or forged answer is refused and the call does not run.
 *
 * @example
 * const approvals = webhookApprover({ url: 'https://approvals.example.com/requests', secret: process.env.APPROVAL_SECRET! });
 */
export function webhookApprover(options: WebhookApproverOptions): WebhookApprover {
  const waiting = new Map<string, (answer: ApprovalResponse) => void>();
  const pollIntervalMs = options.pollIntervalMs ?? 2000;

  const signedFetch = async (url: string, init: { method: string; body?: string; signal: AbortSignal }) => {
    const body = init.body ?? '';
    const response = await fetch(url, {
      method: init.method,
      signal: init.signal,
      headers: {
        'content-type': 'application/json',
        ...options.headers,
        [SIGNATURE_HEADER]: signPayload(body, options.secret),
      },
      ...(init.body === undefined ? {} : { body }),
    });
    const text = await response.text();
    if (response.status === 202 && text === '') return { status: 'pending' as const };
    if (!response.ok) throw new Error(`the approval service answered HTTP ${response.status}`);
    return parseAnswer(text, response.headers.get(SIGNATURE_HEADER));
  };

  const parseAnswer = (
    text: string,
    signature: string | null | undefined,
  ): ApprovalResponse | { status: 'pending' } => {
    if (!verifySignature(text, signature, options.secret))
      throw new Error('the approval answer is not signed with the shared secret');
    const answer = WebhookAnswerSchema.parse(JSON.parse(text));
    if (answer.status === 'pending') return { status: 'pending' };
    return answer.status === 'approved'
      ? { status: 'approved', approver: answer.approver, levels: answer.levels?.map((l) => ({ ...l })) }
      : { status: 'rejected', approver: answer.approver, reason: answer.reason };
  };

  return {
    name: 'webhook',
    timeoutMs: options.timeoutMs,
    async request(request: ApprovalRequest, { signal }) {
      const pushed = new Promise<ApprovalResponse>((resolve) => waiting.set(request.id, resolve));
      try {
        const first = await signedFetch(options.url, {
          method: 'POST',
          body: JSON.stringify(approvalPayload(request)),
          signal,
        });
        if (first.status !== 'pending') return first;
        const pollUrl = `${options.url.replace(/\/+$/, '')}/${encodeURIComponent(request.id)}`;
        while (!signal.aborted) {
          const next = await Promise.race([
            pushed,
            sleep(pollIntervalMs || 2 ** 31 - 1, signal).then(() => undefined),
          ]);
          if (next) return next;
          if (signal.aborted) break;
          if (pollIntervalMs === 0) continue;
          const polled = await signedFetch(pollUrl, { method: 'GET', signal });
          if (polled.status !== 'pending') return polled;
        }
        return { status: 'expired' };
      } finally {
        waiting.delete(request.id);
      }
    },
    receive(body, signature) {
      try {
        const answer = parseAnswer(body, signature);
        const id = (JSON.parse(body) as { id?: unknown }).id;
        const resolve = typeof id === 'string' ? waiting.get(id) : undefined;
        if (!resolve || answer.status === 'pending') return false;
        resolve(answer);
        return true;
      } catch {
        return false;
      }
    },
  };
}
