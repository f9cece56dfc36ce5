import { isPlainVariable } from './code-environment.ts';
import { type CodeClassification, type CodeFinding, uniqueFindings } from './code-findings.ts';
import { credentialPathIn, type StringPiece } from './code-string-runs.ts';
import {
  ANY_RULE,
  capabilitiesOf,
  DYNAMIC_ROOTS,
  ENVIRONMENT_GETTERS,
  ENVIRONMENT_ITEM,
  IMPORTERS,
  INSPECTORS,
  REEXPORTED,
  REMOTE_URL,
  SENSITIVE_MODULES,
  URL_READERS,
} from './python-capabilities.ts';
import { spawnedCommand } from './python-commands.ts';
import { isOp, lexPython, type PyToken, plausiblePython } from './python-lexer.ts';
import { sqlCallFindings } from './sql-driver-calls.ts';
import { overwritesSystem, overwritesSystemDirectory } from './system-paths.ts';

// Calls that write a file their first argument names (with a writing mode), or their second.
const OPENERS = new Set(['open', 'io.open', 'codecs.open']);
// Methods of tarfile and zipfile archives that write what they hold into a directory.
const UNPACKERS = new Set(['.extractall', '.extract']);
const COPIERS = new Set([
  'shutil.copy',
  'shutil.copy2',
  'shutil.copyfile',
  'shutil.move',
  'os.rename',
  'os.replace',
]);
const MOVERS = new Set(['shutil.move', 'os.rename', 'os.replace']);
// Methods of `pathlib.Path` that write over the file it names.
const PATH_WRITERS = new Set(['write_text', 'write_bytes']);
// Functions that decode a string given to them, by the encoding they read.
const DECODERS = new Map<string, BufferEncoding>([
  ['b64decode', 'base64'],
  ['standard_b64decode', 'base64'],
  ['urlsafe_b64decode', 'base64url'],
  ['decodebytes', 'base64'],
  ['a2b_base64', 'base64'],
  ['fromhex', 'hex'],
  ['unhexlify', 'hex'],
  ['a2b_hex', 'hex'],
]);
const WRITE_FLAGS = /^(O_WRONLY|O_RDWR|O_TRUNC|O_APPEND|O_CREAT)$/;
/** What `globals()`, `locals()` and `vars()` stand for in a dotted name: the module's namespace. */
const NAMESPACE = '<namespace>';
/** Methods of a namespace dictionary that read a name from it, like a subscript. */
const NAMESPACE_READERS = new Set(['get', 'pop', 'setdefault', '__getitem__']);
/**
 * How deeply `getattr(getattr(…))` and `vars(vars(…))` are followed. CPython itself rejects more
 * than 200 nested parentheses, so real code never comes near; deeper code is reported as dynamic.
 */
const MAX_NESTING = 100;
/** How many modules `from x import *` is followed for; real code stars a handful at most. */
const MAX_STARS = 16;
interface Reference {
  /** The dotted name, aliases not yet applied. */
  name: string;
  /** The index after it. */
  end: number;
}

/**
 * Analyses Python through a tokenizer that reads it as CPython does (comments and string contents
 * never count as code; f-string replacement fields do; names are NFKC-normalised): process
 * spawning (subprocess, os.system…), file deletion, network modules, `eval` / `exec` /
 * `__import__`, and environment or credential-file reads. Module aliases from `import x as y`,
 * `from x import y`, `from x import *` and `y = x` are followed, as are `getattr(x, 'name')`,
 * `sys.modules['x']`, `vars(x)['name']`, `globals()['name']` and modules re-exported by others
 * (`shutil.os`); a name computed at run time on these, a module passed around as a value
 * (`[os]`), debuggers and `code.interact` count as dynamic evaluation. With `plausibleOnly`, code
 * that cannot be Python (two plain names in a row, as in `const x`) is reported as unreadable.
 *
 * @example
 * classifyPython('import subprocess as sp\nsp.run(["id"])') // processSpawn
 */
