import { shannonEntropy } from './entropy.ts';
import type { Finding } from './finding.ts';
import { judgeGenericValue } from './generic-secret.ts';
import { isDocumentationWord, isPlaceholder } from './placeholder.ts';

const CURL = /\bcurl\b/g;
// `-u`/`--user` for the server, `-U`/`--proxy-user` for the proxy: both take `user:password`.
const USER_OPTION = /(?:^|\s)(?:-[uU]|--user|--proxy-user)(?:=|[ \t]+)/g;
const HEADER_OPTION = /(?:^|\s)(?:-H|--header)(?:=|[ \t]*)(["'])(.*?)\1/g;
// Header names gitleaks treats as credentials: Authorization and *-Api-Key / *-Token variants.
const CREDENTIAL_HEADER = /^(?:authorization|(?:x-(?:[a-z]+-)?)?(?:api-?)?(?:key|token))$/i;
const HEADER_CREDENTIAL =
  /^(?:(basic)[ \t]+([A-Za-z0-9+/]{8,}={0,3})|(?:bearer|(?:api-)?token)[ \t]+([\w=~@.+/-]{8,})|([\w=~@.+/-]{8,}))$/i;
const MAX_LINES = 6;

/**
 * Finds credentials in curl commands: the password of `-u`/`--user user:password` and of
 * `-U`/`--proxy-user` (or the user when the password is empty and the user looks like a random
 * key, as with API keys passed as `-u sk_…:`; `-u admin:` only makes curl skip the prompt), and
 * the credential in `-H "Authorization: …"` or `-H "X-Api-Key: …"` headers. A command continues over lines ending in
 * a backslash. Shell variables, command substitutions, templates and documentation placeholders
 * (`user:password`, `<token>`, `$API_KEY`) are skipped.
 *
 * @example
 * findCurlCredentials('curl -u admin:yqDVtkqPECriaLRi https://x.test');
 * // [{ type: 'BASIC_AUTH', start: 14, end: 30, confidence: 0.85 }]
 */
export function findCurlCredentials(text: string): Finding[] {
  const found: Finding[] = [];
  CURL.lastIndex = 0;
  for (let m = CURL.exec(text); m !== null; m = CURL.exec(text)) {
    const end = commandEnd(text, m.index);
    const command = text.slice(m.index, end);
    findUserOption(command, m.index, found);
    findHeaders(command, m.index, found);
    CURL.lastIndex = end;
  }
  return found;
}

function commandEnd(text: string, start: number): number {
  let end = start;
  for (let line = 0; line < MAX_LINES; line++) {
    const newline = text.indexOf('\n', end);
    if (newline < 0) return text.length;
    end = newline + 1;
    if (!/\\[ \t]*\r?$/.test(text.slice(start, newline))) return newline;
  }
  return end;
}

function findUserOption(command: string, offset: number, found: Finding[]): void {
  USER_OPTION.lastIndex = 0;
  for (let m = USER_OPTION.exec(command); m !== null; m = USER_OPTION.exec(command)) {
    const word = readShellWord(command, m.index + m[0].length);
    const colon = word.value.indexOf(':');
    if (colon < 0) continue;
    const user = word.value.slice(0, colon);
    const password = word.value.slice(colon + 1);
    const [secret, at] = password === '' ? [user, 0] : [password, colon + 1];
    if (secret.length < 3 || isPlaceholder(secret) || isDocumentationWord(secret)) continue;
    if (password === '' && !isKeyLike(user)) continue;
    if (isPlaceholder(word.value) || (user !== '' && isPlaceholder(user)) || shannonEntropy(word.value) < 2) {
      continue;
    }
    const start = offset + (word.offsets[at] as number);
    const end = offset + (word.offsets[at + secret.length - 1] as number) + 1;
    found.push({ type: 'BASIC_AUTH', start, end, confidence: 0.85 });
  }
}

/**
 * A user name given without a password is reported only when it is an API key passed as the user
 * (`-u sk_live_…:`): long and random, judged as any secret value is. `-u admin:` is a user name
 * whose password is empty, and `-u deploy-user01:` reads as words.
 */
function isKeyLike(user: string): boolean {
  return judgeGenericValue(user, 'secret', '', true) !== undefined;
}

/** Reads one shell word (quoted pieces concatenated) and maps each character to its offset. */
function readShellWord(command: string, from: number): { value: string; offsets: number[] } {
  let value = '';
  const offsets: number[] = [];
  let i = from;
  while (i < command.length && !/\s/.test(command[i] as string)) {
    const quote = command[i];
    if (quote === '"' || quote === "'") {
      const close = command.indexOf(quote, i + 1);
      if (close < 0) break;
      for (let j = i + 1; j < close; j++) {
        value += command[j];
        offsets.push(j);
      }
      i = close + 1;
    } else {
      value += quote;
      offsets.push(i);
      i++;
    }
  }
  return { value, offsets };
}

function findHeaders(command: string, offset: number, found: Finding[]): void {
  HEADER_OPTION.lastIndex = 0;
  for (let m = HEADER_OPTION.exec(command); m !== null; m = HEADER_OPTION.exec(command)) {
    const header = m[2] ?? '';
    const colon = header.indexOf(':');
    if (colon < 0 || !CREDENTIAL_HEADER.test(header.slice(0, colon).trim())) continue;
    const raw = header.slice(colon + 1).trim();
    const parts = HEADER_CREDENTIAL.exec(raw);
    const secret = parts?.[2] ?? parts?.[3] ?? parts?.[4];
    if (!parts || secret === undefined || isPlaceholder(secret) || shannonEntropy(secret) < 2.75) continue;
    const start =
      offset + m.index + m[0].indexOf(header) + colon + 1 + header.slice(colon + 1).indexOf(secret);
    found.push({
      type: parts[1] ? 'BASIC_AUTH' : 'AUTH_HEADER',
      start,
      end: start + secret.length,
      confidence: 0.85,
    });
  }
}
