import { judgeAssignment } from './assignment-secrets.ts';
import type { Finding } from './finding.ts';
import { judgeGenericValue } from './generic-secret.ts';
import { isPlaceholder } from './placeholder.ts';

// .NET settings (appSettings, NuGet's packageSourceCredentials): <add key="SmtpPassword" value="…" />.
const ADD_KEY_VALUE = /<add\s+key=(["'])([^"'\n]{1,100})\1\s+value=(["'])([^"'\n]{1,400})\3/gi;
// <apiToken>value</apiToken>, also with the value on its own line.
const ELEMENT = /<([A-Za-z_][\w.-]{0,60})>\s*([^<>\s]{6,400})\s*<\/\1>/g;
// An element named by its attribute: Android's <string name="hockeyapp_key">value</string>, Java
// XML properties' <entry key="api.token">value</entry>. Other attributes may follow the name.
const NAMED_ELEMENT =
  /<([A-Za-z_][\w.-]{0,60})\s+(?:name|key)=(["'])([^"'<>\n]{1,100})\2[^<>]{0,200}>\s*([^<>\s]{6,400})\s*<\/\1>/g;

/**
 * Finds secrets in XML: .NET `<add key="…" value="…"/>` settings whose key names a secret (and
 * NuGet cleartext package-source passwords), elements whose tag names a secret
 * (`<clientSecret>…</clientSecret>`, `<password>…</password>`), judged like any other
 * `key = value` assignment, and elements whose `name` or `key` attribute names one
 * (`<string name="api_key">…</string>`) with a value that looks random.
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
  findNamedElements(text, found);
  return found;
}

function findNamedElements(text: string, found: Finding[]): void {
  NAMED_ELEMENT.lastIndex = 0;
  for (let m = NAMED_ELEMENT.exec(text); m !== null; m = NAMED_ELEMENT.exec(text)) {
    const tag = m[1] ?? '';
    const name = m[3] ?? '';
    const value = m[4] ?? '';
    const verdict = judgeAssignment(name, value, true);
    if (!verdict || (verdict.type === 'GENERIC_SECRET' && !looksRandom(value, name))) continue;
    // The value is the last thing before the closing tag (and white space).
    const at = m.index + m[0].lastIndexOf(value, m[0].length - tag.length - 3 - value.length);
    found.push({ ...verdict, start: at + verdict.start, end: at + verdict.end });
  }
}

/**
 * Resource strings are mostly interface text (`<string name="forgot_password">Forgot?</string>`),
 * so even under a password name the value must look like a random key.
 */
function looksRandom(value: string, name: string): boolean {
  return judgeGenericValue(value, 'secret', name, true) !== undefined;
}
