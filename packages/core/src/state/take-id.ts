/**
 * A take's id carries what giving it back needs — the end of the window it went into, the amount
 * and the counter — so a store keeps nothing per take and `commit` has nothing to look up.
 */
export function takeId(windowEnd: number, amount: number, key: string): string {
  return `t:${windowEnd}:${amount}:${key}`;
}

/** The parts of a take's id, or `undefined` for any other id (a hold's). */
export function parseTakeId(id: string): { windowEnd: number; amount: number; key: string } | undefined {
  if (!id.startsWith('t:')) return undefined;
  const second = id.indexOf(':', 2);
  const third = second === -1 ? -1 : id.indexOf(':', second + 1);
  if (third === -1) return undefined;
  const windowEnd = Number(id.slice(2, second));
  const amount = Number(id.slice(second + 1, third));
  if (!Number.isFinite(windowEnd) || !Number.isFinite(amount)) return undefined;
  return { windowEnd, amount, key: id.slice(third + 1) };
}
