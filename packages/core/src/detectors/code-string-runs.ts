import { CREDENTIAL_PATH, kernelPath } from './credential-paths.ts';

/** One piece of a path being built: constant text, and how it joins the text before it. */
export interface StringPiece {
  /** The constant text. */
  text: string;
  /** `concat` for `+` or adjacent literals, `path` for a path join (`/`, `,` in a join call). */
  join: 'concat' | 'path';
}

/** `CREDENTIAL_PATH`, searched from a given position. */
const CREDENTIAL_PATH_FROM = new RegExp(CREDENTIAL_PATH.source, 'g');

/**
 * How far before a piece a credential path that ends in it can start, for every path of
 * `CREDENTIAL_PATH` but `/proc/<pid>/environ`: longer than the longest fixed path with the
 * character before it, and than `.env` with the first character of a suffix.
 */
const REACH = 48;

/**
 * Text that starts as a sentence: a capitalised word and more words of letters (`Add your public
 * key to …`, `Never commit …`). Commands start with a program name in lower case, PowerShell's
 * with `Verb-Noun`, and paths with no space.
 */
const PROSE = /^[A-Z][a-z]+ (?:[A-Za-z]+,? )+/;

/** The characters that may stand before a credential path (the first group of `CREDENTIAL_PATH`). */
const BEFORE_PATH = /[/\s=:'"\\@<{(,]/;

/**
 * Finds a credential file named by constant pieces joined at run time: `'/.a' + 'ws/credentials'`,
 * `path.join(home, '.aws', 'credentials')`, `Path.home() / '.aws' / 'credentials'`. Tests every
 * prefix of the joined text, so a run that continues past the credential path still counts.
 * Returns the shortest such prefix, or undefined. Text that starts as a sentence is a message, not
 * a path.
 *
 * Each prefix is tested only where a match could be new (from shortly before the piece that ends
 * it), so the work grows with the length of the joined text rather than with its square.
 *
 * @example
 * credentialPathIn([{ text: '.aws', join: 'path' }, { text: 'credentials', join: 'path' }]) // '.aws/credentials'
 */
export function credentialPathIn(pieces: StringPiece[]): string | undefined {
  // A sentence that names a file tells a person about it (`print("Add your key to ~/.ssh/…")`).
  if (PROSE.test(pieces[0]?.text ?? '')) return undefined;
  if (pieces.length <= 1) {
    const text = pieces[0]?.text ?? '';
    return CREDENTIAL_PATH.test(text) || CREDENTIAL_PATH.test(kernelPath(text) ?? '') ? text : undefined;
  }
  let joined = '';
  const ends: number[] = [];
  for (const [index, piece] of pieces.entries()) {
    joined += index > 0 && piece.join === 'path' ? `/${piece.text}` : piece.text;
    ends.push(joined.length);
  }
  const environs = environOffsets(joined);
  let environ = 0;
  let previous = 0;
  for (const end of ends) {
    const prefix = joined.slice(0, end);
    CREDENTIAL_PATH_FROM.lastIndex = Math.max(0, previous - REACH);
    if (CREDENTIAL_PATH_FROM.test(prefix)) return prefix;
    // `/proc/<pid>/environ` alone has no bound on its length: test each one where it ends.
    for (; environ < environs.length && (environs[environ] as number) + 8 <= end; environ++) {
      if ((environs[environ] as number) + 8 > previous && procEnviron(joined, environs[environ] as number))
        return prefix;
    }
    previous = end;
  }
  // `'/etc/' + '../etc/shadow'`: the joined path as the kernel reads it.
  const normal = kernelPath(joined);
  return normal !== undefined && CREDENTIAL_PATH.test(normal) ? joined : undefined;
}

/** Where `/environ` starts in `text`, in order. */
function environOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (let at = text.indexOf('/environ'); at >= 0; at = text.indexOf('/environ', at + 1)) offsets.push(at);
  return offsets;
}

/** Whether the `/environ` at `at` ends `/proc/<pid>/environ` as `CREDENTIAL_PATH` reads it. */
function procEnviron(text: string, at: number): boolean {
  const slash = text.lastIndexOf('/', at - 1);
  if (slash < 5 || slash + 1 >= at || !text.startsWith('/proc/', slash - 5)) return false;
  return slash === 5 || BEFORE_PATH.test(text[slash - 6] as string);
}
