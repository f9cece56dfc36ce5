import type { Finding } from './finding.ts';
import { isPlaceholder } from './placeholder.ts';

const SECRET_KIND = /^[ \t]*kind:[ \t]*["']?secret["']?[ \t]*$/im;
const DOCUMENT_SEPARATOR = /^---[ \t]*$/gm;
const DATA_SECTION = /^([ \t]*)(data|stringData):[ \t]*$/gm;
const ENTRY = /^([ \t]+)[\w.-]+:[ \t]*(["']?)([^\s"'#]+)\2[ \t]*$/;
const BASE64 = /^[A-Za-z0-9+/]{6,}={0,3}$/;

/**
 * Finds the values of a Kubernetes `Secret` manifest's `data` (base64) and `stringData` entries.
 * The `kind: Secret` and the data section must be in the same YAML document; templated values
 * (`{{ .Values.password }}`) and empty strings are not secrets. `ExternalSecret` and
 * `SopsSecret` manifests only point at secrets and are ignored.
 *
 * @example
 * findKubernetesSecrets('kind: Secret\ndata:\n  password: UyFCXCpkJHpEc2I9\n');
 * // [{ type: 'KUBERNETES_SECRET', start: 31, end: 47, confidence: 0.85 }]
 */
export function findKubernetesSecrets(text: string): Finding[] {
  const found: Finding[] = [];
  let docStart = 0;
  for (const separator of [...text.matchAll(DOCUMENT_SEPARATOR), undefined]) {
    const docEnd = separator ? separator.index : text.length;
    const doc = text.slice(docStart, docEnd);
    if (SECRET_KIND.test(doc)) findDataValues(doc, docStart, found);
    docStart = separator ? separator.index + separator[0].length : text.length;
  }
  return found;
}

function findDataValues(doc: string, offset: number, found: Finding[]): void {
  DATA_SECTION.lastIndex = 0;
  for (let section = DATA_SECTION.exec(doc); section !== null; section = DATA_SECTION.exec(doc)) {
    const indent = (section[1] ?? '').length;
    const plain = section[2] === 'stringData';
    let lineStart = section.index + section[0].length + 1;
    while (lineStart < doc.length) {
      const lineEnd = doc.indexOf('\n', lineStart) < 0 ? doc.length : doc.indexOf('\n', lineStart);
      const line = doc.slice(lineStart, lineEnd);
      const entry = ENTRY.exec(line);
      if (line.trim() !== '' && !line.trim().startsWith('#')) {
        if (!entry || (entry[1] ?? '').length <= indent) break;
        const value = entry[3] ?? '';
        if ((plain ? value.length >= 6 : BASE64.test(value)) && !isPlaceholder(value)) {
          const start = offset + lineStart + line.lastIndexOf(value);
          found.push({ type: 'KUBERNETES_SECRET', start, end: start + value.length, confidence: 0.85 });
        }
      }
      lineStart = lineEnd + 1;
    }
  }
}
