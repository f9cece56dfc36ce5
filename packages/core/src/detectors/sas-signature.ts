import type { Finding } from './finding.ts';
import { isPlaceholder } from './placeholder.ts';

// An Azure shared access signature: a query string with a service version (`sv=2022-11-02`) and
// a signature (`sig=…`, base64, usually percent-encoded). The signature is the secret.
const SAS_QUERY =
  /(?:^|[?&"'\s=])(?:[a-z]{2,4}=[^&\s"']*&)*?sv=\d{4}-\d{2}-\d{2}(?:&[a-z]{2,4}=[^&\s"']*)*?&sig=([A-Za-z0-9%+/]{30,}(?:%3D|=){0,2})/gi;

/**
 * Finds the signature of Azure shared access signature URLs and tokens
 * (`…?sv=2022-11-02&sr=c&sp=r&sig=…`).
 *
 * @example
 * findSasSignatures('https://a.blob.core.windows.net/c?sv=2022-11-02&sr=c&sig=WSdF9YeZhvrbs%2B1f8ZdDBzEe7fBJ%2BenuaXQ%3D');
 * // [{ type: 'AZURE_SHARED_ACCESS_KEY', … }]
 */
export function findSasSignatures(text: string): Finding[] {
  const found: Finding[] = [];
  SAS_QUERY.lastIndex = 0;
  for (let m = SAS_QUERY.exec(text); m !== null; m = SAS_QUERY.exec(text)) {
    const signature = m[1] as string;
    if (isPlaceholder(signature)) continue;
    const end = m.index + m[0].length;
    found.push({ type: 'AZURE_SHARED_ACCESS_KEY', start: end - signature.length, end, confidence: 0.9 });
  }
  return found;
}
