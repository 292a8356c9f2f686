// Entry point: argv -> CLI (which may start the server).
import { exitQuietlyWhenOutputCloses } from './cli/closed-output.js';
import { runCli } from './cli/program.js';

exitQuietlyWhenOutputCloses([process.stdout, process.stderr]);
process.exitCode = await runCli(process.argv.slice(2));
