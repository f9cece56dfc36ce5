#!/usr/bin/env node
import { runCli } from './cli.ts';

process.exitCode = await runCli(process.argv);
// Open handles (a downstream that ignores stdin closing) must not keep a stopped proxy alive.
process.exit();
