// Starts portcullis-mcp (stdio) in front of server-filesystem with ./portcullis.yaml, makes a few
// calls with the MCP SDK client, and asserts what the proxy let through. Exits non-zero on failure.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const quiet = process.argv.includes('--quiet');
const say = (line: string) => {
  if (!quiet) console.log(line);
};
const here = fileURLToPath(new URL('..', import.meta.url));
const config = join(here, 'portcullis.yaml');
const bin = fileURLToPath(import.meta.resolve('@portcullis/mcp').replace(/index\.ts$/, 'bin.ts'));
const workspace = join(here, 'workspace');

// A fresh sandbox and state on every run, so the run is the same each time.
rmSync(workspace, { recursive: true, force: true });
rmSync(join(here, '.portcullis'), { recursive: true, force: true });
mkdirSync(workspace);

const text = (result: unknown) =>
  ((result as { content?: { text?: string }[] }).content ?? []).map((c) => c.text ?? '').join('');

const client = new Client({ name: 'example', version: '1.0.0' });
await client.connect(
  new StdioClientTransport({ command: process.execPath, args: [bin, '--config', config], stderr: 'ignore' }),
);

try {
  const names = (await client.listTools()).tools.map((tool) => tool.name);
  say(`tools offered: ${names.length} (fs__move_file hidden: ${!names.includes('fs__move_file')})`);
  assert.ok(names.includes('fs__write_file'));
  assert.ok(!names.includes('fs__move_file'), 'move_file is denied by scope, so it is not listed');

  const inside = join(workspace, 'notes.md');
  const write = await client.callTool({
    name: 'fs__write_file',
    arguments: { path: inside, content: '# Notes\n' },
  });
  say(`✔ write inside the sandbox: ${text(write)}`);
  assert.ok(!write.isError);
  assert.equal(readFileSync(inside, 'utf8'), '# Notes\n');

  const outside = await client.callTool({
    name: 'fs__read_text_file',
    arguments: { path: join(here, 'package.json') },
  });
  say(`✘ read outside the sandbox: ${text(outside)}`);
  assert.equal(outside.isError, true);
  assert.match(text(outside), /was NOT executed: it was blocked by policy/);

  const secret = await client.callTool({
    name: 'fs__write_file',
    arguments: { path: join(workspace, '.env'), content: 'KEY=1' },
  });
  say(`✘ write a .env file: ${text(secret)}`);
  assert.equal(secret.isError, true);
  assert.ok(!existsSync(join(workspace, '.env')));

  const move = await client.callTool({
    name: 'fs__move_file',
    arguments: { source: inside, destination: `${inside}.bak` },
  });
  say(`✘ move (hidden) called anyway: ${text(move)}`);
  assert.equal(move.isError, true);

  // An edit needs a human. This client declares no elicitation, so it is queued: the call is
  // refused naming the approval id; once approved on the command line, the identical call runs.
  const edit = {
    name: 'fs__edit_file',
    arguments: { path: inside, edits: [{ oldText: '# Notes', newText: '# Approved notes' }] },
  };
  const pending = await client.callTool(edit);
  const id = /Approval ([0-9a-f-]{36}) is pending/.exec(text(pending))?.[1];
  say(`… edit queued for approval: ${id}`);
  assert.ok(id, 'the refusal names the pending approval');
  const approve = spawnSync(process.execPath, [bin, 'approve', id, '--as', 'example', '--config', config], {
    encoding: 'utf8',
  });
  assert.equal(approve.status, 0, approve.stderr);
  const approved = await client.callTool(edit);
  say(`✔ same edit after approval: ${text(approved).split('\n')[0]}`);
  assert.ok(!approved.isError);
  assert.equal(readFileSync(inside, 'utf8'), '# Approved notes\n');
} finally {
  await client.close();
}

const audit = readFileSync(join(here, '.portcullis', 'audit.jsonl'), 'utf8')
  .trim()
  .split('\n');
say(`audit: ${audit.length} records in .portcullis/audit.jsonl`);
assert.equal(audit.length, 6);
