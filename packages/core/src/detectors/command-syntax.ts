import { lexScript } from './command-lexer.ts';
import { type Token, textOf, type Word } from './command-word.ts';

/** A redirection: `> file`, `2>&1`, `<<EOF` (its target is the heredoc body), `<<< text`. */
export interface Redirect {
  op: string;
  target: Word | undefined;
  /** The file descriptor written before the operator (`2>`), when one is. */
  fd?: number | undefined;
}

/** A program and its arguments, with `( … )` groups written after them (PowerShell's `iex (irm …)`). */
export interface SimpleCommand {
  kind: 'simple';
  words: Word[];
  redirects: Redirect[];
  groups: GroupCommand[];
}

/** `( … )` or `{ …; }`: a list run as one command of a pipeline. */
export interface GroupCommand {
  kind: 'group';
  body: Pipeline[];
  redirects: Redirect[];
}

/** `name() { … }` or `function name { … }`. */
export interface FunctionCommand {
  kind: 'function';
  name: string;
  body: Command;
}

/** Commands nested too deeply to read: judged as code nobody can read before it runs. */
export interface UnreadableCommand {
  kind: 'unreadable';
  reason: string;
}

export type Command = SimpleCommand | GroupCommand | FunctionCommand | UnreadableCommand;

/** Commands joined by `|`, and the operator after them (`;`, `&`, `&&`, `||`, a newline). */
export interface Pipeline {
  commands: Command[];
  next: string | undefined;
}

const LIST_ENDS = new Set([';', '&', '&&', '||', '\n', ';;', ';&', ';;&']);
// Reserved words that can come before a command.
const LEADING = new Set(['do', 'then', 'else', 'elif', '!']);
// Compound commands by their first word, with the word that closes them.
const COMPOUND_CLOSE: Record<string, 'done' | 'fi'> = {
  for: 'done',
  select: 'done',
  while: 'done',
  until: 'done',
  if: 'fi',
};
const ARM_ENDS = new Set([';;', ';&', ';;&']);
// Groups inside groups beyond this are not read: the walk stays shallow and the verdict strict.
const MAX_NESTING = 200;
const REDIRECT_OPS = new Set(['<', '>', '>>', '<<', '<<-', '<<<', '<&', '>&', '<>', '>|', '&>', '&>>']);

/**
 * Parses a shell script into pipelines of commands, groups, `case` arms and function definitions. It is
 * lenient: what a shell would reject (an unmatched `)`, a missing `}`) is read as far as it goes,
 * since the point is to see what could run, not to validate.
 *
 * @example
 * parseScript('{ a; } | b && c').map((p) => p.commands.length); // [2, 1]
 */
export function parseScript(text: string): Pipeline[] {
  return new Parser(lexScript(text)).list(undefined);
}

/** Whether `word` is the unquoted word `text` (a reserved word such as `{` or `}`). */
export function isBare(word: Word | undefined, text: string): boolean {
  return word !== undefined && !word.quoted && textOf(word) === text;
}

class Parser {
  private pos = 0;
  private depth = 0;
  private readonly tokens: Token[];

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  list(stop: ')' | '}' | 'esac' | 'done' | 'fi' | undefined): Pipeline[] {
    const pipelines: Pipeline[] = [];
    if (this.depth >= MAX_NESTING) {
      this.pos = this.tokens.length;
      const reason = 'commands nested too deeply to read';
      return [{ commands: [{ kind: 'unreadable', reason }], next: undefined }];
    }
    this.depth += 1;
    while (this.pos < this.tokens.length) {
      const token = this.tokens[this.pos] as Token;
      if (token.kind === 'op' && token.op === ')' && stop === ')') break;
      if (
        token.kind === 'word' &&
        (stop === '}' || stop === 'done' || stop === 'fi') &&
        isBare(token.word, stop)
      )
        break;
      if (stop === 'esac' && (token.kind === 'op' ? ARM_ENDS.has(token.op) : isBare(token.word, 'esac')))
        break;
      if (token.kind === 'op' && (LIST_ENDS.has(token.op) || token.op === ')' || token.op === '|')) {
        const last = pipelines[pipelines.length - 1];
        if (last !== undefined && LIST_ENDS.has(token.op)) last.next = token.op;
        this.pos += 1;
        continue;
      }
      const start = this.pos;
      pipelines.push(this.pipeline());
      if (this.pos === start) this.pos += 1;
    }
    this.depth -= 1;
    return pipelines;
  }

  private pipeline(first: Command = this.command()): Pipeline {
    const commands: Command[] = [first];
    while (this.isOp('|') || this.isOp('|&')) {
      this.pos += 1;
      commands.push(this.command());
    }
    return { commands, next: undefined };
  }

