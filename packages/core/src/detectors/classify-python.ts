import { type CodeClassification, type CodeFinding, uniqueFindings } from './code-findings.ts';
import { CREDENTIAL_PATH } from './credential-paths.ts';
import { type PyToken, tokenizePython } from './python-tokens.ts';

const SPAWN =
  /^(subprocess|pty|commands|sh|plumbum|pexpect)(\.|$)|^os\.(system|popen\d?|exec\w*|spawn\w*|fork\w*|posix_spawnp?)$|^asyncio\.create_subprocess_\w+$/;
const DELETE =
  /^(os\.(remove|unlink|rmdir|removedirs)|shutil\.rmtree|send2trash(\..*)?)$|\.(unlink|rmdir|rmtree)$/;
const NETWORK =
  /^(socket|requests|urllib|urllib2|urllib3|http\.client|httplib|httpx|aiohttp|ftplib|smtplib|telnetlib|paramiko|websocket|websockets|pycurl)(\.|$)/;
const EVAL = /^(eval|exec|compile|__import__|importlib\.import_module|runpy\.\w+)$/;
const CREDENTIALS = /^(os\.environ|os\.getenv|os\.environb|keyring\.\w+|getpass\.\w+)$|^environ$/;

/**
 * Analyses Python through a tokenizer (comments and string contents never count as code): process
 * spawning (subprocess, os.system…), file deletion, network modules, `eval` / `exec` /
 * `__import__`, and environment or credential-file reads. Module aliases from `import x as y` and
 * `from x import y` are followed.
 *
 * @example
 * classifyPython('import subprocess as sp\nsp.run(["id"])') // processSpawn
 */
export function classifyPython(code: string): CodeClassification {
  const tokenized = tokenizePython(code);
  if (!tokenized.ok) return { ok: false, error: `Python could not be read: ${tokenized.error}` };
  const tokens = tokenized.tokens;
  const aliases = new Map<string, string>();
  const findings: CodeFinding[] = [];
  const check = (name: string, called: boolean) => {
    const qualified = resolve(name, aliases);
    if (SPAWN.test(qualified)) findings.push({ class: 'processSpawn', reason: `uses ${qualified}` });
    if (called && DELETE.test(qualified))
      findings.push({ class: 'fileDelete', reason: `calls ${qualified}` });
    if (NETWORK.test(qualified)) findings.push({ class: 'network', reason: `uses ${qualified}` });
    if (called && EVAL.test(qualified)) findings.push({ class: 'dynamicEval', reason: `calls ${qualified}` });
    if (CREDENTIALS.test(qualified)) findings.push({ class: 'credentials', reason: `reads ${qualified}` });
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as PyToken;
    if (token.kind === 'string') {
      if (CREDENTIAL_PATH.test(token.text))
        findings.push({ class: 'credentials', reason: `refers to ${token.text.slice(0, 60)}` });
      continue;
    }
    if (token.kind !== 'name') continue;
    const previous = tokens[i - 1];
    if (previous?.kind === 'op' && previous.text === '.') {
      // A method on an expression (`Path("a").unlink()`): only its name is known.
      const next = tokens[i + 1];
      if (next?.kind === 'op' && next.text === '(') check(`.${token.text}`, true);
      continue;
    }
    if (token.text === 'import' || token.text === 'from') {
      i = readImport(tokens, i, aliases, check);
      continue;
    }
    const [dotted, end] = dottedName(tokens, i);
    const next = tokens[end];
    check(dotted, next?.kind === 'op' && next.text === '(');
    i = end - 1;
  }
  return { ok: true, findings: uniqueFindings(findings) };
}

function dottedName(tokens: PyToken[], start: number): [string, number] {
  let name = (tokens[start] as PyToken).text;
  let i = start + 1;
  while (tokens[i]?.kind === 'op' && tokens[i]?.text === '.' && tokens[i + 1]?.kind === 'name') {
    name += `.${(tokens[i + 1] as PyToken).text}`;
    i += 2;
  }
  return [name, i];
}

/** `import a.b as c, d` and `from a.b import x as y, z`: record aliases, report the modules. */
function readImport(
  tokens: PyToken[],
  start: number,
  aliases: Map<string, string>,
  check: (name: string, called: boolean) => void,
): number {
  const keyword = (tokens[start] as PyToken).text;
  let i = start + 1;
  let from = '';
  if (keyword === 'from') {
    while (tokens[i]?.kind === 'op' && tokens[i]?.text === '.') i += 1; // relative imports
    if (tokens[i]?.kind === 'name' && tokens[i]?.text !== 'import') {
      const [module, end] = dottedName(tokens, i);
      from = module;
      i = end;
    }
    if (tokens[i]?.text !== 'import') return i;
    i += 1;
  }
  while (i < tokens.length) {
    const token = tokens[i];
    if (token?.kind === 'op' && (token.text === '(' || token.text === ',' || token.text === ')')) {
      i += 1;
      continue;
    }
    if (token?.kind !== 'name') break;
    const [name, end] = dottedName(tokens, i);
    i = end;
    const full = from ? `${from}.${name}` : name;
    const head = name.split('.')[0] as string;
    // import a.b binds a; import a.b as c binds c to a.b; from a import x binds x to a.x.
    let alias = from ? name : head;
    let target = from ? full : head;
    if (tokens[i]?.kind === 'name' && tokens[i]?.text === 'as' && tokens[i + 1]?.kind === 'name') {
      alias = (tokens[i + 1] as PyToken).text;
      target = full;
      i += 2;
    }
    aliases.set(alias, target);
    check(full, false);
    if (from) check(from, false);
    const next = tokens[i];
    if (next?.kind !== 'op' || (next.text !== ',' && next.text !== ')')) break;
  }
  return i - 1;
}

function resolve(name: string, aliases: Map<string, string>): string {
  const head = name.split('.')[0] as string;
  const target = aliases.get(head);
  return target === undefined ? name : target + name.slice(head.length);
}
