import { CREDENTIAL_PATH } from './credential-paths.ts';

/** One piece of a path being built: constant text, and how it joins the text before it. */
export interface StringPiece {
  /** The constant text. */
  text: string;
  /** `concat` for `+` or adjacent literals, `path` for a path join (`/`, `,` in a join call). */
  join: 'concat' | 'path';
}

/**
 * Finds a credential file named by constant pieces joined at run time: `'/.a' + 'ws/credentials'`,
 * `path.join(home, '.aws', 'credentials')`, `Path.home() / '.aws' / 'credentials'`. Tests every
 * prefix of the joined text, so a run that continues past the credential path still counts.
 * Returns the matching text, or undefined.
 *
 * @example
 * credentialPathIn([{ text: '.aws', join: 'path' }, { text: 'credentials', join: 'path' }]) // '.aws/credentials'
 */
export function credentialPathIn(pieces: StringPiece[]): string | undefined {
  let joined = '';
  for (const [index, piece] of pieces.entries()) {
    joined += index > 0 && piece.join === 'path' ? `/${piece.text}` : piece.text;
    if (CREDENTIAL_PATH.test(joined)) return joined;
  }
  return undefined;
}