  private command(): Command {
    // `do`, `then`, `else`, `!` before a command: the command may be compound (`do for …`).
    while (this.isLeading(this.tokens[this.pos]) && this.tokens[this.pos + 1]?.kind === 'word') this.pos += 1;
    const token = this.tokens[this.pos];
    if (token?.kind === 'op' && token.op === '(') {
      this.pos += 1;
      return this.group(')');
    }
    if (token?.kind === 'word' && isBare(token.word, '{')) {
      this.pos += 1;
      return this.group('}');
    }
    if (token?.kind === 'word' && isBare(token.word, 'case')) return this.caseCommand(token.word);
    if (token?.kind === 'word' && isBare(token.word, 'function')) {
      const name = this.tokens[this.pos + 1];
      this.pos += 2;
      if (this.isOp('(') && this.isOp(')', 1)) this.pos += 2;
      return this.functionBody(name?.kind === 'word' ? textOf(name.word) : '');
    }
    const keyword = token?.kind === 'word' && !token.word.quoted ? textOf(token.word) : '';
    if (Object.hasOwn(COMPOUND_CLOSE, keyword))
      return this.compound(COMPOUND_CLOSE[keyword] as 'done' | 'fi');
    return this.simple();
  }

  /**
   * `for … do list done`, `while list; do list done`, `if list; then list … fi`: one command, whose
   * redirections and pipes take what its whole body prints (`done > x.sh`, `… | while read l`). Its
   * first pipeline keeps the keyword as a word (`for name in words` is read for its variable).
   */
  private compound(close: 'done' | 'fi'): GroupCommand {
    const body = [this.pipeline(this.simple()), ...this.list(close)];
    if (this.pos < this.tokens.length) this.pos += 1;
    return { kind: 'group', body, redirects: this.redirects() };
  }

  private simple(): Command {
    const simple: SimpleCommand = { kind: 'simple', words: [], redirects: [], groups: [] };
    while (this.pos < this.tokens.length) {
      const t = this.tokens[this.pos] as Token;
      if (t.kind === 'word') {
        simple.words.push(t.word);
        this.pos += 1;
      } else if (REDIRECT_OPS.has(t.op)) {
        const target = this.tokens[this.pos + 1];
        simple.redirects.push({
          op: t.op,
          target: target?.kind === 'word' ? target.word : undefined,
          fd: t.fd,
        });
        this.pos += target?.kind === 'word' ? 2 : 1;
      } else if (t.op === '(' && simple.words.length === 1 && this.isOp(')', 1)) {
        this.pos += 2;
        return this.functionBody(textOf(simple.words[0] as Word));
      } else if (t.op === '(') {
        this.pos += 1;
        simple.groups.push(this.group(')'));
      } else break;
    }
    return simple;
  }

  /**
   * `case word in (pattern | pattern) list ;; … esac`: the arms' lists are commands (all are read,
   * whichever matches); the word and patterns are kept as words of a `case` command, so their
   * substitutions are read too.
   */
  private caseCommand(keyword: Word): GroupCommand {
    const words: SimpleCommand = { kind: 'simple', words: [keyword], redirects: [], groups: [] };
    const body: Pipeline[] = [{ commands: [words], next: undefined }];
    let inWord = false;
    this.pos += 1;
    while (this.pos < this.tokens.length) {
      const t = this.tokens[this.pos] as Token;
      if (t.kind === 'word' && isBare(t.word, 'esac')) {
        this.pos += 1;
        break;
      }
      if (t.kind === 'op' && (t.op === '\n' || t.op === ';' || ARM_ENDS.has(t.op))) {
        this.pos += 1;
        continue;
      }
      if (!inWord) {
        if (t.kind === 'word') words.words.push(t.word);
        inWord = t.kind === 'word' && isBare(t.word, 'in');
        this.pos += 1;
        continue;
      }
      // An arm: its patterns up to `)`, then its list.
      if (this.isOp('(')) this.pos += 1;
      while (this.pos < this.tokens.length) {
        const p = this.tokens[this.pos] as Token;
        if (p.kind === 'word') words.words.push(p.word);
        else if (p.op !== '|') break;
        this.pos += 1;
      }
      if (this.isOp(')')) this.pos += 1;
      body.push(...this.list('esac'));
    }
    return { kind: 'group', body, redirects: this.redirects() };
  }

  private functionBody(name: string): FunctionCommand {
    while (this.isOp('\n')) this.pos += 1;
    return { kind: 'function', name, body: this.command() };
  }

  private group(close: ')' | '}'): GroupCommand {
    const body = this.list(close);
    if (this.pos < this.tokens.length) this.pos += 1;
    return { kind: 'group', body, redirects: this.redirects() };
  }

  private redirects(): Redirect[] {
    const redirects: Redirect[] = [];
    while (this.pos < this.tokens.length) {
      const t = this.tokens[this.pos] as Token;
      if (t.kind !== 'op' || !REDIRECT_OPS.has(t.op)) break;
      const target = this.tokens[this.pos + 1];
      redirects.push({ op: t.op, target: target?.kind === 'word' ? target.word : undefined, fd: t.fd });
      this.pos += target?.kind === 'word' ? 2 : 1;
    }
    return redirects;
  }

  private isLeading(token: Token | undefined): boolean {
    return token?.kind === 'word' && !token.word.quoted && LEADING.has(textOf(token.word));
  }

  private isOp(op: string, ahead = 0): boolean {
    const t = this.tokens[this.pos + ahead];
    return t?.kind === 'op' && t.op === op;
  }
}
