import { randomUUID } from 'node:crypto';
import type { Verdict } from '@portcullis/core';
import type { AdapterDenialCode } from './tool-call.ts';

/**
 * The deny for a call the engine cannot judge (arguments that do not parse, a tool the app does
 * not have). It is built here, not by the engine, so it holds no reservations and settling it is
 * a no-op: such a call never reaches a guard, a counter or the audit.
 */
export function adapterDenial(
  args: Record<string, unknown>,
  code: AdapterDenialCode,
  reason: string,
): Verdict {
  const id = randomUUID();
  return {
    id,
    traceId: id.replaceAll('-', ''),
    effect: 'deny',
    args,
    decisions: [{ effect: 'deny', guard: 'openai', code, reason }],
    reason,
    durationMs: 0,
  };
}
