import { readDoubleQuoted } from './command-substitution.ts';
import { type Token, type WordPart, word } from './command-word.ts';

export interface PendingHeredoc {
  index: number;
  delimiter: string;
  stripTabs: boolean;
  quoted: boolean;
}

/** A heredoc's delimiter is its word after quote removal, never expanded: `<<${x}` ends at `${x}`. */
export function heredocDelimiter(raw: string): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw[i] as string;
    if (c === '\\') {
      out += raw[i + 1] ?? '';
      i += 2;
    } else if (c === "'" || c === '"') {
      const end = raw.indexOf(c, i + 1);
      const stop = end < 0 ? raw.length : end;
      out += raw.slice(i + 1, stop);
      i = stop + 1;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** Reads the bodies of the heredocs opened on the line just ended; returns where the next line starts. */
export function readHeredocs(
  text: string,
  start: number,
  pending: PendingHeredoc[],
  tokens: Token[],
): number {
  let i = start;
  for (const heredoc of pending) {
    const lines: string[] = [];
    while (i < text.length) {
      const eol = text.indexOf('\n', i);
      const end = eol < 0 ? text.length : eol;
      let line = text.slice(i, end);
      if (heredoc.stripTabs) line = line.replace(/^\t+/, '');
      i = end + 1;
      if (line === heredoc.delimiter) break;
      lines.push(line);
    }
    const body = lines.length > 0 ? `${lines.join('\n')}\n` : '';
    const parts: WordPart[] = [];
    if (heredoc.quoted) parts.push({ kind: 'text', text: body });
    else readDoubleQuoted(body, 0, '', parts);
    tokens[heredoc.index] = { kind: 'word', word: word(parts, body, heredoc.quoted) };
  }
  return Math.min(i, text.length);
}
