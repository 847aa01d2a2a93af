#!/usr/bin/env node
// The `cxkit` executable. Subcommands are registered in ./cli.ts (COMMANDS).
import { main } from './cli.js';
import { processIo } from './cli-io.js';

// `cxkit report ... | head` closes stdout early: that is the reader's choice, not an error.
const isBrokenPipe = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code === 'EPIPE';
process.stdout.on('error', (error) => {
  if (!isBrokenPipe(error)) throw error;
});

try {
  process.exitCode = await main(process.argv.slice(2), processIo());
} catch (error) {
  if (!isBrokenPipe(error)) throw error;
}