export function classifyPython(code: string, { plausibleOnly = false } = {}): CodeClassification {
  const lexed = lexPython(code);
  if (!lexed.ok) return { ok: false, error: `Python could not be read: ${lexed.error}` };
  if (plausibleOnly && !plausiblePython(lexed.tokens)) return { ok: false, error: 'not Python' };
  try {
    return { ok: true, findings: new PythonReader(lexed.tokens).read() };
  } catch (error) {
    // A safety net: the reader follows nothing without a bound, but code nested past the stack
    // is unreadable rather than a crash.
    if (error instanceof RangeError)
      return { ok: false, error: `Python could not be read: ${error.message}` };
    throw error;
  }
}

// The most tokens of a value `recordString` reads.
const MAX_VALUE_TOKENS = 64;

class PythonReader {
  private readonly aliases = new Map<string, string>();
  private readonly imported = new Set<string>();
  private readonly stars = new Set<string>();
  private readonly findings: CodeFinding[] = [];
  /** Process-spawning findings an import statement gave, and whether any use gave one. */
  private readonly importedSpawns = new Set<CodeFinding>();
  private spawnUsed = false;
  /** Each reference read once, by where it starts, so nested ones are not read again and again. */
  private readonly references = new Map<number, Reference>();
  /** Where the value of an alias (`s = os`) starts: a module named there is not passed around. */
  private readonly aliasValues = new Set<number>();
  /**
   * The one string a variable was last given in a statement, by name (`p = '/etc/passwd'`,
   * `base = os.path.expanduser('~/.aws')`, `aws = Path.home() / '.aws'`): what a path built
   * from it (`os.path.join(base, 'credentials')`) or a call given it (`open(p, 'w')`) names.
   */
  private readonly strings = new Map<string, string>();
  /** How many references are being read inside each other now. */
  private nesting = 0;
  /** For each opening bracket, the index of its closing one (-1 for none), once needed. */
  private closers: Int32Array | undefined;

  private readonly tokens: PyToken[];

  constructor(tokens: PyToken[]) {
    this.tokens = tokens;
  }

