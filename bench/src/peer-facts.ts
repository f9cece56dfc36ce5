// Facts a peer engine's policy language cannot compute itself, worked out in JavaScript inside the
// timed call and handed to it in the request. Doing this work for a peer can only make it look
// faster than it would be, so the comparison errs in the peers' favour.
import type { CallContext } from '@portcullis/core';

/**
 * The first `segments` `_`-terminated prefixes of a tool name, joined: `toolPrefix('group_4_write', 2)`
 * is `group_4_`. A glob such as `group_4_*` holds exactly when this prefix equals `group_4_` (for
 * names without `/`), which is how an engine without glob or prefix operators can match it.
 */
export function toolPrefix(tool: string, segments: number): string {
  let end = -1;
  for (let i = 0; i < segments; i++) {
    end = tool.indexOf('_', end + 1);
    if (end < 0) return '';
  }
  return tool.slice(0, end + 1);
}

/** The external-email rule's regex of the small policy, as Portcullis compiles it. */
const EXTERNAL = /@(?!example\.com$)/u;

/** Every string under a value, as Portcullis's `containsAny` reads it (keys included). */
function strings(value: unknown, out: string[]): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      strings(item, out);
    }
  }
  return out;
}

/** The facts the small policy's rules need beyond comparisons of single values. */
export interface DerivedFacts {
  /** `to` matches `@(?!example\.com$)` (no regex operator in either peer). */
  externalRecipient: boolean;
  /** Some string under `query`, lower-cased, contains "password" or "ssn" (AGT has no substring test). */
  sensitiveQuery: boolean;
  /** Every string under `query`, lower-cased and joined (Cedar's `like` is case-sensitive). */
  queryLower: string;
  /** The largest numeric `items[*].price`, or -1 (neither peer can quantify over a list). */
  maxItemPrice: number;
}

/** The derived facts for one call. */
export function deriveFacts(ctx: CallContext): DerivedFacts {
  const { to, query, items } = ctx.args;
  const queryLower = query === undefined ? '' : strings(query, []).join('\n').toLowerCase();
  let maxItemPrice = -1;
  if (Array.isArray(items)) {
    for (const item of items) {
      const price = (item as { price?: unknown } | null)?.price;
      if (typeof price === 'number' && price > maxItemPrice) maxItemPrice = price;
    }
  }
  return {
    externalRecipient: (typeof to === 'string' || typeof to === 'number') && EXTERNAL.test(String(to)),
    sensitiveQuery: queryLower.includes('password') || queryLower.includes('ssn'),
    queryLower,
    maxItemPrice,
  };
}
