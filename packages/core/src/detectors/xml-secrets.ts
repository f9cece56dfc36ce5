import { judgeAssignment } from './assignment-secrets.ts';
import type { Finding } from './finding.ts';
import { isPlaceholder } from './placeholder.ts';

// .NET settings (appSettings, NuGet's packageSourceCredentials): <add key="SmtpPassword" value="…" />.
const ADD_KEY_VALUE = /<add\s+key=(["'])([^"'\n]{1,100})\1\s+value=(["'])([^"'\n]{1,400})\3/gi;
// <apiToken>value</apiToken>, also with the value on its own line.
const ELEMENT = /<([A-Za-z_][\w.-]{0,60})>\s*([^<>\s]{6,400})\s*<\/\1>/g;

/**
 * Finds secrets in XML: .NET `<add key="…" value="…"/>` settings whose key names a secret (and
 * NuGet cleartext package-source passwords), and elements whose tag names a secret
 * (`<clientSecret>…</clientSecret>`, `<password>…</password>`), judged like any other
 * `key = value` assignment.
 *
 * @example
 * findXmlSecrets('<add key="ClearTextPassword" value="CleartextPassword1" />');
 * // [{ type: 'GENERIC_SECRET', start: 36, end: 54, confidence: 0.7 }]
 */
export function findXmlSecrets(text: string): Finding[] {
  const found: Finding[] = [];
  ADD_KEY_VALUE.lastIndex = 0;
  for (let m = ADD_KEY_VALUE.exec(text); m !== null; m = ADD_KEY_VALUE.exec(text)) {
    const key = m[2] ?? '';
    const value = m[4] ?? '';
    // NuGet's cleartext password is a password whatever it looks like.
    const verdict = /^(?:ClearText)?Password$/i.test(key)
      ? isPlaceholder(value) || value.length < 8
        ? undefined
        : { type: 'GENERIC_SECRET', start: 0, end: value.length, confidence: 0.7 }
      : judgeAssignment(key, value, true);
    if (!verdict) continue;
    const at = m.index + m[0].length - value.length - 1;
    found.push({ ...verdict, start: at + verdict.start, end: at + verdict.end });
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
