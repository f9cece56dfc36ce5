import { isPlainVariable } from './code-environment.ts';
import { type CodeClassification, type CodeFinding, uniqueFindings } from './code-findings.ts';
import { credentialPathIn, type StringPiece } from './code-string-runs.ts';
import { lexPython, type PyToken } from './python-lexer.ts';

const SPAWN =
  /^(subprocess|_posixsubprocess|pty|plumbum|pexpect|ctypes|_ctypes|cffi)(\.|$)|^os\.(system|popen\d?|exec\w*|spawn\w*|fork\w*|posix_spawnp?)$|^asyncio\.create_subprocess_\w+$|^\.subprocess_(exec|shell)$/;
// Modules whose names are common words (`commands = [...]`) count only once imported.
const IMPORTED_SPAWN = /^(commands|sh)(\.|$)/;
const DELETE =
  /^(os\.(remove|unlink|rmdir|removedirs)|shutil\.rmtree|send2trash(\..*)?)$|^\.(unlink|rmdir|rmtree)$/;
const NETWORK =
  /^(socket|socketserver|requests|urllib|urllib2|urllib3|http\.client|http\.server|httplib|httpx|aiohttp|ftplib|smtplib|imaplib|poplib|nntplib|telnetlib|xmlrpc|webbrowser|paramiko|websocket|websockets|pycurl)(\.|$)|^asyncio\.(open_connection|open_unix_connection|start_server|start_unix_server)$/;
const EVAL = /^(eval|exec|compile|__import__|importlib\.import_module|runpy\.\w+)$/;
// Passing these around uncalled (`e = exec`, `map(eval, xs)`) is as good as calling them.
const EVAL_VALUES = new Set(['eval', 'exec', '__import__']);
const IMPORTERS = new Set(['__import__', 'importlib.import_module']);
const CREDENTIALS = /^(os\.(environ|environb|getenv|getenvb)|keyring|getpass)(\.|$)/;
const ENVIRONMENT_ITEM = /^os\.environb?\.(\w+)$/;
const ENVIRONMENT_GETTERS = new Set(['os.getenv', 'os.getenvb', 'os.environ.get', 'os.environb.get']);
// Modules other modules re-export (`shutil.os`, `asyncio.subprocess`, `sys.modules['os']`).
const REEXPORTED = new Set(['os', 'posix', 'nt', 'sys', 'subprocess', 'socket', 'builtins', 'ctypes']);
// A computed getattr on these could reach anything above.
const DYNAMIC_ROOTS = new Set([
  'os',
  'sys',
  'subprocess',
  'shutil',
  'socket',
  'builtins',
  '__builtins__',
  'ctypes',
  'importlib',
  'pty',
]);

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
 * `sys.modules['x']` and modules re-exported by others (`shutil.os`). With `plausibleOnly`, code
 * that cannot be Python (two plain names in a row, as in `const x`) is reported as unreadable.
 *
 * @example
 * classifyPython('import subprocess as sp\nsp.run(["id"])') // processSpawn
 */
export function classifyPython(code: string, { plausibleOnly = false } = {}): CodeClassification {
  const lexed = lexPython(code);
  if (!lexed.ok) return { ok: false, error: `Python could not be read: ${lexed.error}` };
  if (plausibleOnly && !plausiblePython(lexed.tokens)) return { ok: false, error: 'not Python' };
  return { ok: true, findings: new PythonReader(lexed.tokens).read() };
}

const KEYWORDS = new Set(
  'False None True and as assert async await break case class continue def del elif else except finally for from global if import in is lambda match nonlocal not or pass raise return try type while with yield'.split(
    ' ',
  ),
);

/**
 * Whether tokens could be a Python program: two names in a row (`const x`, `new Date`) are a
 * syntax error unless one is a keyword, so code written in another language rarely passes.
 */
function plausiblePython(tokens: PyToken[]): boolean {
  for (let i = 1; i < tokens.length; i++) {
    const a = tokens[i - 1] as PyToken;
    const b = tokens[i] as PyToken;
    if (a.kind === 'name' && b.kind === 'name' && !KEYWORDS.has(a.text) && !KEYWORDS.has(b.text))
      return false;
  }
  return true;
}

