import type { Finding } from './finding.ts';
import { isPlaceholder } from './placeholder.ts';

// The signature after `sig=`: base64, usually percent-encoded.
const SIGNATURE = /[A-Za-z0-9%+/]{30,}(?:%3D|=){0,2}/y;
// The service version a shared access signature always carries.
const VERSION = /(?:^|[?&])sv=\d{4}-\d{2}-\d{2}(?:&|$)/;
const QUERY_END = /[\s"'`<>]/;
// A query string longer than this is not a SAS URL.
const MAX_QUERY = 4096;

/**
 * Finds the signature of Azure shared access signature URLs and tokens
 * (`…?sv=2022-11-02&sr=c&sp=r&sig=…`): a `sig` parameter in a query string that also has the
 * service version `sv`. Each `sig=` is read once, within its own query string, so the cost is
 * linear in the text.
 *
 * @example
 * findSasSignatures('https://a.blob.core.windows.net/c?sv=2022-11-02&sr=c&sig=WSdF9YeZhvrbs%2B1f8ZdDBzEe7fBJ%2BenuaXQ%3D');
 * // [{ type: 'AZURE_SHARED_ACCESS_KEY', … }]
 */
export function findSasSignatures(text: string): Finding[] {
  const found: Finding[] = [];
  for (let at = text.indexOf('sig=', 1); at >= 0; at = text.indexOf('sig=', at + 4)) {
    const before = text[at - 1];
    if (before !== '&' && before !== '?') continue;
    SIGNATURE.lastIndex = at + 4;
    const signature = SIGNATURE.exec(text)?.[0];
    if (signature === undefined || isPlaceholder(signature)) continue;
    if (!VERSION.test(queryAround(text, at))) continue;
    found.push({
      type: 'AZURE_SHARED_ACCESS_KEY',
      start: at + 4,
      end: at + 4 + signature.length,
      confidence: 0.9,
    });
  }
  return found;
}

/** The query string (or `k=v&…` token) that holds position `at`: up to white space or a quote. */
function queryAround(text: string, at: number): string {
  let start = at;
  while (start > 0 && at - start < MAX_QUERY && !QUERY_END.test(text[start - 1] as string)) start--;
  let end = at;
  while (end < text.length && end - at < MAX_QUERY && !QUERY_END.test(text[end] as string)) end++;
  const query = text.slice(start, end);
  const mark = query.indexOf('?');
  return mark >= 0 ? query.slice(mark) : query;
}
