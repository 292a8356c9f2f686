// Runs a `scones` command inside the test's own process: the same commander program `bin/scones.js` runs, with
// captured stdout/stderr, its own environment and working folder. A spawned `scones` spends about two seconds
// starting node and importing the module graph before it does anything; here the graph is imported once per test
// file. Use it where the test is about what a command does; keep `runScones` (a real process) for what only a
// process shows: exit codes set by `main`, signals, closed pipes, long-running servers.
import { Readable, Writable } from 'node:stream';
import { runCli } from '../../src/cli/program.js';
import type { CliResult } from './cli.js';

export async function runSconesInProcess(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; input?: Buffer },
): Promise<CliResult> {
  const stdout = collector();
  const stderr = collector();
  const code = await runCli(args, {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin: Readable.from(options.input ? [options.input] : []),
    env: { ...process.env, SCONES_LOG_FORMAT: 'json', ...options.env },
    cwd: options.cwd,
  });
  return { code, stdout: stdout.bytes(), stderr: stderr.bytes().toString() };
}

/** A writable that keeps every byte written to it, in order. */
function collector(): { stream: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, encoding, done) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
      done();
    },
  });
  return { stream, bytes: () => Buffer.concat(chunks) };
}
