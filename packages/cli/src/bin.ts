#!/usr/bin/env node
// The `cxkit` executable. Subcommands are registered in ./cli.ts (COMMANDS).
import { main } from './cli.js';
import { processIo } from './cli-io.js';

process.exitCode = await main(process.argv.slice(2), processIo());