class PythonReader {
  private readonly aliases = new Map<string, string>();
  private readonly imported = new Set<string>();
  private readonly stars: string[] = [];
  private readonly findings: CodeFinding[] = [];

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
        continue;
      }
      if (token.kind !== 'name') continue;
      const previous = tokens[i - 1];
      if (isOp(previous, '.')) {
        // A method on an expression (`Path("a").unlink()`): only its name is known.
        if (isOp(tokens[i + 1], '(')) this.check(`.${token.text}`, { called: true });
        continue;
      }
      if (previous?.kind === 'name' && (previous.text === 'def' || previous.text === 'class')) continue;
      if (token.text === 'import' || token.text === 'from') {
        i = this.readImport(i);
        continue;
      }
      if (isOp(tokens[i + 1], '=') || isOp(tokens[i + 1], ':=')) this.assignment(i);
      const reference = this.reference(i);
      const next = tokens[reference.end];
      const called = isOp(next, '(');
      // `f(exec=1)` names a keyword argument, not the builtin.
      if (!isOp(next, '='))
        this.check(reference.name, { called, argument: called ? reference.end : undefined });
      i = reference.end - 1;
    }
    return uniqueFindings(this.findings);
  }

  /** `name = other.name`: the name now stands for what the other one does. */
  private assignment(i: number): void {
    const target = (this.tokens[i] as PyToken).text;
    if (this.tokens[i + 2]?.kind !== 'name') return;
    const value = this.reference(i + 2);
    const after = this.tokens[value.end];
    if (after === undefined || after.kind === 'newline' || isOp(after, ')') || isOp(after, ',')) {
      this.aliases.set(target, this.canonical(value.name));
      if (this.imported.has(value.name.split('.')[0] as string)) this.imported.add(target);
    }
  }

  /**
   * A dotted name starting at `start`, reading `x['y']` as `x.y`, `getattr(x, 'y')` as `x.y` and
   * `__import__('x')` as `x`. A getattr with a name computed at run time on a module that could
   * reach a finding is dynamic evaluation.
   */
  private reference(start: number): Reference {
    const tokens = this.tokens;
    const first = this.dotted(start);
    let name = first.name;
    let i = first.end;
    const headName = this.canonical(name);
    if (headName === 'getattr' && isOp(tokens[i], '(') && tokens[i + 1]?.kind === 'name') {
      const object = this.reference(i + 1);
      const attribute = tokens[object.end + 1];
      if (
        isOp(tokens[object.end], ',') &&
        attribute?.kind === 'string' &&
        isOp(tokens[object.end + 2], ')')
      ) {
        name = `${object.name}.${attribute.text}`;
        i = object.end + 3;
      } else {
        const root = this.canonical(object.name).split('.')[0] as string;
        if (DYNAMIC_ROOTS.has(root)) this.push('dynamicEval', `getattr with a computed name on ${root}`);
        return { name, end: i };
      }
    } else if (IMPORTERS.has(headName) && isOp(tokens[i], '(') && tokens[i + 1]?.kind === 'string') {
      if (!isOp(tokens[i + 2], ')') && !isOp(tokens[i + 2], ',')) return { name, end: i };
      this.check(headName, { called: true });
      name = (tokens[i + 1] as PyToken).text;
      this.check(name, { called: false, imported: true });
      i += 2;
      while (i < tokens.length && !isOp(tokens[i], ')')) i += 1;
      i += 1;
    }
    while (i < tokens.length) {
      const token = tokens[i + 1];
      if (isOp(tokens[i], '.') && token?.kind === 'name') {
        name += `.${token.text}`;
        i += 2;
      } else if (isOp(tokens[i], '[') && token?.kind === 'string' && isOp(tokens[i + 2], ']')) {
        name += `.${token.text}`;
        i += 3;
      } else break;
    }
    return { name, end: i };
  }

  /** The name with aliases applied and re-exports, `builtins.` and `posix.` resolved. */
  private canonical(name: string, { aliased = true } = {}): string {
    const head = name.split('.')[0] as string;
    const target = aliased ? this.aliases.get(head) : undefined;
    let parts = (target === undefined ? name : target + name.slice(head.length)).split('.');
    parts = parts.filter((part) => part !== '__dict__');
    for (let k = parts.length - 1; k > 0; k--) {
      if (REEXPORTED.has(parts[k] as string)) {
        parts = parts.slice(k);
        break;
      }
    }
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
    const names = [this.canonical(name)];
    // `from os import *` binds every public name of os.
    if (!bound && !name.startsWith('.'))
      for (const star of this.stars) names.push(this.canonical(`${star}.${name}`));
    const fromImport = imported || this.imported.has(head);
    for (const qualified of names) {
      if (SPAWN.test(qualified) || (fromImport && IMPORTED_SPAWN.test(qualified)))
        this.push('processSpawn', `uses ${qualified}`);
      if (called && DELETE.test(qualified)) this.push('fileDelete', `calls ${qualified}`);
      if (NETWORK.test(qualified)) this.push('network', `uses ${qualified}`);
      if ((called && EVAL.test(qualified)) || EVAL_VALUES.has(qualified))
        this.push('dynamicEval', `${called ? 'calls' : 'uses'} ${qualified}`);
      if (CREDENTIALS.test(qualified) && !this.plainVariable(qualified, argument))
        this.push('credentials', `reads ${qualified}`);
    }
  }

  /** `os.environ["HOME"]`, `os.getenv("HOME")`: one named variable that never holds a secret. */
  private plainVariable(qualified: string, argument: number | undefined): boolean {
    const item = ENVIRONMENT_ITEM.exec(qualified)?.[1];
    if (item !== undefined && !ENVIRONMENT_GETTERS.has(qualified)) return isPlainVariable(item);
    if (argument === undefined || !ENVIRONMENT_GETTERS.has(qualified)) return false;
    const name = this.tokens[argument + 1];
    const after = this.tokens[argument + 2];
    return name?.kind === 'string' && (isOp(after, ')') || isOp(after, ',')) && isPlainVariable(name.text);
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
      if (from) this.check(from, { called: false, imported: true });
    }
    while (i < tokens.length) {
      const token = tokens[i];
      if (isOp(token, '(') || isOp(token, ',') || isOp(token, ')')) {
        i += 1;
        continue;
      }
      if (isOp(token, '*') && from) {
        this.stars.push(from);
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

function isOp(token: PyToken | undefined, text: string): boolean {
  return token?.kind === 'op' && token.text === text;
}
