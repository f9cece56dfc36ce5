/**
 * One word as a POSIX shell reads it back: as it is when it holds only characters the shell
 * leaves alone, else single-quoted (`it's` → `'it'\''s'`).
 *
 * @example
 * shellWord('a b'); // "'a b'"
 */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/** Words (a program and its arguments, as `execve` gets them) as one command line. */
export function shellLine(words: readonly string[]): string {
  return words.map(shellWord).join(' ');
}
