import { describe, expect, it } from 'vitest';
import { type CodeLanguage, classifyCode, codeLanguage } from './classify-code.ts';

function classes(language: CodeLanguage, code: string) {
  const result = classifyCode(language, code);
  if (!result.ok) throw new Error(result.error);
  return [...new Set(result.findings.map((f) => f.class))].sort();
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
