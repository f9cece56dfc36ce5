#!/usr/bin/env node
import { runCli } from './cli.ts';

// node:sqlite (the embedded store) is stable enough for Portcullis; its ExperimentalWarning
// would only clutter the output of every command. Other warnings are still printed.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'ExperimentalWarning') process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

process.exitCode = await runCli(process.argv);
