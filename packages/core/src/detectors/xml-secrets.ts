import { judgeAssignment } from './assignment-secrets.ts';
import type { Finding } from './finding.ts';
import { isPlaceholder } from './placeholder.ts';

// NuGet's <packageSourceCredentials>: <add key="ClearTextPassword" value="…" />.
const NUGET_PASSWORD = /<add\s+key=["'](?:ClearText)?Password["']\s+value=["']([^"'\n]{8,})["']/gi;
// <apiToken>value</apiToken>, also with the value on its own line.
const ELEMENT = /<([A-Za-z_][\w.-]{0,60})>\s*([^<>\s]{6,400})\s*<\/\1>/g;

/**
 * Finds secrets in XML: NuGet cleartext package-source passwords and elements whose tag names a
 * secret (`<clientSecret>…</clientSecret>`, `<password>…</password>`), judged like any other
 * `key = value` assignment.
 *
 * @example
 * findXmlSecrets('<add key="ClearTextPassword" value="CleartextPassword1" />');
 * // [{ type: 'GENERIC_SECRET', start: 36, end: 54, confidence: 0.7 }]
 */
export function findXmlSecrets(text: string): Finding[] {
  const found: Finding[] = [];
  NUGET_PASSWORD.lastIndex = 0;
  for (let m = NUGET_PASSWORD.exec(text); m !== null; m = NUGET_PASSWORD.exec(text)) {
    const value = m[1] ?? '';
    if (isPlaceholder(value)) continue;
    const start = m.index + m[0].lastIndexOf(value);
    found.push({ type: 'GENERIC_SECRET', start, end: start + value.length, confidence: 0.7 });
  }
  ELEMENT.lastIndex = 0;
  for (let m = ELEMENT.exec(text); m !== null; m = ELEMENT.exec(text)) {
    const tag = m[1] ?? '';
    const value = m[2] ?? '';
    const verdict = judgeAssignment(tag, value, true);
    if (!verdict) continue;
    const at = m.index + m[0].indexOf(value, tag.length + 2);
    found.push({ ...verdict, start: at + verdict.start, end: at + verdict.end });
  }
  return found;
}