  read(): CodeFinding[] {
    const tokens = this.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as PyToken;
      if (token.kind === 'string') {
        if (!this.continuesRun(i)) this.stringRun(i);
        this.decodedString(i);
        continue;
      }
      if (token.kind !== 'name') continue;
      const previous = tokens[i - 1];
      if (isOp(previous, '.')) {
        // A method on an expression (`Path("a").unlink()`): only its name is known.
        if (isOp(tokens[i + 1], '(')) {
          this.check(`.${token.text}`, { called: true, argument: i + 1 });
          if (PATH_WRITERS.has(token.text)) this.writesReceiver(i, token.text);
        }
        continue;
      }
      if (previous?.kind === 'name' && (previous.text === 'def' || previous.text === 'class')) continue;
      if (token.text === 'import' || token.text === 'from') {
        i = this.readImport(i);
        continue;
      }
      if (isOp(tokens[i + 1], '=') || isOp(tokens[i + 1], ':=')) this.assignment(i);
      if (isOp(tokens[i + 1], '=') && (previous === undefined || previous.kind === 'newline'))
        this.recordString(i);
      const reference = this.reference(i);
      const next = tokens[reference.end];
      const called = isOp(next, '(');
      // `f(exec=1)` names a keyword argument, not the builtin.
      if (!isOp(next, '=')) {
        this.check(reference.name, { called, argument: called ? reference.end : undefined });
        this.passedAround(i, reference);
      }
      i = reference.end - 1;
    }
    // An import only names a module or function: once the code uses it, the uses say what runs.
    const findings = this.spawnUsed
      ? this.findings.filter((finding) => !this.importedSpawns.has(finding))
      : this.findings;
    return uniqueFindings(findings);
  }

  /** The command line a call at `open` starts, when written in literals (see `spawnedCommand`). */
  private command(qualified: string, open: number | undefined): string | undefined {
    if (open === undefined || !isOp(this.tokens[open], '(')) return undefined;
    return spawnedCommand(this.tokens, qualified, open, this.closer(open));
  }

  /** `name = other.name`: the name now stands for what the other one does. */
  private assignment(i: number): void {
    const target = (this.tokens[i] as PyToken).text;
    if (this.tokens[i + 2]?.kind !== 'name') return;
    const value = this.reference(i + 2);
    const after = this.tokens[value.end];
    if (after === undefined || after.kind === 'newline' || isOp(after, ')') || isOp(after, ',')) {
      // A statement (`s = os`) binds the name to the value alone; a keyword argument (`f(m=os)`)
      // or `(s := os)` also hands it on.
      const previous = this.tokens[i - 1];
      const statement = previous === undefined || previous.kind === 'newline' || isOp(previous, ':');
      if (statement && isOp(this.tokens[i + 1], '=')) this.aliasValues.add(i + 2);
      this.aliases.set(target, this.canonical(value.name));
      if (this.imported.has(value.name.split('.')[0] as string)) this.imported.add(target);
    }
  }

  /** Remembers the string a statement `name = …` gives, when its value holds exactly one. */
  private recordString(i: number): void {
    const name = (this.tokens[i] as PyToken).text;
    let value: string | undefined;
    let count = 0;
    // Values are short; a longer one is not a path built from one string.
    for (let j = i + 2; j < Math.min(this.tokens.length, i + 2 + MAX_VALUE_TOKENS); j++) {
      const token = this.tokens[j] as PyToken;
      if (token.kind === 'newline') break;
      if (token.kind === 'string') {
        value = token.text;
        count += 1;
      }
    }
    if (count === 1 && value !== undefined) this.strings.set(name, value);
    else this.strings.delete(name);
  }

  /**
   * A dotted name starting at `start`, reading `x['y']` as `x.y`, `getattr(x, 'y')` as `x.y`,
   * `vars(x)` as `x.__dict__`, `globals()['y']` as `y` and `__import__('x')` as `x`. A getattr
   * with a name computed at run time on a module that could reach a finding is dynamic evaluation,
   * as is a computed read from `globals()`, `locals()`, `vars()` or `sys.modules`. Each start is
   * read once; references nested deeper than `MAX_NESTING` are reported as dynamic, not followed.
   */
  private reference(start: number): Reference {
    const known = this.references.get(start);
    if (known !== undefined) return known;
    if (this.nesting >= MAX_NESTING) {
      // Not remembered: read from the top later, it has the whole depth to itself again.
      this.push('dynamicEval', 'nests getattr or vars too deeply to follow');
      return { name: (this.tokens[start] as PyToken).text, end: start + 1 };
    }
    this.nesting += 1;
    const reference = this.readReference(start);
    this.nesting -= 1;
    this.references.set(start, reference);
    return reference;
  }

  private readReference(start: number): Reference {
    const tokens = this.tokens;
    let name = (tokens[start] as PyToken).text;
    let i = start + 1;
    while (isOp(tokens[i], '.') && tokens[i + 1]?.kind === 'name') {
      // `sys.modules.get(…)` is read below, like a subscript.
      const part = (tokens[i + 1] as PyToken).text;
      if (NAMESPACE_READERS.has(part) && this.namespace(name) !== undefined) break;
      name += `.${part}`;
      i += 2;
    }
    // Only a call (`getattr(`, `vars(`, `__import__(`…) reads differently from a dotted name.
    const headName = isOp(tokens[i], '(') ? this.canonical(name) : '';
    if (headName === 'getattr' && isOp(tokens[i], '(') && tokens[i + 1]?.kind === 'name') {
      const object = this.reference(i + 1);
      const attribute = tokens[object.end + 1];
      const after = tokens[object.end + 2];
      if (isOp(tokens[object.end], ',') && attribute?.kind === 'string' && isOp(after, ')')) {
        // `getattr(vars(os), 'get')` reads names out of sight.
        const namespace = NAMESPACE_READERS.has(attribute.text) ? this.namespace(object.name) : undefined;
        if (namespace !== undefined) this.push('dynamicEval', `reads a computed name from ${namespace}`);
        name = `${object.name}.${attribute.text}`;
        i = object.end + 3;
      } else if (isOp(tokens[object.end], ',') && attribute?.kind === 'string' && isOp(after, ',')) {
        // `getattr(x, 'y', default)`: x.y, the default read as code of its own.
        return { name: `${object.name}.${attribute.text}`, end: object.end + 2 };
      } else {
        const root = this.canonical(object.name).split('.')[0] as string;
        if (DYNAMIC_ROOTS.has(root)) this.push('dynamicEval', `getattr with a computed name on ${root}`);
        const namespace = this.namespace(object.name);
        if (namespace !== undefined) this.push('dynamicEval', `getattr with a computed name on ${namespace}`);
        return { name, end: i };
      }
    } else if (headName === 'vars' && isOp(tokens[i], '(') && isOp(tokens[i + 1], ')')) {
      name = NAMESPACE;
      i += 2;
    } else if (headName === 'vars' && isOp(tokens[i], '(') && tokens[i + 1]?.kind === 'name') {
      const object = this.reference(i + 1);
      if (!isOp(tokens[object.end], ')')) return { name, end: i };
      name = `${object.name}.__dict__`;
      i = object.end + 1;
    } else if (
      (headName === 'globals' || headName === 'locals') &&
      isOp(tokens[i], '(') &&
      isOp(tokens[i + 1], ')')
    ) {
      name = NAMESPACE;
      i += 2;
    } else if (IMPORTERS.has(headName) && isOp(tokens[i], '(') && tokens[i + 1]?.kind === 'string') {
      if (!isOp(tokens[i + 2], ')') && !isOp(tokens[i + 2], ',')) return { name, end: i };
      this.check(headName, { called: true });
      name = (tokens[i + 1] as PyToken).text;
      this.check(name, { called: false, imported: true });
      const close = this.closer(i);
      if (close < 0) return { name, end: i + 2 };
      i = close + 1;
    }
    while (i < tokens.length) {
      const token = tokens[i + 1];
      if (isOp(tokens[i], '.') && token?.kind === 'name') {
        const namespace = NAMESPACE_READERS.has(token.text) ? this.namespace(name) : undefined;
        if (namespace !== undefined) {
          // `sys.modules.get('os')` reads like `sys.modules['os']`; with a computed name, anything.
          const key = tokens[i + 3];
          if (isOp(tokens[i + 2], '(') && key?.kind === 'string' && isOp(tokens[i + 4], ')')) {
            name += `.${key.text}`;
            i += 5;
            continue;
          }
          this.push('dynamicEval', `reads a computed name from ${namespace}`);
          break;
        }
        name += `.${token.text}`;
        i += 2;
      } else if (isOp(tokens[i], '[') && token?.kind === 'string' && isOp(tokens[i + 2], ']')) {
        name += `.${token.text}`;
        i += 3;
      } else if (
        isOp(tokens[i], '[') &&
        token?.text === '__name__' &&
        isOp(tokens[i + 2], ']') &&
        this.namespace(name) === 'sys.modules'
      ) {
        // `sys.modules[__name__]`: this very module, whose names are those of `globals()`.
        name = NAMESPACE;
        i += 3;
      } else {
        if (isOp(tokens[i], '[')) {
          const namespace = this.namespace(name);
          if (namespace !== undefined) this.push('dynamicEval', `reads a computed name from ${namespace}`);
        }
        break;
      }
    }
    return { name, end: i };
  }

  /**
   * `globals()`, `locals()`, `vars()`, `sys.modules` or the namespace of a module that could reach
   * a finding (`vars(os)`, `os.__dict__`), however reached, which a name computed at run time could
   * read anything from; what to call it, or undefined for any other name.
   */
  private namespace(name: string): string | undefined {
    // Only the last few parts can make a name one (`os.path.os.sys.modules` is `sys.modules`), so
    // a long name is judged by them alone, and reading it part by part costs no more than once.
    let cut = name.length;
    for (let parts = 0; parts < 4 && cut > 0; parts++) cut = name.lastIndexOf('.', cut - 1);
    const canonical =
      cut > 0 ? this.canonical(name.slice(cut + 1), { aliased: false }) : this.canonical(name);
    if (canonical === NAMESPACE) return 'the namespace';
    if (canonical === 'sys.modules') return 'sys.modules';
    // `vars(os).get(name)`: a module has no `get` of its own, so this is its namespace.
    if (SENSITIVE_MODULES.has(canonical)) return canonical;
    return undefined;
  }

  /**
   * A module that could reach a finding, used as a value of its own (`[os]`, `f(os)`,
   * `vars(os)[name]`) rather than through a name read from it: what is done with it is out of
   * sight, so it counts as dynamic. Aliases (`s = os`) are followed instead, inspecting builtins
   * (`hasattr(os, 'fork')`) and statements that only name it (`del os`) are harmless.
   */
  private passedAround(start: number, reference: Reference): void {
    const tokens = this.tokens;
    const next = tokens[reference.end];
    if (isOp(next, '.') || isOp(next, ':=') || this.aliasValues.has(start)) return;
    const canonical = this.canonical(reference.name);
    if (!SENSITIVE_MODULES.has(canonical)) return;
    // Only a name that leads to a module: `os` (imported or not), `m = __import__('os')`,
    // `globals()['os']`, `__builtins__`, `import shutil` then `shutil.os`; not `args.os`, an
    // attribute of anything.
    const head = reference.name.split('.')[0] as string;
    const root = this.canonical(head).split('.')[0] as string;
    const module =
      this.imported.has(head) || head === '__builtins__' || root === NAMESPACE || SENSITIVE_MODULES.has(root);
    if (!module) return;
    const previous = tokens[start - 1];
    const alone =
      (previous === undefined || previous.kind === 'newline') &&
      (next === undefined || next.kind === 'newline');
    if (alone || (previous?.kind === 'name' && ['del', 'global', 'nonlocal'].includes(previous.text))) return;
    const inspector = tokens[start - 2];
    if (
      isOp(previous, '(') &&
      inspector?.kind === 'name' &&
      INSPECTORS.has(inspector.text) &&
      (isOp(next, ',') || isOp(next, ')'))
    )
      return;
    this.push(
      'dynamicEval',
      isOp(next, '[') ? `reads a computed name from ${canonical}` : `passes ${canonical} around`,
    );
  }

  /** The index of the bracket closing the one at `open`, or -1. */
  private closer(open: number): number {
    if (this.closers === undefined) {
      const closers = new Int32Array(this.tokens.length).fill(-1);
      const stack: number[] = [];
      for (const [index, token] of this.tokens.entries()) {
        if (token.kind !== 'op') continue;
        if (token.text === '(' || token.text === '[' || token.text === '{') stack.push(index);
        else if (token.text === ')' || token.text === ']' || token.text === '}') {
          const opened = stack.pop();
          if (opened !== undefined) closers[opened] = index;
        }
      }
      this.closers = closers;
    }
    return this.closers[open] ?? -1;
  }

  /** The name with aliases applied and re-exports, `builtins.` and `posix.` resolved. */
  private canonical(name: string, { aliased = true } = {}): string {
    const dot = name.indexOf('.');
    const head = dot < 0 ? name : name.slice(0, dot);
    const target = aliased ? this.aliases.get(head) : undefined;
    const full = target === undefined ? name : target + name.slice(head.length);
    // Most names are one plain name: nothing to resolve.
    if (!full.includes('.') && full !== '__dict__') return full === 'posix' || full === 'nt' ? 'os' : full;
    let parts = full.split('.');
    parts = parts.filter((part) => part !== '__dict__');
    for (let k = parts.length - 1; k > 0; k--) {
      // `socket.socket` is the socket class, not the module again.
      if (REEXPORTED.has(parts[k] as string) && !(k === 1 && parts[0] === parts[1])) {
        parts = parts.slice(k);
        break;
      }
    }
    // `globals()['os']` is `os`; `sys.modules['shutil']` is `shutil`.
    if (parts.length > 1 && parts[0] === NAMESPACE) parts = parts.slice(1);
    if (parts.length > 2 && parts[0] === 'sys' && parts[1] === 'modules') parts = parts.slice(2);
    if (parts.length > 1 && (parts[0] === 'builtins' || parts[0] === '__builtins__')) parts = parts.slice(1);
    if (parts[0] === 'posix' || parts[0] === 'nt') parts[0] = 'os';
    return parts.join('.');
  }

  private check(
    name: string,
    {
      called,
      imported = false,
      argument,
    }: { called: boolean; imported?: boolean; argument?: number | undefined },
  ): void {
    const head = name.split('.')[0] as string;
    const bound = this.aliases.has(head);
    const names = [{ qualified: this.canonical(name), fromImport: imported || this.imported.has(head) }];
    // `from os import *` binds every public name of os.
    if (!bound && !name.startsWith('.') && this.stars.size > 0) names.push(...this.starred(name));
    // A method called on a variable (`p.unlink()` with `p = Path(…)`): only its name is known.
    const dot = name.lastIndexOf('.');
    if (called && dot > 0 && !bound && !this.imported.has(head))
      names.push({ qualified: name.slice(dot), fromImport: false });
    // A function named but not called (`map(shutil.rmtree, dirs)`) is as good as called; an
    // import statement only names it.
    const used = called || !imported;
    // SQL a driver runs: `cur.execute('DROP TABLE users')`, `session.execute(text('…'))`.
    if (called)
      this.findings.push(
        ...sqlCallFindings((names[0] as { qualified: string }).qualified, () =>
          this.literalArgument(argument),
        ),
      );
    for (const { qualified, fromImport } of names) {
      for (const finding of capabilitiesOf(qualified, { fromImport, called, used })) {
        if (finding.class === 'credentials' && this.plainVariable(qualified, argument)) continue;
        if (finding.class === 'processSpawn') {
          const command = this.command(qualified, called ? argument : undefined);
          const spawn = command === undefined ? finding : { ...finding, command };
          if (imported) this.importedSpawns.add(spawn);
          else this.spawnUsed = true;
          this.findings.push(spawn);
          continue;
        }
        const target = finding.class === 'fileDelete' && called ? this.literalArgument(argument) : undefined;
        this.findings.push(target === undefined ? finding : { ...finding, target });
      }
      if (called && URL_READERS.test(qualified)) {
        const url = this.literalArgument(argument);
        if (url !== undefined && REMOTE_URL.test(url))
          this.push('network', `reads ${url.slice(0, 60)} (${qualified})`);
      }
      const written = called ? this.overwritten(qualified, argument) : undefined;
      if (written !== undefined)
        this.findings.push({
          class: 'fileDelete',
          reason: `overwrites ${written} (${qualified})`,
          target: written,
        });
    }
  }

  /**
   * What `name` may stand for as a name bound by each `from x import *`, where that could matter:
   * the names a rule could match. Read without `canonical` per module, so many names and star
   * imports stay cheap.
   */
  private starred(name: string): { qualified: string; fromImport: boolean }[] {
    const parts = name.split('.').filter((part) => part !== '__dict__' && part !== NAMESPACE);
    // A module re-exported in the name (`shutil.os.system`) decides alone, whichever module binds it.
    if (parts.some((part) => REEXPORTED.has(part))) return [];
    const rest = parts.join('.');
    const names: { qualified: string; fromImport: boolean }[] = [];
    if (rest === '') return names;
    for (const star of this.stars) {
      // Only these change further when joined with a name (`builtins.exec` is `exec`).
      const special = star === 'sys' || star === 'builtins' || star === '__builtins__';
      const qualified = special ? this.canonical(`${star}.${rest}`, { aliased: false }) : `${star}.${rest}`;
      if (special || ANY_RULE.test(qualified)) names.push({ qualified, fromImport: true });
    }
    return names;
  }

  /** The first argument of the call whose `(` is at `open`, when it is one string literal. */
  private literalArgument(open: number | undefined): string | undefined {
    if (open === undefined || !isOp(this.tokens[open], '(')) return undefined;
    let at = open + 1;
    // `extractall(path='/')`: the first argument by its name.
    if (this.tokens[at]?.kind === 'name' && isOp(this.tokens[at + 1], '=')) at += 2;
    const value = this.tokens[at];
    const after = this.tokens[at + 1];
    if (!isOp(after, ')') && !isOp(after, ',')) return undefined;
    if (value?.kind === 'string') return value.text;
    return value?.kind === 'name' && !isOp(this.tokens[at - 1], '.')
      ? this.strings.get(value.text)
      : undefined;
  }

  /**
   * The path a call at `open` writes over when it is a file of the system or a disk written out:
   * `open('/etc/passwd', 'w')`, `os.truncate('/etc/passwd', 0)`, `shutil.copy(x, '/dev/sda')`,
   * `os.open('/dev/sda', os.O_WRONLY)`; or the directory of the system an archive is unpacked
   * over (`t.extractall('/')`, `shutil.unpack_archive(x, '/usr')`).
   */
  private overwritten(qualified: string, open: number | undefined): string | undefined {
    const first = this.literalArgument(open);
    let path: string | undefined;
    if (OPENERS.has(qualified)) path = /[wax+]/.test(this.secondString(open) ?? '') ? first : undefined;
    else if (qualified === 'os.truncate') path = first;
    else if (COPIERS.has(qualified)) {
      // A move takes its source away too (`shutil.move('/etc/passwd', …)`).
      path = this.secondString(open);
      if (MOVERS.has(qualified) && first !== undefined && overwritesSystem(first)) path = first;
    } else if (qualified === 'os.open' && open !== undefined) {
      const close = this.closer(open);
      const writes = this.tokens
        .slice(open, close < 0 ? this.tokens.length : close)
        .some((t) => t.kind === 'name' && WRITE_FLAGS.test(t.text));
      path = writes ? first : undefined;
    }
    if (path !== undefined) return overwritesSystem(path) ? path : undefined;
    // Unpacking an archive over the system (`tarfile…extractall('/')`, `shutil.unpack_archive`).
    const directory = UNPACKERS.has(qualified)
      ? first
      : qualified === 'shutil.unpack_archive'
        ? this.secondString(open)
        : undefined;
    return directory !== undefined && overwritesSystemDirectory(directory) ? directory : undefined;
  }

  /**
   * `Path('/etc/passwd').write_text(…)`: the method at `i` writes over the file its receiver, a
   * path built from one string, names.
   */
  private writesReceiver(i: number, method: string): void {
    const tokens = this.tokens;
    const path = tokens[i - 3];
    if (!isOp(tokens[i - 2], ')') || path?.kind !== 'string' || !isOp(tokens[i - 4], '(')) return;
    if (tokens[i - 5]?.kind !== 'name' || !/Path$/.test(tokens[i - 5]?.text ?? '')) return;
    if (!overwritesSystem(path.text)) return;
    this.findings.push({
      class: 'fileDelete',
      reason: `overwrites ${path.text} (.${method})`,
      target: path.text,
    });
  }

  /** The second argument of the call at `open` when it is a string (`mode='w'` too). */
  private secondString(open: number | undefined): string | undefined {
    if (open === undefined || !isOp(this.tokens[open + 2], ',')) return undefined;
    let at = open + 3;
    if (this.tokens[at]?.kind === 'name' && isOp(this.tokens[at + 1], '=')) at += 2;
    const value = this.tokens[at];
    return value?.kind === 'string' ? value.text : undefined;
  }

  /** `os.environ["HOME"]`, `os.getenv("HOME")`: one named variable that never holds a secret. */
  private plainVariable(qualified: string, argument: number | undefined): boolean {
    const item = ENVIRONMENT_ITEM.exec(qualified)?.[1];
    if (item !== undefined && !ENVIRONMENT_GETTERS.has(qualified)) return isPlainVariable(item);
    if (!ENVIRONMENT_GETTERS.has(qualified)) return false;
    const name = this.literalArgument(argument);
    return name !== undefined && isPlainVariable(name);
  }

  /** Whether the string at `i` continues a run of constant pieces started earlier. */
  private continuesRun(i: number): boolean {
    const previous = this.tokens[i - 1];
    if (previous?.kind === 'string') return true;
    return (
      previous?.kind === 'op' &&
      ['+', '/', ','].includes(previous.text) &&
      this.tokens[i - 2]?.kind === 'string'
    );
  }

  /** `'/.a' 'ws' + '/credentials'`, `home / '.aws' / 'credentials'`, `join(h, '.aws', 'credentials')`. */
  private stringRun(start: number): void {
    const pieces: StringPiece[] = [];
    let i = start;
    let join: StringPiece['join'] = 'concat';
    // A variable holding a string before it: `join(base, 'credentials')`, `aws / 'credentials'`.
    const before = this.tokens[start - 1];
    const variable = this.tokens[start - 2];
    if (
      before?.kind === 'op' &&
      ['+', '/', ','].includes(before.text) &&
      variable?.kind === 'name' &&
      !isOp(this.tokens[start - 3], '.') &&
      this.strings.has(variable.text)
    ) {
      pieces.push({ text: this.strings.get(variable.text) as string, join });
      join = before.text === '+' ? 'concat' : 'path';
    }
    while (true) {
      const token = this.tokens[i];
      if (token?.kind !== 'string') break;
      pieces.push({ text: token.text, join });
      const next = this.tokens[i + 1];
      if (next?.kind === 'string') {
        join = 'concat';
        i += 1;
      } else if (next?.kind === 'op' && ['+', '/', ','].includes(next.text)) {
        join = next.text === '+' ? 'concat' : 'path';
        i += 2;
      } else break;
    }
    const path = credentialPathIn(pieces);
    if (path !== undefined) this.push('credentials', `refers to ${path.slice(0, 60)}`);
  }

  /**
   * A credential path hidden in an encoded string a decoder is given:
   * `base64.b64decode('L3Jvb3QvLnNzaC9pZF9yc2E=')`, `bytes.fromhex('2f6574632f736861646f77')`.
   */
  private decodedString(i: number): void {
    const decoder = this.tokens[i - 2];
    if (!isOp(this.tokens[i - 1], '(') || decoder?.kind !== 'name') return;
    const encoding = DECODERS.get(decoder.text);
    if (encoding === undefined) return;
    const text = (this.tokens[i] as PyToken).text;
    const decoded = Buffer.from(encoding === 'hex' ? text.replace(/\s/g, '') : text, encoding).toString(
      'latin1',
    );
    const path = credentialPathIn([{ text: decoded, join: 'concat' }]);
    if (path !== undefined) this.push('credentials', `refers to ${path.slice(0, 60)} (encoded)`);
  }

  /** `import a.b as c, d` and `from a.b import x as y, z` or `*`: record aliases, report the modules. */
  private readImport(start: number): number {
    const tokens = this.tokens;
    const keyword = (tokens[start] as PyToken).text;
    let i = start + 1;
    let from = '';
    if (keyword === 'from') {
      while (isOp(tokens[i], '.') || isOp(tokens[i], '...')) i += 1; // relative imports
      if (tokens[i]?.kind === 'name' && tokens[i]?.text !== 'import') {
        const reference = this.dotted(i);
        from = reference.name;
        i = reference.end;
      }
      if (tokens[i]?.text !== 'import') return i;
      i += 1;
      // The package is judged by the names taken from it: `from urllib import parse` is no network.
    }
    while (i < tokens.length) {
      const token = tokens[i];
      if (isOp(token, '(') || isOp(token, ',') || isOp(token, ')')) {
        i += 1;
        continue;
      }
      if (isOp(token, '*') && from) {
        // Each name is looked up in every star import: past `MAX_STARS` modules, that is not followed.
        this.check(from, { called: false, imported: true });
        const module = this.canonical(from, { aliased: false });
        if (this.stars.size < MAX_STARS) this.stars.add(module);
        else if (!this.stars.has(module))
          this.push('dynamicEval', 'imports * from too many modules to follow');
        i += 1;
        continue;
      }
      if (token?.kind !== 'name') break;
      const reference = this.dotted(i);
      i = reference.end;
      const full = from ? `${from}.${reference.name}` : reference.name;
      const head = reference.name.split('.')[0] as string;
      // import a.b binds a; import a.b as c binds c to a.b; from a import x binds x to a.x.
      let alias = from ? reference.name : head;
      let target = from ? full : head;
      if (tokens[i]?.text === 'as' && tokens[i + 1]?.kind === 'name') {
        alias = (tokens[i + 1] as PyToken).text;
        target = full;
        i += 2;
      }
      this.check(full, { called: false, imported: true });
      this.aliases.set(alias, this.canonical(target, { aliased: false }));
      this.imported.add(alias);
    }
    return i - 1;
  }

  private dotted(start: number): Reference {
    let name = (this.tokens[start] as PyToken).text;
    let i = start + 1;
    while (isOp(this.tokens[i], '.') && this.tokens[i + 1]?.kind === 'name') {
      name += `.${(this.tokens[i + 1] as PyToken).text}`;
      i += 2;
    }
    return { name, end: i };
  }

  private push(cls: CodeFinding['class'], reason: string): void {
    this.findings.push({ class: cls, reason });
  }
}
