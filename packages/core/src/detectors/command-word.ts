/** A piece of a shell word, as the shell sees it before it expands anything. */
export type WordPart =
  /** Text that stays as written (quoted or not). */
  | { kind: 'text'; text: string }
  /** `$NAME`, `${NAME}`, `$1`, `$@`: a parameter whose value is only known when it runs. */
  | { kind: 'var'; name: string }
  /**
   * `$( … )`, backticks, `<( … )` or `>( … )`: a script that runs first (`process` for the last
   * two: a `>( … )` script reads what the command writes to it).
   */
  | { kind: 'command'; script: string; process?: '<' | '>' }
  /**
   * `${x:-y}`, `$(( … ))` and the like; `scripts` are the substitutions inside it, `arithmetic`
   * the variables it evaluates as arithmetic (whose values bash evaluates in turn, array
   * subscripts and their substitutions included), `prompt` the variables it expands as a prompt
   * (`${x@P}`, which runs the substitutions in the value).
   */
  | { kind: 'opaque'; text: string; scripts: string[]; arithmetic: string[]; prompt: string[] }
  /** Text nested too deeply to read: it must be judged as code that cannot be read. */
  | { kind: 'unreadable'; text: string };

/** One word of a command line. */
export interface Word {
  /** The pieces of the word, quotes removed. */
  parts: WordPart[];
  /** The word as written. */
  raw: string;
  /** Whether any part was quoted or escaped (a quoted `{` or `#` is ordinary text). */
  quoted: boolean;
  /** Whether it has an unquoted `*`, `?` or `[`: a pattern the shell expands to file names. */
  glob: boolean;
  /** Whether it has unquoted `{`, `,` and `}`: a brace expansion (`{rm,-rf,/}` is three words). */
  braces: boolean;
}

/** A word, or an operator (`;`, `&&`, `|`, `(`, `>` …; a newline is `\n`). */
/** A word, or an operator; a redirection's operator keeps the file descriptor written before it (`2>`). */
export type Token = { kind: 'word'; word: Word } | { kind: 'op'; op: string; fd?: number };

/** The word's text with every expansion left as written (`$HOME`, `$(…)`). */
export function textOf(w: Word): string {
  return w.parts.map(partText).join('');
}

export function partText(part: WordPart): string {
  if (part.kind === 'text') return part.text;
  if (part.kind === 'var') return `$${part.name}`;
  if (part.kind === 'command') return `$(${part.script})`;
  return part.text;
}

/** A word of plain text, as a program receives an argument that is already split (argv). */
export function literalWord(text: string): Word {
  return { parts: [{ kind: 'text', text }], raw: text, quoted: true, glob: false, braces: false };
}

export function word(parts: WordPart[], raw: string, quoted: boolean, glob = false, braces = false): Word {
  const merged: WordPart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (part.kind === 'text' && last?.kind === 'text') last.text += part.text;
    else merged.push(part.kind === 'text' ? { ...part } : part);
  }
  return { parts: merged, raw, quoted, glob, braces };
}

/** Appends text to the last part when it is text too: one part per run, not per character. */
export function addText(parts: WordPart[], text: string): void {
  const last = parts[parts.length - 1];
  if (last?.kind === 'text') last.text += text;
  else parts.push({ kind: 'text', text });
}
